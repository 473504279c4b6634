namespace Arena.Grains.Bots.Read;

/// <summary>A bot's configuration, public provider label, account and open positions, read in one statement.</summary>
internal sealed record BotLedger(BotConfig Config, PublicProvider Provider, BotAccount Account, IReadOnlyList<PositionRow> OpenPositions)
{
    /// <summary>The start of the current run: the last reset, else creation (what return, PnL and the metrics count from).</summary>
    public DateTimeOffset StartedAt => Account.ResetAt ?? Config.CreatedAt;
}

/// <summary>
/// The public read side's SQL. Reads only: nothing here takes a lock or writes. Lists are keyset pages over the
/// identity ids (newest first) on the (bot_id, id) indexes. Ids grow in commit order per bot, because every write
/// of a bot's rows goes through its one grain activation, is fenced by its lease and checks its account version, so
/// a page walk never misses a row that committed late below its cursor.
/// </summary>
public sealed class BotReadStore(Database database)
{
    internal Task<IReadOnlyList<BotLedger>> LedgersAsync(CancellationToken cancellationToken = default) =>
        ReadLedgersAsync(LedgerSql + " ORDER BY b.id, o.id", null, cancellationToken);

    internal async Task<BotLedger?> LedgerAsync(string botId, CancellationToken cancellationToken = default) =>
        (await ReadLedgersAsync(LedgerSql + " WHERE b.id = @botId ORDER BY o.id", new { botId }, cancellationToken)).SingleOrDefault();

    public Task<bool> ExistsAsync(string botId, CancellationToken cancellationToken = default) =>
        database.ReadAsync(async c => await c.ExecuteScalarAsync<long>("SELECT count(*) FROM bots WHERE id = @botId", new { botId }) > 0, cancellationToken);

    internal async Task<IReadOnlyList<TradeReadRow>> TradesAsync(string botId, PageRequest page, CancellationToken cancellationToken = default) =>
        (await database.ReadAsync(c => c.QueryAsync<TradeReadRow>(
            $"SELECT {TradeReadRow.Columns} FROM trades WHERE bot_id = @botId AND id < @before ORDER BY id DESC LIMIT @limit",
            new { botId, before = page.BeforeOrMax, limit = page.Limit + 1 }), cancellationToken)).AsList();

    /// <param name="status"><c>open</c>, <c>closed</c>, or null for both.</param>
    internal async Task<IReadOnlyList<PositionRow>> PositionsAsync(string botId, string? status, PageRequest page, CancellationToken cancellationToken = default) =>
        (await database.ReadAsync(c => c.QueryAsync<PositionRow>(
            $"SELECT {PositionRow.Columns} FROM positions WHERE bot_id = @botId AND id < @before {(status is null ? "" : "AND status = @status")} ORDER BY id DESC LIMIT @limit",
            new { botId, before = page.BeforeOrMax, status, limit = page.Limit + 1 }), cancellationToken)).AsList();

    internal async Task<IReadOnlyList<DecisionReadRow>> DecisionsAsync(string botId, PageRequest page, CancellationToken cancellationToken = default) =>
        (await database.ReadAsync(c => c.QueryAsync<DecisionReadRow>(
            $"SELECT {DecisionReadRow.Columns} FROM bot_decisions WHERE bot_id = @botId AND id < @before ORDER BY id DESC LIMIT @limit",
            new { botId, before = page.BeforeOrMax, limit = page.Limit + 1 }), cancellationToken)).AsList();

    /// <summary>Snapshots with <paramref name="from"/> ≤ taken_at ≤ <paramref name="to"/> (each bound optional), newest first by id.</summary>
    internal async Task<IReadOnlyList<SnapshotReadRow>> SnapshotsAsync(string botId, DateTimeOffset? from, DateTimeOffset? to, PageRequest page,
        CancellationToken cancellationToken = default) =>
        (await database.ReadAsync(c => c.QueryAsync<SnapshotReadRow>(
            $"""
            SELECT {SnapshotReadRow.Columns} FROM bot_state_snapshots
            WHERE bot_id = @botId AND id < @before {(from is null ? "" : "AND taken_at >= @from")} {(to is null ? "" : "AND taken_at <= @to")}
            ORDER BY id DESC LIMIT @limit
            """,
            new { botId, before = page.BeforeOrMax, from, to, limit = page.Limit + 1 }), cancellationToken)).AsList();

    private async Task<IReadOnlyList<BotLedger>> ReadLedgersAsync(string sql, object? param, CancellationToken cancellationToken)
    {
        // One statement, so the account and its open positions come from one commit (the balance and the margins
        // that left it always add up), on both dialects.
        var rows = await database.ReadAsync(c => c.QueryAsync<ConfigRow, ProviderLabelRow, AccountRow, PositionRow?, (ConfigRow, ProviderLabelRow, AccountRow, PositionRow?)>(
            sql, (b, p, a, o) => (b, p, a, o), param, splitOn: "provider_name,balance,id"), cancellationToken);
        var ledgers = new List<BotLedger>();
        foreach (var group in rows.GroupBy(r => r.Item1.Id, StringComparer.Ordinal))
        {
            var (config, provider, account, _) = group.First();
            ledgers.Add(new BotLedger(config.ToConfig(), new PublicProvider(provider.ProviderName, provider.ProviderKind), account.ToAccount(),
                group.Select(r => r.Item4).OfType<PositionRow>().ToArray()));
        }
        return ledgers;
    }

    private static readonly string LedgerSql = $"""
        SELECT b.id, b.display_name, b.avatar_url, b.provider_id, b.trading_mode, b.initial_balance, b.max_leverage, b.daily_token_budget,
               b.is_active, b.is_paused, b.active_prompt_version, b.version, b.created_at, b.updated_at,
               pr.name AS provider_name, pr.kind AS provider_kind,
               a.balance, a.realized_pnl, a.fees_paid, a.trade_count, a.wins, a.losses, a.turn_count, a.last_turn_at, a.tokens_used_today,
               a.token_day, a.reset_at, a.version,
               {string.Join(", ", PositionRow.Columns.Split(',', StringSplitOptions.TrimEntries).Select(c => "o." + c))}
        FROM bots b
        JOIN ai_providers pr ON pr.id = b.provider_id
        JOIN bot_accounts a ON a.bot_id = b.id
        LEFT JOIN positions o ON o.bot_id = b.id AND o.status = 'open'
        """;
}
