using Arena.Grains.Trading;

namespace Arena.Grains.Market;

/// <summary>
/// The offline default: every configured symbol with an initial price and a volatility follows its
/// <see cref="RandomWalk"/>. Tick n is at basis.Epoch + n × interval, so each silo computes where it is from its clock
/// and walks there; silos never talk to each other and still publish the same prices for the same tick.
/// <para>
/// Start (and a symbol added later): from the symbol's checkpoint (or its initial price at tick 0) walk to the current
/// tick; the last 24 h of that walk fill the candles, and when the walk starts less than 24 h back the rest is refilled
/// from <c>market_price_history</c> (one-minute rows), so a restart keeps its closes and 24h open. What is older than
/// both is simply not known: "24h" then means since the oldest price held. While walking, every silo writes the same
/// checkpoint every <see cref="MarketOptions.CheckpointEvery"/> ticks and the same history row at every aligned
/// instant (idempotent writes: the first one wins, the rest change nothing).
/// </para>
/// A changed volatility or initial price takes effect when a symbol's walk is (re)built, i.e. at a silo's start:
/// restart every silo after changing one, or they disagree until then.
/// </summary>
public sealed partial class SimulatedMarketFeed(MarketStore store, IOptions<MarketOptions> options, TimeProvider clock, ILogger<SimulatedMarketFeed> logger)
    : MarketFeed(options.Value, clock, logger)
{
    /// <summary>Synthetic traded value per symbol and day, which sets the per-tick base volume at the initial price.</summary>
    public const decimal DailyQuoteVolume = 250_000_000m;

    private const int MaxPendingHistory = 50_000;
    private static readonly TimeSpan OneMinute = TimeSpan.FromMinutes(1);

    // Touched only by the feed loop (start, then one timer callback at a time).
    private readonly Dictionary<string, Walker> walkers = new(StringComparer.Ordinal);
    private readonly List<PriceSample> pendingHistory = [];
    private readonly Dictionary<string, MarketCheckpoint> pendingCheckpoints = new(StringComparer.Ordinal);
    private SimulationBasis? basis;
    private long currentTick = -1;
    private DateTimeOffset nextSymbolRefresh;

    public override string Source => MarketOptions.Simulated;

    /// <summary>The stored basis this silo walks by (null before start).</summary>
    public SimulationBasis? Basis => basis;

    /// <summary>The latest tick published.</summary>
    public long CurrentTick => currentTick;

    protected override TimeSpan Period => basis?.TickInterval ?? Options.TickInterval;

    protected override async Task StartFeedAsync(CancellationToken cancellationToken)
    {
        var start = Clock.GetUtcNow() - Options.SimulatedWarmup;
        var proposed = new SimulationBasis(new DateTimeOffset(start.UtcTicks - start.UtcTicks % OneMinute.Ticks, TimeSpan.Zero), Options.TickInterval, Options.Seed);
        basis = await store.GetOrCreateBasisAsync(proposed, cancellationToken);
        if (basis.TickInterval != Options.TickInterval || basis.Seed != Options.Seed)
            LogBasisDiffers(Logger, basis.TickInterval, basis.Seed, Options.TickInterval, Options.Seed);
        await AdvanceAsync(cancellationToken);
    }

    protected override Task OnTimerAsync(CancellationToken cancellationToken) => AdvanceAsync(cancellationToken);

    /// <summary>
    /// Walks every symbol to the clock's tick, publishes it, and writes due history rows and checkpoints. Called by the
    /// timer; tests call it directly (with a controlled clock) instead of waiting.
    /// </summary>
    public async Task AdvanceAsync(CancellationToken cancellationToken = default)
    {
        var b = basis ?? throw new InvalidOperationException("The feed has not started.");
        var now = Clock.GetUtcNow();
        var tick = b.TickAt(now);
        if (now >= nextSymbolRefresh)
        {
            await SyncSymbolsAsync(b, tick, cancellationToken);
            nextSymbolRefresh = now + Options.SymbolRefreshInterval;
        }
        if (tick > currentTick || walkers.Values.Any(w => w.Walk.Tick < tick))
        {
            foreach (var walker in walkers.Values) WalkTo(b, walker, tick);
            currentTick = tick;
            var at = b.TimeOf(tick);
            Publish(tick, at, Symbols.Select(s => QuoteOf(walkers[s.Symbol], at)).ToArray());
        }
        await FlushAsync(cancellationToken);
    }

    private async Task SyncSymbolsAsync(SimulationBasis b, long tick, CancellationToken cancellationToken)
    {
        var configured = (await store.LoadSymbolsAsync(cancellationToken)).Where(s => s.IsSimulatable).ToArray();
        var names = configured.Select(s => s.Info.Symbol).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in walkers.Keys.Where(k => !names.Contains(k)).ToArray()) walkers.Remove(gone);

        var added = configured.Where(s => !walkers.ContainsKey(s.Info.Symbol)).ToArray();
        if (added.Length > 0)
        {
            var checkpoints = await store.LoadCheckpointsAsync(cancellationToken);
            var watch = Stopwatch.StartNew();
            long walked = 0;
            foreach (var symbol in added)
            {
                var walker = await CreateWalkerAsync(b, symbol, checkpoints.GetValueOrDefault(symbol.Info.Symbol), tick, cancellationToken);
                walked += tick - walker.Walk.Tick;
                WalkTo(b, walker, tick);
                walkers[symbol.Info.Symbol] = walker;
            }
            LogCaughtUp(Logger, added.Length, walked, watch.ElapsedMilliseconds);
        }
        // Precision edits apply at once (they only change rounding); the walk itself is kept.
        foreach (var symbol in configured) walkers[symbol.Info.Symbol].Info = symbol.Info;
        SetSymbols(configured.Select(s => s.Info).ToArray());
    }

    private async Task<Walker> CreateWalkerAsync(SimulationBasis b, MarketSymbol symbol, MarketCheckpoint? checkpoint, long tick, CancellationToken cancellationToken)
    {
        var (startTick, startPrice) = checkpoint is { } c && c.Tick <= tick && c.Price > 0 ? (c.Tick, c.Price) : (0L, symbol.InitialPrice!.Value);
        var volumePerTick = DailyQuoteVolume / symbol.InitialPrice!.Value * b.TickInterval.Ticks / TimeSpan.TicksPerDay;
        var walk = new SimulatedWalk(b.Seed, symbol.Info.Symbol, symbol.AnnualVolatility!.Value, b.TickInterval, startTick, startPrice, volumePerTick);
        var walker = new Walker(symbol.Info, walk, CandlesOf(symbol.Info.Symbol));
        walker.Candles.Reset([]);

        var windowStart = b.TimeOf(tick) - StatsWindow;
        var startAt = b.TimeOf(startTick);
        // History rows are the closes of one-minute candles only when they are recorded every minute.
        if (Options.HistoryInterval == OneMinute && startAt > windowStart)
        {
            foreach (var row in await store.LoadHistoryAsync(symbol.Info.Symbol, windowStart - OneMinute, startAt, cancellationToken))
                walker.Candles.AddCandle(new Candle(row.TakenAt, row.Price, row.Price, row.Price, row.Price, VolumeOfMinuteEndingAt(b, walk, row.TakenAt)));
        }
        if (startAt > windowStart && (walker.Candles.NewestEnd is not { } newest || newest < CandleSeries.CandleEnd(startAt)))
        {
            // The start tick opens a candle part-way: count the volume of its minute's earlier ticks too.
            var minuteStart = CandleSeries.CandleEnd(startAt) - OneMinute;
            walker.Candles.Add(startAt, walk.Price, VolumeOfTicks(walk, FirstTickAfter(b, minuteStart), startTick));
        }

        // History rows from here on: the first aligned instant at or after the start tick and inside the window.
        walker.NextHistoryAt = AlignUp(Max(startAt, windowStart), Options.HistoryInterval);
        walker.NextHistoryTick = b.TickAt(walker.NextHistoryAt);
        if (walker.NextHistoryTick == startTick) EmitHistory(walker);
        return walker;
    }

    private void WalkTo(SimulationBasis b, Walker walker, long tick)
    {
        var walk = walker.Walk;
        var windowStartTick = tick - StatsWindow.Ticks / b.TickInterval.Ticks;
        var every = Options.CheckpointEvery;
        while (walk.Tick < tick)
        {
            walk.Step();
            var k = walk.Tick;
            if (k > windowStartTick) walker.Candles.Add(b.TimeOf(k), walk.Price, walk.VolumeAt(k));
            while (k >= walker.NextHistoryTick)
            {
                if (k == walker.NextHistoryTick) EmitHistory(walker);
                else NextHistory(walker);
            }
            if (k % every == 0) pendingCheckpoints[walker.Info.Symbol] = new MarketCheckpoint(walker.Info.Symbol, k, walk.Price);
        }
    }

    private static Quote QuoteOf(Walker walker, DateTimeOffset at)
    {
        var info = walker.Info;
        var price = walker.Walk.Price;
        var stats = walker.Candles.Stats() ?? new WindowStats(price, price, price, 0);
        return new Quote(info.Symbol, RoundPrice(info, price), RoundPrice(info, stats.Open), RoundPrice(info, stats.High),
            RoundPrice(info, stats.Low), RoundToStep(stats.Volume, info.StepSize), at);
    }

    /// <summary>The volume of the ticks in (end − 1 minute, end]: what a silo that walked that minute counted.</summary>
    private static decimal VolumeOfMinuteEndingAt(SimulationBasis b, SimulatedWalk walk, DateTimeOffset end) =>
        end < b.Epoch ? 0 : VolumeOfTicks(walk, FirstTickAfter(b, end - OneMinute), b.TickAt(end));

    private static decimal VolumeOfTicks(SimulatedWalk walk, long from, long to)
    {
        decimal volume = 0;
        for (var k = from; k <= to; k++) volume += walk.VolumeAt(k);
        return volume;
    }

    /// <summary>The first tick strictly after <paramref name="at"/> (tick 0 for any instant before the epoch).</summary>
    private static long FirstTickAfter(SimulationBasis b, DateTimeOffset at) => at < b.Epoch ? 0 : b.TickAt(at) + 1;

    /// <summary>Queues the row of the walker's next aligned instant at the walk's current price, then moves to the next instant.</summary>
    private void EmitHistory(Walker walker)
    {
        if (pendingHistory.Count >= MaxPendingHistory) pendingHistory.RemoveAt(0);
        pendingHistory.Add(new PriceSample(walker.Info.Symbol, walker.NextHistoryAt, RoundPrice(walker.Info, walker.Walk.Price)));
        NextHistory(walker);
    }

    private void NextHistory(Walker walker)
    {
        walker.NextHistoryAt += Options.HistoryInterval;
        walker.NextHistoryTick = basis!.TickAt(walker.NextHistoryAt);
    }

    /// <summary>Writes what is due; on failure it stays queued (bounded) for the next tick and the failure surfaces once.</summary>
    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (pendingHistory.Count > 0)
        {
            await store.SaveHistoryAsync(pendingHistory, cancellationToken);
            pendingHistory.Clear();
        }
        if (pendingCheckpoints.Count > 0)
        {
            await store.SaveCheckpointsAsync(pendingCheckpoints.Values, cancellationToken);
            pendingCheckpoints.Clear();
        }
    }

    private static DateTimeOffset AlignUp(DateTimeOffset at, TimeSpan interval)
    {
        var remainder = at.UtcTicks % interval.Ticks;
        return new DateTimeOffset(at.UtcTicks - remainder + (remainder == 0 ? 0 : interval.Ticks), TimeSpan.Zero);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private sealed class Walker(SymbolInfo info, SimulatedWalk walk, CandleSeries candles)
    {
        public SymbolInfo Info { get; set; } = info;
        public SimulatedWalk Walk { get; } = walk;
        public CandleSeries Candles { get; } = candles;
        public DateTimeOffset NextHistoryAt { get; set; }
        public long NextHistoryTick { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "This database's simulation runs at {StoredInterval} with seed {StoredSeed} (app_settings 'market.simulation'); the configured {ConfiguredInterval} / {ConfiguredSeed} are ignored so every silo walks the same path")]
    private static partial void LogBasisDiffers(ILogger logger, TimeSpan storedInterval, long storedSeed, TimeSpan configuredInterval, long configuredSeed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulated market: {Symbols} symbol(s) caught up over {Ticks} ticks in {Milliseconds} ms")]
    private static partial void LogCaughtUp(ILogger logger, int symbols, long ticks, long milliseconds);
}
