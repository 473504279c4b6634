namespace Arena.Grains.Desk;

/// <summary>A ledger row of <c>copy_trade_fills</c>: what one run did with one bot fill.</summary>
[GenerateSerializer, Immutable]
public sealed record CopyFillRecord(
    [Id(0)] long Id,
    [Id(1)] Guid RunId,
    [Id(2)] long SourceTradeId,
    [Id(3)] long SourcePositionId,
    [Id(4)] string Fill,
    [Id(5)] string Outcome,
    [Id(6)] string? Reason,
    [Id(7)] string? Detail,
    [Id(8)] Guid? QuickTradeId,
    [Id(9)] DateTimeOffset CreatedAt);

/// <summary>
/// SQL of <c>copy_trade_runs</c> and <c>copy_trade_fills</c>, the copy runs' part of the desk aggregate. Writes run
/// inside the desk's version-checked transaction; every statement is scoped by <c>user_id</c>.
/// </summary>
public static class CopyRunRows
{
    public const string RunColumns = """
        id, bot_id, status, sizing_mode, sizing_fraction, sizing_notional, max_leverage, max_open_positions, price_tolerance_bps,
        symbols, external_id, after_trade_id, created_at, published_at, updated_at, stopped_at
        """;

    public static Task InsertAsync(Tx tx, Guid userId, CopyRun run) =>
        tx.ExecuteAsync($"""
            INSERT INTO copy_trade_runs (user_id, {RunColumns})
            VALUES (@userId, @Id, @BotId, @status, @mode, @Fraction, @Notional, @MaxLeverage, @MaxOpenPositions, @PriceToleranceBps,
                    @symbols, @ExternalId, @AfterTradeId, @CreatedAt, @PublishedAt, @UpdatedAt, @StoppedAt)
            """, Parameters(userId, run));

    public static Task UpdateStatusAsync(Tx tx, Guid userId, CopyRun run) =>
        tx.ExecuteAsync("""
            UPDATE copy_trade_runs SET status = @status, after_trade_id = @AfterTradeId, published_at = @PublishedAt,
                updated_at = @UpdatedAt, stopped_at = @StoppedAt
            WHERE id = @Id AND user_id = @userId
            """, Parameters(userId, run));

    /// <summary>
    /// The bot's newest trade id (0 when it has none; a run published now follows only fills above it) and its newest
    /// signal, if any (what the publish's <c>copy</c> signal action points at).
    /// </summary>
    public static Task<(long TradeId, long? SignalId)> LatestOfBotAsync(Database database, string botId) =>
        database.ReadAsync(async c => (
            await c.ExecuteScalarAsync<long?>("SELECT max(id) FROM trades WHERE bot_id = @botId", new { botId }) ?? 0,
            await c.ExecuteScalarAsync<long?>("SELECT max(id) FROM signals WHERE bot_id = @botId", new { botId })));

    /// <summary>A run's mirrors (every one, newest first) and its latest skipped fills.</summary>
    public static Task<(IReadOnlyList<QuickTrade> Mirrors, IReadOnlyList<CopyFillRecord> Skipped)> DetailAsync(Database database, Guid userId, Guid runId) =>
        database.ReadAsync(async c => (await MirrorsAsync(c, userId, runId), await SkippedAsync(c, userId, runId, CopyRunDetail.SkippedShown)));

    /// <summary>The outcome the ledger recorded for this run and fill, if it was decided before.</summary>
    public static async Task<MirrorOutcome?> RecordedAsync(Database database, Guid userId, Guid runId, CopyFill fill) =>
        await database.ReadAsync(c => FindFillAsync(c, userId, runId, fill.TradeId)) is { } row ? MirrorChanges.Recorded(row) : null;

    /// <summary>Whether the bot exists and is active (followable).</summary>
    public static async Task<bool> BotIsActiveAsync(DbConnection connection, string botId) =>
        await connection.ExecuteScalarAsync<bool?>("SELECT is_active FROM bots WHERE id = @botId", new { botId }) ?? false;

    /// <summary>The ledger row of this run and fill, if it was already decided (a retry, another silo).</summary>
    public static async Task<CopyFillRecord?> FindFillAsync(DbConnection connection, Guid userId, Guid runId, long sourceTradeId) =>
        (await connection.QuerySingleOrDefaultAsync<FillRow>($"""
            SELECT {FillColumns} FROM copy_trade_fills WHERE user_id = @userId AND run_id = @runId AND source_trade_id = @sourceTradeId
            """, new { userId, runId, sourceTradeId }))?.ToRecord();

    private const string FillColumns = "id, run_id, source_trade_id, source_position_id, fill, outcome, reason, detail, quick_trade_id, created_at";

    /// <summary>Records the decision on a fill; the unique (run_id, source_trade_id) refuses a second one.</summary>
    public static Task InsertFillAsync(Tx tx, Guid userId, Guid runId, CopyFill fill, Guid? quickTradeId, MirrorSkipped? skip, DateTimeOffset at) =>
        tx.ExecuteAsync("""
            INSERT INTO copy_trade_fills (run_id, user_id, source_trade_id, source_position_id, fill, outcome, reason, detail, quick_trade_id, created_at)
            VALUES (@runId, @userId, @TradeId, @PositionId, @fillKind, @outcome, @reason, @detail, @quickTradeId, @at)
            """, new
        {
            runId, userId, fill.TradeId, fill.PositionId,
            fillKind = fill.Kind == CopyFillKind.Entry ? "entry" : "exit",
            outcome = WireEnum<MirrorResult>.Name(skip is null ? MirrorResult.Mirrored : MirrorResult.Skipped),
            reason = skip?.ReasonName,
            detail = skip?.Detail,
            quickTradeId, at,
        });

    /// <summary>The run's newest ledger rows that were skipped, newest first.</summary>
    public static async Task<IReadOnlyList<CopyFillRecord>> SkippedAsync(DbConnection connection, Guid userId, Guid runId, int limit) =>
        (await connection.QueryAsync<FillRow>($"""
            SELECT {FillColumns} FROM copy_trade_fills WHERE user_id = @userId AND run_id = @runId AND outcome = 'skipped'
            ORDER BY id DESC LIMIT @limit
            """, new { userId, runId, limit })).Select(r => r.ToRecord()).ToArray();

    /// <summary>Every quick trade the run opened, newest first (a run's mirrors are bounded by its bot's fills).</summary>
    public static async Task<IReadOnlyList<QuickTrade>> MirrorsAsync(DbConnection connection, Guid userId, Guid runId) =>
        (await connection.QueryAsync<DeskRows.TradeRow>($"""
            SELECT {DeskRows.TradeColumns} FROM quick_trades WHERE user_id = @userId AND copy_run_id = @runId ORDER BY id DESC
            """, new { userId, runId })).Select(r => r.ToTrade()).ToArray();

    /// <summary>Whether the run ever mirrored the bot's position (its mirror may be closed since).</summary>
    public static Task<bool> EverMirroredAsync(DbConnection connection, Guid userId, Guid runId, long sourcePositionId) =>
        connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM quick_trades WHERE user_id = @userId AND copy_run_id = @runId AND source_position_id = @sourcePositionId)",
            new { userId, runId, sourcePositionId });

    private static object Parameters(Guid userId, CopyRun run) => new
    {
        userId,
        run.Id,
        run.BotId,
        status = WireEnum<CopyRunStatus>.Name(run.Status),
        mode = WireEnum<CopySizingMode>.Name(run.Settings.Sizing.Mode),
        run.Settings.Sizing.Fraction,
        run.Settings.Sizing.Notional,
        run.Settings.MaxLeverage,
        run.Settings.MaxOpenPositions,
        run.Settings.PriceToleranceBps,
        symbols = run.Settings.Symbols is { } s ? JsonSerializer.Serialize(s) : null,
        run.ExternalId,
        run.AfterTradeId,
        run.CreatedAt,
        run.PublishedAt,
        run.UpdatedAt,
        run.StoppedAt,
    };

    /// <summary>A <c>copy_trade_runs</c> row as read (properties, so each dialect's integer and text types convert).</summary>
    public sealed class RunRow
    {
        public Guid Id { get; init; }
        public string BotId { get; init; } = "";
        public string Status { get; init; } = "";
        public string SizingMode { get; init; } = "";
        public decimal? SizingFraction { get; init; }
        public decimal? SizingNotional { get; init; }
        public int MaxLeverage { get; init; }
        public int MaxOpenPositions { get; init; }
        public int PriceToleranceBps { get; init; }
        public string? Symbols { get; init; }
        public string? ExternalId { get; init; }
        public long? AfterTradeId { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? PublishedAt { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }
        public DateTimeOffset? StoppedAt { get; init; }

        public CopyRun ToRun() => new(Id, BotId, WireEnum<CopyRunStatus>.ParseOrNull(Status) ?? CopyRunStatus.Stopped,
            new CopyRunSettings(new CopySizing(WireEnum<CopySizingMode>.ParseOrNull(SizingMode) ?? CopySizingMode.Fixed, SizingFraction, SizingNotional),
                MaxLeverage, MaxOpenPositions, PriceToleranceBps, Symbols is null ? null : JsonSerializer.Deserialize<string[]>(Symbols)!.ToImmutableArray()),
            ExternalId, AfterTradeId, CreatedAt, PublishedAt, UpdatedAt, StoppedAt);
    }

    private sealed class FillRow
    {
        public long Id { get; init; }
        public Guid RunId { get; init; }
        public long SourceTradeId { get; init; }
        public long SourcePositionId { get; init; }
        public string Fill { get; init; } = "";
        public string Outcome { get; init; } = "";
        public string? Reason { get; init; }
        public string? Detail { get; init; }
        public Guid? QuickTradeId { get; init; }
        public DateTimeOffset CreatedAt { get; init; }

        public CopyFillRecord ToRecord() => new(Id, RunId, SourceTradeId, SourcePositionId, Fill, Outcome, Reason, Detail, QuickTradeId, CreatedAt);
    }
}
