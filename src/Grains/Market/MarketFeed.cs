using Arena.Grains.Trading;
using Microsoft.Extensions.Hosting;

namespace Arena.Grains.Market;

/// <summary>
/// What both feeds share: the silo's latest symbols, quotes and one-minute candles (swapped or locked so request
/// threads read consistent values while the feed loop writes), the subscribers' bounded channels, and the loop
/// itself (start with retries, then one <see cref="OnTimerAsync"/> per period of a PeriodicTimer; the derived feed
/// computes where it is from the clock, so a late timer never accumulates drift).
/// </summary>
public abstract partial class MarketFeed : BackgroundService, IMarketFeed
{
    /// <summary>The rolling window of the 24h statistics.</summary>
    public static readonly TimeSpan StatsWindow = TimeSpan.FromHours(24);

    private static readonly ImmutableDictionary<string, Quote> NoQuotes = ImmutableDictionary.Create<string, Quote>(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, CandleSeries> candles = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock subscribersGate = new();
    private ImmutableArray<ChannelWriter<MarketTick>> subscribers = [];
    private volatile SymbolTable symbols = new([], ImmutableDictionary<string, SymbolInfo>.Empty);
    private volatile ImmutableDictionary<string, Quote> quotes = NoQuotes;
    private long lastTickAtUtcTicks;
    private bool failing;

    protected MarketFeed(MarketOptions options, TimeProvider clock, ILogger logger)
    {
        Options = options;
        Clock = clock;
        Logger = logger;
    }

    protected MarketOptions Options { get; }

    protected TimeProvider Clock { get; }

    protected ILogger Logger { get; }

    public abstract string Source { get; }

    public IReadOnlyList<SymbolInfo> Symbols => symbols.List;

    public IReadOnlyDictionary<string, Quote> Quotes => quotes;

    /// <summary>Completes when the feed has loaded its symbols and published its first quotes.</summary>
    public Task Started => started.Task;

    /// <summary>When the latest quotes were published (null before the first tick).</summary>
    public DateTimeOffset? LastTickAt => Volatile.Read(ref lastTickAtUtcTicks) is var t && t > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    /// <summary>
    /// True when nothing has been published for three periods (and at least ten seconds, so a busy machine delaying a
    /// fast simulated tick does not flap): quotes are the last known, not current.
    /// </summary>
    public bool IsStale => LastTickAt is not { } at || Clock.GetUtcNow() - at > StaleAfter;

    private TimeSpan StaleAfter => 3 * Period > MinimumStaleAfter ? 3 * Period : MinimumStaleAfter;

    private static readonly TimeSpan MinimumStaleAfter = TimeSpan.FromSeconds(10);

    public bool TryGetSymbol(string symbol, out SymbolInfo info) => symbols.BySymbol.TryGetValue(symbol, out info!);

    public bool TryGetQuote(string symbol, out Quote quote) => quotes.TryGetValue(symbol, out quote!);

    /// <summary>Closes as published prices (candles may hold the simulation's full-precision prices).</summary>
    public IReadOnlyList<decimal> RecentCloses(string symbol, int count)
    {
        if (!candles.TryGetValue(symbol, out var series) || !TryGetSymbol(symbol, out var info)) return [];
        return series.Closes(count).Select(c => RoundPrice(info, c)).ToArray();
    }

    public MarketSubscription Subscribe(int capacity = 64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        // DropOldest: a full channel discards its oldest tick, so TryWrite never waits for a slow reader.
        var channel = Channel.CreateBounded<MarketTick>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleWriter = true,
            SingleReader = false,
        });
        lock (subscribersGate) subscribers = subscribers.Add(channel.Writer);
        return new MarketSubscription(channel.Reader, () =>
        {
            lock (subscribersGate) subscribers = subscribers.Remove(channel.Writer);
            channel.Writer.TryComplete();
        });
    }

    /// <summary>
    /// Loads symbols and publishes the first quotes, without the timer loop: the hosted loop runs it first (retrying
    /// with backoff); tests run it directly and then drive the feed by hand.
    /// </summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await StartFeedAsync(cancellationToken);
        started.TrySetResult();
    }

    /// <summary>The timer period once started.</summary>
    protected abstract TimeSpan Period { get; }

    /// <summary>Loads symbols and initial prices; an exception is logged and the start retried with backoff.</summary>
    protected abstract Task StartFeedAsync(CancellationToken cancellationToken);

    /// <summary>One timer period: move prices and publish. An exception is logged once per failing episode.</summary>
    protected abstract Task OnTimerAsync(CancellationToken cancellationToken);

    protected CandleSeries CandlesOf(string symbol) => candles.GetOrAdd(symbol, _ => new CandleSeries(StatsWindow));

    /// <summary>Replaces the symbol list; quotes and candles of symbols no longer listed are dropped.</summary>
    protected void SetSymbols(IReadOnlyList<SymbolInfo> list)
    {
        var bySymbol = list.ToImmutableDictionary(s => s.Symbol, StringComparer.Ordinal);
        symbols = new SymbolTable(list.ToImmutableArray(), bySymbol);
        foreach (var gone in candles.Keys.Where(k => !bySymbol.ContainsKey(k))) candles.TryRemove(gone, out _);
        var kept = quotes.Where(q => bySymbol.ContainsKey(q.Key)).ToImmutableDictionary(StringComparer.Ordinal);
        if (kept.Count != quotes.Count) quotes = kept;
    }

    /// <summary>Makes <paramref name="changed"/> the latest quotes and hands one tick to every subscriber, never waiting.</summary>
    protected void Publish(long sequence, DateTimeOffset at, IReadOnlyList<Quote> changed)
    {
        if (changed.Count > 0)
        {
            var builder = quotes.ToBuilder();
            foreach (var quote in changed) builder[quote.Symbol] = quote;
            quotes = builder.ToImmutable();
        }
        Volatile.Write(ref lastTickAtUtcTicks, Clock.GetUtcNow().UtcTicks);
        var tick = new MarketTick(sequence, at, changed);
        foreach (var writer in subscribers) writer.TryWrite(tick);
    }

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // SQLite's async calls complete synchronously, and a catch-up walk is CPU work: leave the host's start first.
        await Task.Yield();
        try
        {
            await StartWithRetriesAsync(stoppingToken);
            using var timer = new PeriodicTimer(Period, Clock);
            while (await timer.WaitForNextTickAsync(stoppingToken)) await RunTimerOnceAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            started.TrySetCanceled(stoppingToken);
        }
    }

    /// <summary>One timer period, with failures logged once per episode (and the recovery once).</summary>
    public async Task RunTimerOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            await OnTimerAsync(cancellationToken);
            if (failing) LogRecovered(Logger, Source);
            failing = false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (!failing) LogTickFailed(Logger, ex, Source);
            failing = true;
        }
    }

    private async Task StartWithRetriesAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                await InitializeAsync(cancellationToken);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogStartFailed(Logger, ex, Source, delay.TotalSeconds);
                await Task.Delay(delay, Clock, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMinutes(1).Ticks));
            }
        }
    }

    /// <summary><paramref name="value"/> rounded half-even to a multiple of <paramref name="step"/> (unchanged for a non-positive step).</summary>
    public static decimal RoundToStep(decimal value, decimal step) =>
        step <= 0 ? value : Math.Round(value / step, MidpointRounding.ToEven) * step;

    /// <summary>A price as published: a multiple of the tick size, and never below one tick.</summary>
    public static decimal RoundPrice(SymbolInfo symbol, decimal price) => Math.Max(RoundToStep(price, symbol.TickSize), symbol.TickSize);

    private sealed record SymbolTable(ImmutableArray<SymbolInfo> List, ImmutableDictionary<string, SymbolInfo> BySymbol);

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Source} market feed could not start; retrying in {Seconds} s")]
    private static partial void LogStartFailed(ILogger logger, Exception ex, string source, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Source} market feed is failing; quotes are kept and go stale until it recovers")]
    private static partial void LogTickFailed(ILogger logger, Exception ex, string source);

    [LoggerMessage(Level = LogLevel.Information, Message = "The {Source} market feed recovered")]
    private static partial void LogRecovered(ILogger logger, string source);
}
