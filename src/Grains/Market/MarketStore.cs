using Arena.Grains.Trading;

namespace Arena.Grains.Market;

/// <summary>A configured symbol: exchange precisions plus, for the simulation, where and how wildly it walks.</summary>
public sealed record MarketSymbol(SymbolInfo Info, decimal? InitialPrice, decimal? AnnualVolatility)
{
    public bool IsSimulatable => InitialPrice > 0 && AnnualVolatility >= 0;
}

/// <summary>One symbol's walk position as stored in <c>market_checkpoints</c> (full internal precision).</summary>
public sealed record MarketCheckpoint(string Symbol, long Tick, decimal Price);

/// <summary>A price at an instant aligned to the history interval.</summary>
public sealed record PriceSample(string Symbol, DateTimeOffset TakenAt, decimal Price);

/// <summary>
/// What the simulation's tick indexes mean: tick n is at <see cref="Epoch"/> + n × <see cref="TickInterval"/> and
/// its prices come from <see cref="Seed"/>. Stored once per database (the first silo to start wins), so every silo
/// and every restart walks the same path, whatever each one's configuration says.
/// </summary>
public sealed record SimulationBasis(DateTimeOffset Epoch, TimeSpan TickInterval, long Seed)
{
    public long TickAt(DateTimeOffset now) => now <= Epoch ? 0 : (now - Epoch).Ticks / TickInterval.Ticks;

    public DateTimeOffset TimeOf(long tick) => Epoch + TimeSpan.FromTicks(tick * TickInterval.Ticks);
}

/// <summary>The market's SQL: symbols, the simulation basis, checkpoints and price history. Every write is idempotent.</summary>
public sealed class MarketStore(Database database, TimeProvider clock)
{
    public const string SimulationBasisKey = "market.simulation";

    private const int HistoryBatch = 200;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<MarketSymbol>> LoadSymbolsAsync(CancellationToken cancellationToken = default)
    {
        var rows = await database.ReadAsync(c => c.QueryAsync<SymbolRow>("""
            SELECT symbol, base_asset, quote_asset, price_precision, quantity_precision, tick_size, step_size,
                   min_quantity, min_notional, initial_price, annual_volatility
            FROM market_symbols WHERE is_active = true ORDER BY symbol
            """), cancellationToken);
        return rows.Select(r => r.ToSymbol()).ToArray();
    }

    /// <summary>Inserts <paramref name="symbols"/> when <c>market_symbols</c> is empty (in the caller's transaction); returns how many.</summary>
    public static async Task<int> SeedSymbolsIfEmptyAsync(Tx tx, IReadOnlyList<MarketSymbol> symbols, DateTimeOffset now) =>
        await tx.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM market_symbols") > 0 ? 0 : await AddSymbolsIfAbsentAsync(tx, symbols, isActive: true, now);

    /// <summary>Inserts the symbols not configured yet, in the caller's transaction; returns how many. A configured symbol is left as it is.</summary>
    public static async Task<int> AddSymbolsIfAbsentAsync(Tx tx, IEnumerable<MarketSymbol> symbols, bool isActive, DateTimeOffset now)
    {
        var inserted = 0;
        foreach (var s in symbols)
        {
            inserted += await tx.ExecuteAsync("""
                INSERT INTO market_symbols (symbol, base_asset, quote_asset, price_precision, quantity_precision, tick_size,
                    step_size, min_quantity, min_notional, initial_price, annual_volatility, is_active, updated_at)
                VALUES (@Symbol, @BaseAsset, @QuoteAsset, @PricePrecision, @QuantityPrecision, @TickSize,
                    @StepSize, @MinQuantity, @MinNotional, @initialPrice, @annualVolatility, @isActive, @now)
                ON CONFLICT (symbol) DO NOTHING
                """, new
            {
                s.Info.Symbol, s.Info.BaseAsset, s.Info.QuoteAsset, s.Info.PricePrecision, s.Info.QuantityPrecision, s.Info.TickSize,
                s.Info.StepSize, s.Info.MinQuantity, s.Info.MinNotional, initialPrice = s.InitialPrice, annualVolatility = s.AnnualVolatility, isActive, now,
            });
        }
        return inserted;
    }

    /// <summary>The demo symbols (<see cref="MarketSeed.DemoSymbols"/>) when the table is empty, in their own transaction.</summary>
    public Task<int> SeedDemoSymbolsAsync(CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(tx => SeedSymbolsIfEmptyAsync(tx, MarketSeed.DemoSymbols(), clock.Now()), cancellationToken);

    /// <summary>
    /// The stored basis, or <paramref name="proposed"/> stored as it when this is the database's first start. Two silos
    /// starting together both insert-if-absent and read back, so they agree.
    /// </summary>
    public async Task<SimulationBasis> GetOrCreateBasisAsync(SimulationBasis proposed, CancellationToken cancellationToken = default)
    {
        var value = JsonSerializer.Serialize(new BasisJson(proposed.Epoch, proposed.TickInterval.Ticks, proposed.Seed), Json);
        var stored = await database.InTransactionAsync(async tx =>
        {
            await AppSettings.StoreAsync(tx, SimulationBasisKey, value, clock.Now(), replace: false);
            return await AppSettings.ValueAsync(tx, SimulationBasisKey)
                ?? throw new InvalidOperationException($"app_settings '{SimulationBasisKey}' was neither stored nor found");
        }, cancellationToken);
        var basis = JsonSerializer.Deserialize<BasisJson>(stored, Json);
        if (basis is null || basis.TickIntervalTicks <= 0)
            throw new InvalidOperationException($"app_settings '{SimulationBasisKey}' is not a simulation basis: {stored}");
        return new SimulationBasis(basis.Epoch, TimeSpan.FromTicks(basis.TickIntervalTicks), basis.Seed);
    }

    public async Task<IReadOnlyDictionary<string, MarketCheckpoint>> LoadCheckpointsAsync(CancellationToken cancellationToken = default)
    {
        var rows = await database.ReadAsync(c => c.QueryAsync<(string Symbol, long Tick, decimal Price)>(
            "SELECT symbol, tick, price FROM market_checkpoints"), cancellationToken);
        return rows.ToDictionary(r => r.Symbol, r => new MarketCheckpoint(r.Symbol, r.Tick, r.Price), StringComparer.Ordinal);
    }

    /// <summary>Moves each checkpoint forward only: a slower silo writing an older tick changes nothing.</summary>
    public Task SaveCheckpointsAsync(IReadOnlyCollection<MarketCheckpoint> checkpoints, CancellationToken cancellationToken = default)
    {
        if (checkpoints.Count == 0) return Task.CompletedTask;
        var now = clock.Now();
        return database.InTransactionAsync(async tx =>
        {
            foreach (var c in checkpoints)
                await tx.ExecuteAsync("""
                    INSERT INTO market_checkpoints (symbol, tick, price, updated_at) VALUES (@Symbol, @Tick, @Price, @now)
                    ON CONFLICT (symbol) DO UPDATE SET tick = excluded.tick, price = excluded.price, updated_at = excluded.updated_at
                    WHERE market_checkpoints.tick < excluded.tick
                    """, new { c.Symbol, c.Tick, c.Price, now });
        }, cancellationToken);
    }

    /// <summary>Inserts samples whose (symbol, instant) is not stored yet: the first writer of an instant wins.</summary>
    public Task SaveHistoryAsync(IReadOnlyList<PriceSample> samples, CancellationToken cancellationToken = default)
    {
        if (samples.Count == 0) return Task.CompletedTask;
        return database.InTransactionAsync(async tx =>
        {
            // SQLite binds parameters by name in linear time, so one prepared row at a time is its fast path;
            // PostgreSQL pays a round trip per statement, so it gets multi-row statements.
            if (tx.Dialect == SqlDialect.Sqlite)
            {
                await InsertHistoryRowByRowAsync(tx, samples);
                return;
            }
            foreach (var chunk in samples.Chunk(HistoryBatch))
            {
                var sql = new StringBuilder("INSERT INTO market_price_history (symbol, taken_at, price) VALUES ");
                var parameters = new DynamicParameters();
                for (var i = 0; i < chunk.Length; i++)
                {
                    sql.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"(@s{i}, @t{i}, @p{i})");
                    parameters.Add($"s{i}", chunk[i].Symbol);
                    parameters.Add($"t{i}", chunk[i].TakenAt);
                    parameters.Add($"p{i}", chunk[i].Price);
                }
                sql.Append(" ON CONFLICT (symbol, taken_at) DO NOTHING");
                await tx.ExecuteAsync(sql.ToString(), parameters);
            }
        }, cancellationToken);
    }

    private static async Task InsertHistoryRowByRowAsync(Tx tx, IReadOnlyList<PriceSample> samples)
    {
        await using var command = tx.Connection.CreateCommand();
        command.Transaction = tx.Transaction;
        command.CommandText = "INSERT INTO market_price_history (symbol, taken_at, price) VALUES ($symbol, $taken_at, $price) ON CONFLICT (symbol, taken_at) DO NOTHING";
        var symbol = Parameter(command, "$symbol");
        var takenAt = Parameter(command, "$taken_at");
        var price = Parameter(command, "$price");
        foreach (var sample in samples)
        {
            // The same text forms as DbTypeHandlers writes: exact decimals, fixed-width UTC timestamps.
            symbol.Value = sample.Symbol;
            takenAt.Value = DbTypeHandlers.ToStoragePrecision(sample.TakenAt).ToString(DbTypeHandlers.SqliteTimestampFormat, CultureInfo.InvariantCulture);
            price.Value = sample.Price.ToString(CultureInfo.InvariantCulture);
            await command.ExecuteNonQueryAsync();
        }
    }

    private static DbParameter Parameter(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>One symbol's recorded prices with <paramref name="from"/> &lt; taken_at ≤ <paramref name="to"/>, oldest first.</summary>
    public async Task<IReadOnlyList<PriceSample>> LoadHistoryAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var rows = await database.ReadAsync(c => c.QueryAsync<(DateTimeOffset TakenAt, decimal Price)>(
            "SELECT taken_at, price FROM market_price_history WHERE symbol = @symbol AND taken_at > @from AND taken_at <= @to ORDER BY taken_at",
            new { symbol, from, to }), cancellationToken);
        return rows.Select(r => new PriceSample(symbol, r.TakenAt, r.Price)).ToArray();
    }

    private sealed record BasisJson(DateTimeOffset Epoch, long TickIntervalTicks, long Seed);

    private sealed class SymbolRow
    {
        public string Symbol { get; init; } = "";
        public string BaseAsset { get; init; } = "";
        public string QuoteAsset { get; init; } = "";
        public int PricePrecision { get; init; }
        public int QuantityPrecision { get; init; }
        public decimal TickSize { get; init; }
        public decimal StepSize { get; init; }
        public decimal MinQuantity { get; init; }
        public decimal MinNotional { get; init; }
        public decimal? InitialPrice { get; init; }
        public decimal? AnnualVolatility { get; init; }

        public MarketSymbol ToSymbol() => new(
            new SymbolInfo(Symbol, BaseAsset, QuoteAsset, PricePrecision, QuantityPrecision, TickSize, StepSize, MinQuantity, MinNotional),
            InitialPrice, AnnualVolatility);
    }
}
