using Arena.Grains.Metrics;

namespace Arena.Grains.Leaderboard;

/// <summary>
/// Loads what the metrics need (docs/metrics.md, "Inputs"), and only that: the last snapshot at or before the
/// window's start plus the snapshots inside it (on the (bot_id, taken_at) index), the positions closed and the fills
/// executed since then, prompt versions without their text, and the reference symbol's recorded prices. Money is
/// only read here; every sum and comparison of it happens in C# decimal (SQLite stores it as text).
/// </summary>
public sealed class MetricsHistoryStore(Database database)
{
    /// <summary>
    /// A bot's history from <paramref name="from"/> (not before <paramref name="startedAt"/>) to now. A reset's forced
    /// closes are left out: they end the previous run, yet they are stamped with the instant the new run starts.
    /// </summary>
    public async Task<BotHistory> HistoryAsync(DbConnection connection, string botId, DateTimeOffset startedAt, decimal initialBalance,
        DateTimeOffset from, EquityPoint live)
    {
        if (from < startedAt) from = startedAt;
        var before = await connection.QueryAsync<(DateTimeOffset At, decimal Equity)>(
            "SELECT taken_at, equity FROM bot_state_snapshots WHERE bot_id = @botId AND taken_at <= @from ORDER BY taken_at DESC LIMIT 1",
            new { botId, from });
        var inside = await connection.QueryAsync<(DateTimeOffset At, decimal Equity)>(
            "SELECT taken_at, equity FROM bot_state_snapshots WHERE bot_id = @botId AND taken_at > @from ORDER BY taken_at",
            new { botId, from });
        var positions = await connection.QueryAsync<(long Id, int? PromptVersion, DateTimeOffset ClosedAt, decimal RealizedPnl)>("""
            SELECT id, prompt_version, closed_at, realized_pnl FROM positions
            WHERE bot_id = @botId AND status = 'closed' AND closed_at >= @from AND (close_reason IS NULL OR close_reason <> 'reset')
            """, new { botId, from });
        var fills = await connection.QueryAsync<(DateTimeOffset At, decimal Fee)>("""
            SELECT executed_at, fee FROM trades WHERE bot_id = @botId AND executed_at >= @from AND (reason IS NULL OR reason <> 'reset')
            """, new { botId, from });
        return new BotHistory(
            botId,
            startedAt,
            initialBalance,
            before.Concat(inside).Select(s => new EquityPoint(s.At, s.Equity)).ToArray(),
            live,
            positions.Select(p => new PositionOutcome(p.Id, p.PromptVersion, p.ClosedAt, p.RealizedPnl)).ToArray(),
            fills.Select(f => new FillFee(f.At, f.Fee)).ToArray());
    }

    /// <summary>The bot's prompt versions and when each was created (never the prompt or its note).</summary>
    public async Task<IReadOnlyList<PromptVersionStart>> PromptVersionsAsync(DbConnection connection, string botId) =>
        (await connection.QueryAsync<(int Version, DateTimeOffset CreatedAt)>(
            "SELECT version, created_at FROM bot_prompts WHERE bot_id = @botId ORDER BY version", new { botId }))
        .Select(v => new PromptVersionStart(v.Version, v.CreatedAt)).ToArray();

    /// <summary>
    /// The reference symbol's recorded prices from the last one at or before <paramref name="from"/> (or, when there is
    /// none, the first one after it) to <paramref name="to"/>, keeping inside the window only instants that are whole
    /// multiples of <paramref name="stride"/> since the Unix epoch (every one when it is null). Recorded instants are
    /// aligned to the history interval, so a stride that is a multiple of it and divides a day keeps every UTC midnight
    /// (daily returns stay exact) while a long window reads a bounded number of rows.
    /// </summary>
    public Task<IReadOnlyList<PricePoint>> ReferencePricesAsync(string symbol, DateTimeOffset from, DateTimeOffset to, TimeSpan? stride,
        CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<PricePoint>>(async c =>
        {
            var anchor = (await c.QueryAsync<(DateTimeOffset At, decimal Price)>(
                "SELECT taken_at, price FROM market_price_history WHERE symbol = @symbol AND taken_at <= @from ORDER BY taken_at DESC LIMIT 1",
                new { symbol, from })).ToList();
            if (anchor.Count == 0)
                anchor = (await c.QueryAsync<(DateTimeOffset At, decimal Price)>(
                    "SELECT taken_at, price FROM market_price_history WHERE symbol = @symbol AND taken_at > @from AND taken_at <= @to ORDER BY taken_at LIMIT 1",
                    new { symbol, from, to })).ToList();
            if (anchor.Count == 0) return [];
            var aligned = stride is null ? ""
                : database.Dialect == SqlDialect.Postgres
                    ? "AND mod(extract(epoch FROM taken_at), @stride) = 0"
                    // Stored as yyyy-MM-ddTHH:mm:ss.ffffffZ: strftime('%s') drops the fraction, so it must be zero as well.
                    : "AND CAST(strftime('%s', taken_at) AS INTEGER) % @stride = 0 AND substr(taken_at, 20, 7) = '.000000'";
            var inside = await c.QueryAsync<(DateTimeOffset At, decimal Price)>(
                $"SELECT taken_at, price FROM market_price_history WHERE symbol = @symbol AND taken_at > @start AND taken_at <= @to {aligned} ORDER BY taken_at",
                new { symbol, start = anchor[0].At, to, stride = (long)(stride ?? TimeSpan.Zero).TotalSeconds });
            return anchor.Concat(inside).Select(p => new PricePoint(p.At, p.Price)).ToArray();
        }, cancellationToken);
}
