using Arena.Grains.Trading;

namespace Arena.Grains.Market;

/// <summary>
/// Live prices from a Binance USDⓈ-M Futures compatible API (<see cref="MarketOptions.BinanceBaseUrl"/>).
/// <list type="bullet">
/// <item>Symbols: exchangeInfo's TRADING USDT perpetuals, narrowed to the active <c>market_symbols</c> rows when there
/// are any. If exchangeInfo cannot be read at start, the rows' own precisions are used until it can.</item>
/// <item>Quotes: the all-symbols 24h ticker every period (never closer than <see cref="MarketOptions.BinanceMinPollInterval"/>);
/// a failed poll keeps the last quotes, which go stale (<see cref="MarketFeed.IsStale"/>).</item>
/// <item>Recent closes: one-minute klines, read for a couple of symbols per poll (new symbols first, then each symbol
/// once per <see cref="MarketOptions.BinanceKlinesRefreshInterval"/>), extended in between by the polled prices.</item>
/// <item>HTTP 429/418: nothing is sent until Retry-After has passed; logged once per episode.</item>
/// <item>History: the first successful poll at or after each aligned instant writes that instant's row (first writer wins).</item>
/// </list>
/// </summary>
public sealed partial class BinanceMarketFeed(BinanceMarketClient client, MarketStore store, IOptions<MarketOptions> options, TimeProvider clock, ILogger<BinanceMarketFeed> logger)
    : MarketFeed(options.Value, clock, logger)
{
    private static readonly TimeSpan ExchangeInfoRefresh = TimeSpan.FromHours(1);
    private const int KlineLimit = 1440;

    /// <summary>
    /// A 1,440-candle klines request weighs 10: two per poll keep klines under 400 of the 2,400 weight per minute even
    /// with every perpetual listed (ten symbols fill within five polls).
    /// </summary>
    private const int KlinesPerPoll = 2;

    // Touched only by the feed loop.
    private IReadOnlyList<MarketSymbol> configured = [];
    private IReadOnlyList<BinanceSymbol>? exchangeSymbols;
    private DateTimeOffset nextSymbolRefresh;
    private DateTimeOffset nextExchangeInfo;
    private DateTimeOffset nextKlines;
    private readonly Queue<string> klinesDue = new();
    private DateTimeOffset lastHistoryAt;
    private DateTimeOffset backoffUntil;
    private bool rateLimited;

    public override string Source => MarketOptions.Binance;

    protected override TimeSpan Period => Options.TickInterval > Options.BinanceMinPollInterval ? Options.TickInterval : Options.BinanceMinPollInterval;

    protected override async Task StartFeedAsync(CancellationToken cancellationToken)
    {
        configured = await store.LoadSymbolsAsync(cancellationToken);
        try
        {
            await RefreshExchangeInfoAsync(Options.BinanceMaxRetries, cancellationToken);
        }
        catch (Exception ex) when (ex is BinanceUnavailableException or BinanceRateLimitedException && configured.Count > 0)
        {
            // Precisions from the database until exchangeInfo can be read (retried each period).
            LogExchangeInfoFallback(Logger, ex);
            SetSymbols(configured.Select(s => s.Info).ToArray());
        }
        nextSymbolRefresh = Clock.GetUtcNow() + Options.SymbolRefreshInterval;
        await PollAsync(cancellationToken);
    }

    protected override Task OnTimerAsync(CancellationToken cancellationToken) => PollAsync(cancellationToken);

    /// <summary>One period: refresh symbols and klines when due, poll the tickers, publish, record history.</summary>
    public async Task PollAsync(CancellationToken cancellationToken = default)
    {
        var now = Clock.GetUtcNow();
        if (now < backoffUntil) return;
        try
        {
            if (now >= nextSymbolRefresh)
            {
                var rows = await store.LoadSymbolsAsync(cancellationToken);
                var changed = !rows.Select(r => r.Info.Symbol).SequenceEqual(configured.Select(c => c.Info.Symbol));
                configured = rows;
                nextSymbolRefresh = now + Options.SymbolRefreshInterval;
                if (changed) nextExchangeInfo = now;
            }
            if (exchangeSymbols is null || now >= nextExchangeInfo)
            {
                try
                {
                    await RefreshExchangeInfoAsync(0, cancellationToken);
                }
                catch (BinanceUnavailableException) when (Symbols.Count > 0)
                {
                    // Keep trading on the symbols known; try again in a minute rather than every poll.
                    nextExchangeInfo = now + TimeSpan.FromMinutes(1);
                }
            }
            await RefreshKlinesAsync(now, cancellationToken);

            var tickers = await client.GetTickersAsync(cancellationToken);
            PublishTickers(tickers, Clock.GetUtcNow());
            await RecordHistoryAsync(Clock.GetUtcNow(), cancellationToken);
            if (rateLimited) LogRateLimitOver(Logger);
            rateLimited = false;
        }
        catch (BinanceRateLimitedException ex)
        {
            backoffUntil = Clock.GetUtcNow() + ex.RetryAfter;
            if (!rateLimited) LogRateLimited(Logger, ex.Status, ex.RetryAfter);
            rateLimited = true;
        }
    }

    private async Task RefreshExchangeInfoAsync(int retries, CancellationToken cancellationToken)
    {
        var all = await client.GetExchangeInfoAsync(retries, cancellationToken);
        exchangeSymbols = all;
        nextExchangeInfo = Clock.GetUtcNow() + ExchangeInfoRefresh;
        var tradable = all.Where(s => s.IsTradableUsdtPerpetual).ToDictionary(s => s.Info.Symbol, s => s.Info, StringComparer.Ordinal);
        IReadOnlyList<SymbolInfo> chosen;
        if (configured.Count == 0) chosen = tradable.Values.OrderBy(s => s.Symbol, StringComparer.Ordinal).ToArray();
        else
        {
            chosen = configured.Where(c => tradable.ContainsKey(c.Info.Symbol)).Select(c => tradable[c.Info.Symbol]).ToArray();
            var missing = configured.Where(c => !tradable.ContainsKey(c.Info.Symbol)).Select(c => c.Info.Symbol).ToArray();
            if (missing.Length > 0) LogNotTradable(Logger, string.Join(", ", missing));
        }
        var before = Symbols.Select(s => s.Symbol).ToHashSet(StringComparer.Ordinal);
        SetSymbols(chosen);
        // New symbols get their closes first, ahead of the periodic round.
        var added = chosen.Where(s => !before.Contains(s.Symbol)).Select(s => s.Symbol).ToArray();
        if (added.Length > 0)
        {
            var rest = klinesDue.Where(s => !added.Contains(s)).ToArray();
            klinesDue.Clear();
            foreach (var symbol in added.Concat(rest)) klinesDue.Enqueue(symbol);
        }
    }

    /// <summary>Re-reads the klines of the next few symbols due; every symbol comes round once per refresh interval.</summary>
    private async Task RefreshKlinesAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (klinesDue.Count == 0 && now >= nextKlines)
        {
            foreach (var symbol in Symbols) klinesDue.Enqueue(symbol.Symbol);
            nextKlines = now + Options.BinanceKlinesRefreshInterval;
        }
        for (var i = 0; i < KlinesPerPoll && klinesDue.TryPeek(out var symbol); i++)
        {
            if (TryGetSymbol(symbol, out _))
            {
                try
                {
                    var klines = await client.GetKlinesAsync(symbol, KlineLimit, Options.BinanceMaxRetries, cancellationToken);
                    // The newest kline is usually still open: only closed minutes become closes.
                    CandlesOf(symbol).Reset(klines.Where(k => k.CloseTime < now)
                        .Select(k => new Candle(k.OpenTime + TimeSpan.FromMinutes(1), k.Open, k.High, k.Low, k.Close, k.Volume)));
                }
                catch (BinanceUnavailableException ex)
                {
                    LogKlinesFailed(Logger, ex, symbol);
                }
            }
            // Dequeued only after the attempt: a 429 leaves the symbol first in line for after the backoff.
            klinesDue.Dequeue();
        }
    }

    private void PublishTickers(IReadOnlyList<BinanceTicker> tickers, DateTimeOffset now)
    {
        var changed = new List<Quote>();
        foreach (var t in tickers)
        {
            if (!TryGetSymbol(t.Symbol, out var info)) continue;
            var quote = new Quote(t.Symbol, t.LastPrice, t.OpenPrice, t.HighPrice, t.LowPrice, t.Volume, t.CloseTime);
            CandlesOf(t.Symbol).Add(now, t.LastPrice);
            if (TryGetQuote(t.Symbol, out var previous) && previous with { At = quote.At } == quote) continue;
            changed.Add(quote);
        }
        changed.Sort((a, b) => string.CompareOrdinal(a.Symbol, b.Symbol));
        Publish(now.ToUnixTimeMilliseconds() / (long)Period.TotalMilliseconds, now, changed);
    }

    private async Task RecordHistoryAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = new DateTimeOffset(now.UtcTicks - now.UtcTicks % Options.HistoryInterval.Ticks, TimeSpan.Zero);
        if (at <= lastHistoryAt) return;
        var samples = Quotes.Values.OrderBy(q => q.Symbol, StringComparer.Ordinal).Select(q => new PriceSample(q.Symbol, at, q.Price)).ToArray();
        await store.SaveHistoryAsync(samples, cancellationToken);
        lastHistoryAt = at;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Binance exchangeInfo is unavailable; using the precisions in market_symbols until it answers")]
    private static partial void LogExchangeInfoFallback(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Configured symbols that are not tradable USDT perpetuals on the exchange are left out: {Symbols}")]
    private static partial void LogNotTradable(ILogger logger, string symbols);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the klines of {Symbol}; its recent closes are kept as they were")]
    private static partial void LogKlinesFailed(ILogger logger, Exception ex, string symbol);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Binance answered HTTP {Status}: no requests for {RetryAfter}; quotes are kept and go stale meanwhile")]
    private static partial void LogRateLimited(ILogger logger, int status, TimeSpan retryAfter);

    [LoggerMessage(Level = LogLevel.Information, Message = "Binance rate limit episode over; polling again")]
    private static partial void LogRateLimitOver(ILogger logger);
}
