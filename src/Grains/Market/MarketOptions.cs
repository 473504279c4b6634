namespace Arena.Grains.Market;

/// <summary>Configuration section <c>Arena:Market</c>.</summary>
public sealed class MarketOptions
{
    public const string Section = "Arena:Market";

    public const string Simulated = "simulated";
    public const string Binance = "binance";

    /// <summary><c>simulated</c> (deterministic random walk, no network) or <c>binance</c> (Binance-compatible REST).</summary>
    public string Source { get; set; } = Simulated;

    /// <summary>
    /// How often prices move (simulated) or are polled (binance). For the simulation the value the database was first
    /// started with wins (see <see cref="SimulationBasis"/>), so every silo walks the same path.
    /// </summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// On a database's first start the simulation's epoch is placed this far in the past, so the market already
    /// has this much price history (one-minute closes for the strategies and prompts, 24h statistics) instead of
    /// starting flat. Catching it up costs milliseconds per hour of 1 s ticks.
    /// </summary>
    public TimeSpan SimulatedWarmup { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The simulation's seed; like <see cref="TickInterval"/>, fixed by the first start on a database.</summary>
    public long Seed { get; set; } = 20_240_601;

    /// <summary>How often every symbol's price is recorded into <c>market_price_history</c> (aligned to this interval).</summary>
    public TimeSpan HistoryInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The simulation writes each symbol's walk position to <c>market_checkpoints</c> every this many ticks.</summary>
    public int CheckpointEvery { get; set; } = 600;

    /// <summary>How often <c>market_symbols</c> is re-read, so symbols added or deactivated by an admin take effect.</summary>
    public TimeSpan SymbolRefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    public string BinanceBaseUrl { get; set; } = "https://fapi.binance.com";

    /// <summary>Per-request timeout against <see cref="BinanceBaseUrl"/>.</summary>
    public TimeSpan BinanceTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries (with exponential backoff) of a failed start-up or kline request; ticker polls are not retried.</summary>
    public int BinanceMaxRetries { get; set; } = 2;

    /// <summary>
    /// The all-symbols 24h ticker weighs 40 of Binance's 2,400 per minute and IP: polls are never closer than this
    /// (the default keeps the feed at a third of the limit).
    /// </summary>
    public TimeSpan BinanceMinPollInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How often the one-minute klines are re-read to correct the closes built from polled prices.</summary>
    public TimeSpan BinanceKlinesRefreshInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A larger response body is refused (exchangeInfo for every symbol is about 1.5 MB).</summary>
    public int BinanceMaxResponseBytes { get; set; } = 8 * 1024 * 1024;

    public bool IsBinance => string.Equals(Source.Trim(), Binance, StringComparison.OrdinalIgnoreCase);

    /// <summary>Null when the options are usable, else the reason (checked at start).</summary>
    public string? Validate()
    {
        var source = Source.Trim().ToLowerInvariant();
        if (source is not (Simulated or Binance)) return $"{Section}:Source must be '{Simulated}' or '{Binance}', not '{Source}'.";
        if (TickInterval < TimeSpan.FromMilliseconds(10) || TickInterval > TimeSpan.FromHours(1))
            return $"{Section}:TickInterval must be between 00:00:00.010 and 01:00:00.";
        if (HistoryInterval < TimeSpan.FromSeconds(1) || HistoryInterval > TimeSpan.FromDays(1))
            return $"{Section}:HistoryInterval must be between 00:00:01 and 1.00:00:00.";
        if (CheckpointEvery < 1) return $"{Section}:CheckpointEvery must be positive.";
        if (SimulatedWarmup < TimeSpan.Zero || SimulatedWarmup > TimeSpan.FromDays(7))
            return $"{Section}:SimulatedWarmup must be between 00:00:00 and 7.00:00:00.";
        if (SymbolRefreshInterval < TimeSpan.FromSeconds(1)) return $"{Section}:SymbolRefreshInterval must be at least 00:00:01.";
        if (!Uri.TryCreate(BinanceBaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return $"{Section}:BinanceBaseUrl must be an absolute http(s) URL.";
        if (BinanceMinPollInterval < TimeSpan.Zero || BinanceKlinesRefreshInterval < TimeSpan.FromMinutes(1))
            return $"{Section}:BinanceMinPollInterval must not be negative and BinanceKlinesRefreshInterval must be at least 00:01:00.";
        if (BinanceTimeout <= TimeSpan.Zero || BinanceMaxRetries is < 0 or > 10 || BinanceMaxResponseBytes < 1024)
            return $"{Section}: BinanceTimeout must be positive, BinanceMaxRetries 0-10 and BinanceMaxResponseBytes at least 1024.";
        return null;
    }
}
