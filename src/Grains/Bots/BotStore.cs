using Arena.Grains.Events;
using Arena.Grains.Providers;
using Arena.Grains.Signals;
using Arena.Grains.Trading;

namespace Arena.Grains.Bots;

/// <summary>
/// Reads and writes one bot's rows, and holds every statement that writes the bot tables (bots, bot_prompts,
/// bot_accounts, bot_decisions, positions, trades, summaries, snapshots). All of a turn's changes go through
/// <see cref="CommitAsync"/>; configuration changes through <see cref="UpdateConfigAsync"/> (each guarded by its own
/// version). The static methods taking a <see cref="Tx"/> run in the caller's transaction: the demo arena and the legacy
/// import (<c>BotStore.Imports.cs</c>) compose them into theirs.
/// </summary>
public sealed partial class BotStore(Database database, TimeProvider clock)
{
    public async Task<BotState?> LoadAsync(string botId, int promptWindow, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var config = await connection.QuerySingleOrDefaultAsync<ConfigRow>(ConfigSql, new { botId });
        if (config is null) return null;
        var prompt = config.ActivePromptVersion is null ? null : (await connection.QuerySingleOrDefaultAsync<PromptRow>(
            "SELECT version, prompt, note, created_at FROM bot_prompts WHERE bot_id = @botId AND version = @v",
            new { botId, v = config.ActivePromptVersion }))?.ToPrompt();
        var provider = await ProviderStore.FindAsync(connection, config.ProviderId);
        var account = (await connection.QuerySingleAsync<AccountRow>(AccountSql, new { botId })).ToAccount();
        var positions = (await connection.QueryAsync<PositionRow>(OpenPositionsSql, new { botId })).Select(p => p.ToOpenPosition()).ToImmutableList();
        var lastTrades = (await connection.QueryAsync<(string Symbol, DateTimeOffset At)>(
            "SELECT symbol, max(executed_at) FROM trades WHERE bot_id = @botId GROUP BY symbol", new { botId }))
            .ToImmutableDictionary(r => r.Symbol, r => r.At, StringComparer.Ordinal);
        var recent = (await connection.QueryAsync<DigestRow>(
            $"{DigestSelect} WHERE bot_id = @botId ORDER BY id DESC LIMIT @promptWindow", new { botId, promptWindow }))
            .Reverse().Select(r => r.ToDigest()).ToImmutableList();
        var summary = (await connection.QuerySingleOrDefaultAsync<SummaryRow>(
            "SELECT id, summary, through_decision_id, decisions_folded, created_at FROM bot_history_summaries WHERE bot_id = @botId ORDER BY id DESC LIMIT 1",
            new { botId }))?.ToRecord();
        var since = await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM bot_decisions WHERE bot_id = @botId AND id > @through", new { botId, through = summary?.ThroughDecisionId ?? 0 });
        var lastSnapshot = await connection.ExecuteScalarAsync<DateTimeOffset?>("SELECT max(taken_at) FROM bot_state_snapshots WHERE bot_id = @botId", new { botId });
        return new BotState(config.ToConfig(), prompt, provider, account, positions, lastTrades, recent, summary, (int)since, lastSnapshot);
    }

    /// <summary>The provider row as it is now, and the version of its credential: what a turn's provider session must match.</summary>
    public async Task<(ProviderSettings? Provider, long? CredentialVersion)> CurrentProviderAsync(string providerId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var provider = await ProviderStore.FindAsync(connection, providerId);
        if (provider?.CredentialId is not { } credentialId) return (provider, null);
        return (provider, await connection.ExecuteScalarAsync<long?>("SELECT version FROM credentials WHERE id = @credentialId", new { credentialId }));
    }

    /// <summary>Creates the bot with prompt version 1 and an account holding its initial balance.</summary>
    public async Task<Rejection?> CreateAsync(BotConfig config, string prompt, string? note, IEnumerable<EventDraft> events, CancellationToken cancellationToken = default)
    {
        try
        {
            await database.InTransactionAsync(async tx =>
            {
                if (!await ProviderStore.ExistsAsync(tx, config.ProviderId)) throw new ProviderMissing();
                if (!await AddIfAbsentAsync(tx, config, prompt, note, OpeningAccount(config.InitialBalance))) throw new BotExists();
                await EventOutbox.AppendAsync(tx, events, config.CreatedAt);
            }, cancellationToken);
            return null;
        }
        catch (ProviderMissing)
        {
            return Rejection.Invalid("providerId", "No provider has this id.");
        }
        catch (BotExists)
        {
            return Rejection.Conflict("A bot with this id already exists.", "id");
        }
    }

    /// <summary>A new bot's account: its initial balance, nothing traded yet.</summary>
    public static BotAccount OpeningAccount(decimal initialBalance) => new(initialBalance, 0m, 0m, 0, 0, 0, 0, null, 0, null, null, Version: 1);

    /// <summary>
    /// Inserts a bot at version 1 with <paramref name="prompt"/> as its active prompt version 1 (as old as the bot) and
    /// <paramref name="account"/>, in the caller's transaction; true when the bot row is new. Each row is skipped when it
    /// exists (ON CONFLICT DO NOTHING): silos seeding together create the demo arena once, and a failed statement would
    /// abort the caller's PostgreSQL transaction.
    /// </summary>
    public static async Task<bool> AddIfAbsentAsync(Tx tx, BotConfig config, string prompt, string? note, BotAccount account)
    {
        var added = await tx.ExecuteAsync("""
            INSERT INTO bots (id, display_name, avatar_url, provider_id, trading_mode, initial_balance, max_leverage, daily_token_budget,
                              is_active, is_paused, active_prompt_version, created_at, updated_at, version)
            VALUES (@Id, @DisplayName, @AvatarUrl, @ProviderId, @mode, @InitialBalance, @MaxLeverage, @DailyTokenBudget,
                    @IsActive, @IsPaused, 1, @CreatedAt, @UpdatedAt, 1)
            ON CONFLICT (id) DO NOTHING
            """, Params(config));
        await tx.ExecuteAsync("""
            INSERT INTO bot_prompts (bot_id, version, prompt, note, created_at) VALUES (@Id, 1, @prompt, @note, @CreatedAt)
            ON CONFLICT (bot_id, version) DO NOTHING
            """, new { config.Id, prompt, note, config.CreatedAt });
        await tx.ExecuteAsync("""
            INSERT INTO bot_accounts (bot_id, balance, realized_pnl, fees_paid, trade_count, wins, losses, turn_count, last_turn_at,
                                      tokens_used_today, token_day, reset_at, version)
            VALUES (@Id, @Balance, @RealizedPnl, @FeesPaid, @TradeCount, @Wins, @Losses, @TurnCount, @LastTurnAt,
                    @TokensUsedToday, @TokenDay, @ResetAt, 1)
            ON CONFLICT (bot_id) DO NOTHING
            """, new DynamicParameters(account).Also("Id", config.Id));
        return added > 0;
    }

    /// <summary>Writes a new configuration over <paramref name="expectedVersion"/>; returns the new version.</summary>
    public Task<long> UpdateConfigAsync(BotConfig next, long expectedVersion, IEnumerable<EventDraft> events, CancellationToken cancellationToken = default) =>
        UpdateConfigAsync(next, expectedVersion, events, alsoWrite: null, cancellationToken);

    /// <summary>Adds <paramref name="prompt"/> as a new version and activates it (<paramref name="next"/> names it) over <paramref name="expectedVersion"/>.</summary>
    public Task<long> AddPromptAsync(BotConfig next, long expectedVersion, BotPrompt prompt, IEnumerable<EventDraft> events, CancellationToken cancellationToken = default) =>
        UpdateConfigAsync(next, expectedVersion, events, tx => tx.ExecuteAsync(
            "INSERT INTO bot_prompts (bot_id, version, prompt, note, created_at) VALUES (@Id, @Version, @Text, @Note, @CreatedAt)",
            new DynamicParameters(prompt).Also("Id", next.Id)), cancellationToken);

    private Task<long> UpdateConfigAsync(BotConfig next, long expectedVersion, IEnumerable<EventDraft> events, Func<Tx, Task>? alsoWrite, CancellationToken cancellationToken) =>
        database.InTransactionAsync(async tx =>
        {
            var rows = await tx.ExecuteAsync("""
                UPDATE bots SET display_name = @DisplayName, avatar_url = @AvatarUrl, provider_id = @ProviderId, trading_mode = @mode,
                    initial_balance = @InitialBalance, max_leverage = @MaxLeverage, daily_token_budget = @DailyTokenBudget,
                    is_active = @IsActive, is_paused = @IsPaused, active_prompt_version = @ActivePromptVersion,
                    updated_at = @UpdatedAt, version = version + 1
                WHERE id = @Id AND version = @expected
                """, new DynamicParameters(Params(next)).Also("expected", expectedVersion));
            if (rows == 0) throw new VersionConflictException("Bot", next.Id, expectedVersion);
            if (alsoWrite is not null) await alsoWrite(tx);
            await EventOutbox.AppendAsync(tx, events, next.UpdatedAt);
            return expectedVersion + 1;
        }, cancellationToken);

    public async Task<bool> HasTradesAsync(string botId, CancellationToken cancellationToken = default) =>
        await database.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT count(*) FROM trades WHERE bot_id = @botId", new { botId }), cancellationToken) > 0;

    /// <summary>Deletes the bot (its prompts, account and history cascade) with its audit events, in one transaction.</summary>
    public Task DeleteAsync(string botId, IEnumerable<EventDraft> events, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async tx =>
        {
            await tx.ExecuteAsync("DELETE FROM bots WHERE id = @botId", new { botId });
            await EventOutbox.AppendAsync(tx, events, at);
        }, cancellationToken);

    /// <summary>The ids of the bots that should be running (the keeper keeps one activation of each).</summary>
    public async Task<IReadOnlyList<string>> ActiveBotIdsAsync(CancellationToken cancellationToken = default) =>
        (await database.ReadAsync(c => c.QueryAsync<string>("SELECT id FROM bots WHERE is_active = @yes ORDER BY id", new { yes = true }), cancellationToken)).ToArray();

    /// <summary>
    /// The turn write path (also risk closes and resets): the account's version check, decision, closes, opens, trades
    /// and events in one transaction. The version check is the fence: an activation that is not the latest to commit
    /// (another one ran the bot meanwhile, say while the cluster's membership changed) fails here and writes nothing,
    /// and <c>(bot_id, turn_number)</c> is unique besides. The rows and the events are built from the executed orders as they are;
    /// a fill's row carries the instant <see cref="PaperExchange.Execute"/> stamped on it, the decision and the events
    /// the commit's. The signals the fills publish or end (<see cref="SignalRows.RecordFillsAsync"/>) are in the same transaction.
    /// </summary>
    public Task<CommittedRows> CommitAsync(string botId, long expectedAccountVersion, BotCommit commit, CancellationToken cancellationToken = default)
    {
        var now = clock.Now();
        return database.InTransactionAsync(async tx =>
        {
            var a = commit.Account;
            var updated = await tx.ExecuteAsync("""
                UPDATE bot_accounts SET balance = @Balance, realized_pnl = @RealizedPnl, fees_paid = @FeesPaid, trade_count = @TradeCount,
                    wins = @Wins, losses = @Losses, turn_count = @TurnCount, last_turn_at = @LastTurnAt, tokens_used_today = @TokensUsedToday,
                    token_day = @TokenDay, reset_at = @ResetAt, version = version + 1
                WHERE bot_id = @botId AND version = @expected
                """, new { a.Balance, a.RealizedPnl, a.FeesPaid, a.TradeCount, a.Wins, a.Losses, a.TurnCount, a.LastTurnAt, a.TokensUsedToday, a.TokenDay, a.ResetAt, botId, expected = expectedAccountVersion });
            if (updated == 0) throw new VersionConflictException("Bot account", botId, expectedAccountVersion);

            var events = new List<EventDraft>();
            var fills = new List<SignalFill>();
            long? decisionId = null;
            if (commit.Decision is { } d)
            {
                decisionId = await tx.ExecuteScalarAsync<long>("""
                    INSERT INTO bot_decisions (bot_id, turn_number, provider_id, prompt_version, summary_id, prompt_context, prompt_sha256, raw_answer,
                        decisions_json, notes_json, success, error, latency_ms, prompt_tokens, completion_tokens, created_at)
                    VALUES (@botId, @TurnNumber, @ProviderId, @PromptVersion, @SummaryId, @PromptContext, @PromptSha256, @RawAnswer,
                        @DecisionsJson, @NotesJson, @Success, @Error, @LatencyMs, @PromptTokens, @CompletionTokens, @now)
                    RETURNING id
                    """, new DynamicParameters(d).Also("botId", botId).Also("now", now));
                events.Add(BotEvents.ForDecision(botId, decisionId.Value, d, commit.DecisionActions));
            }

            // Closes before opens (rows and events, as the stream has always seen them): a turn may close a symbol's position and
            // open a new one, and a bot holds one open position per symbol (positions_one_open_per_symbol).
            foreach (var executed in commit.Orders.Where(o => o.Order is PlannedClose))
            {
                var (close, trade) = ((PlannedClose)executed.Order, executed.Trade);
                var closed = await tx.ExecuteAsync("""
                    UPDATE positions SET status = 'closed', closed_at = @ExecutedAt, exit_price = @Price, exit_fee = @Fee,
                        realized_pnl = @RealizedPnl, close_reason = @reason
                    WHERE id = @id AND bot_id = @botId AND status = 'open'
                    """, new { trade.ExecutedAt, close.Exit.Price, close.Exit.Fee, close.RealizedPnl, reason = WireEnum<CloseReason>.Name(close.Reason), id = close.Position.Id, botId });
                if (closed == 0) throw new VersionConflictException("Position", close.Position.Id, expectedAccountVersion);
                var tradeId = await InsertTradeAsync(tx, botId, close.Position.Id, decisionId, trade, close.Position.PromptVersion);
                events.Add(BotEvents.ForFill(botId, executed, close.Position.Id, tradeId));
                fills.Add(new SignalFill(executed, close.Position.Id));
            }

            var opened = new List<OpenPosition>();
            foreach (var executed in commit.Orders.Where(o => o.Order is PlannedOpen))
            {
                var (open, trade) = ((PlannedOpen)executed.Order, executed.Trade);
                var positionId = await tx.ExecuteScalarAsync<long>("""
                    INSERT INTO positions (bot_id, symbol, side, status, quantity, entry_price, leverage, margin, entry_fee, stop_loss, take_profit,
                        liquidation_price, opened_at, open_decision_id, prompt_version)
                    VALUES (@botId, @Symbol, @side, 'open', @Quantity, @Price, @Leverage, @Margin, @Fee, @StopLoss, @TakeProfit,
                        @LiquidationPrice, @ExecutedAt, @decisionId, @promptVersion)
                    RETURNING id
                    """, new { botId, open.Symbol, side = WireEnum<PositionSide>.Name(open.Side), open.Entry.Quantity, open.Entry.Price, open.Leverage, open.Margin,
                        open.Entry.Fee, open.StopLoss, open.TakeProfit, open.LiquidationPrice, trade.ExecutedAt, decisionId, promptVersion = commit.PromptVersion });
                var tradeId = await InsertTradeAsync(tx, botId, positionId, decisionId, trade, commit.PromptVersion);
                opened.Add(open.ToPosition(positionId, trade.ExecutedAt, commit.PromptVersion));
                events.Add(BotEvents.ForFill(botId, executed, positionId, tradeId));
                fills.Add(new SignalFill(executed, positionId));
            }

            await EventOutbox.AppendAsync(tx, events.Concat(commit.Events), now);
            await SignalRows.RecordFillsAsync(tx, botId, decisionId, fills, commit.Signals ?? [], now);
            return new CommittedRows(decisionId, opened);
        }, cancellationToken);
    }

    /// <summary>Inserts a snapshot row and its event, fenced like a turn: only while the account is at <paramref name="accountVersion"/>.</summary>
    public Task InsertSnapshotAsync(long accountVersion, BotEvents.SnapshotTakenEvent s, EventDraft @event, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async tx =>
        {
            var inserted = await tx.ExecuteAsync("""
                INSERT INTO bot_state_snapshots (bot_id, balance, equity, realized_pnl, unrealized_pnl, trade_count, win_rate, taken_at)
                SELECT @BotId, @Balance, @Equity, @RealizedPnl, @UnrealizedPnl, @TradeCount, @WinRate, @TakenAt
                WHERE EXISTS (SELECT 1 FROM bot_accounts WHERE bot_id = @BotId AND version = @accountVersion)
                """, new DynamicParameters(s).Also("accountVersion", accountVersion));
            if (inserted == 0) throw new VersionConflictException("Bot account", s.BotId, accountVersion);
            await EventOutbox.AppendAsync(tx, [@event], s.TakenAt);
        }, cancellationToken);

    /// <summary>Deletes up to <paramref name="batch"/> of the oldest snapshots taken before <paramref name="cutoff"/>; returns how many.</summary>
    public Task<int> PruneSnapshotsAsync(DateTimeOffset cutoff, int batch, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(tx => tx.ExecuteAsync("""
            DELETE FROM bot_state_snapshots WHERE id IN (
                SELECT id FROM bot_state_snapshots WHERE taken_at < @cutoff ORDER BY id LIMIT @batch)
            """, new { cutoff, batch }), cancellationToken);

    /// <summary>The oldest <paramref name="count"/> decisions after <paramref name="afterId"/>, oldest first.</summary>
    public async Task<IReadOnlyList<DecisionDigest>> DecisionsAfterAsync(string botId, long afterId, int count, CancellationToken cancellationToken = default) =>
        (await database.ReadAsync(c => c.QueryAsync<DigestRow>(
            $"{DigestSelect} WHERE bot_id = @botId AND id > @afterId ORDER BY id LIMIT @count", new { botId, afterId, count }), cancellationToken))
        .Select(r => r.ToDigest()).ToArray();

    public Task<HistorySummaryRecord> InsertSummaryAsync(string botId, string text, long throughDecisionId, int folded, DateTimeOffset at,
        IEnumerable<EventDraft> events, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async tx =>
        {
            var id = await tx.ExecuteScalarAsync<long>("""
                INSERT INTO bot_history_summaries (bot_id, summary, through_decision_id, decisions_folded, created_at)
                VALUES (@botId, @text, @throughDecisionId, @folded, @at) RETURNING id
                """, new { botId, text, throughDecisionId, folded, at });
            await EventOutbox.AppendAsync(tx, events, at);
            return new HistorySummaryRecord(id, text, throughDecisionId, folded, at);
        }, cancellationToken);

    public Task AppendEventsAsync(IReadOnlyList<EventDraft> events, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(tx => EventOutbox.AppendAsync(tx, events, at), cancellationToken);

    // An entry's reason is always "signal": a position is only opened on a decision.
    private static Task<long> InsertTradeAsync(Tx tx, string botId, long positionId, long? decisionId, TradeRecord t, int? promptVersion) =>
        tx.ExecuteScalarAsync<long>("""
            INSERT INTO trades (bot_id, position_id, decision_id, symbol, action, fill, price, quantity, notional, leverage, fee, realized_pnl,
                reason, prompt_version, executed_at)
            VALUES (@botId, @positionId, @decisionId, @Symbol, @action, @fill, @Price, @Quantity, @Notional, @Leverage, @Fee, @RealizedPnl,
                @reason, @promptVersion, @ExecutedAt)
            RETURNING id
            """, new
        {
            botId, positionId, decisionId, t.Symbol, action = WireEnum<DecisionAction>.Name(t.Action), fill = WireEnum<FillKind>.Name(t.Fill), t.Price,
            t.Quantity, t.Notional, t.Leverage, t.Fee, t.RealizedPnl, reason = WireEnum<CloseReason>.Name(t.Reason ?? CloseReason.Signal), promptVersion,
            t.ExecutedAt,
        });

    private static object Params(BotConfig c) => new
    {
        c.Id, c.DisplayName, c.AvatarUrl, c.ProviderId, mode = c.TradingMode == TradingMode.Real ? "real" : "paper", c.InitialBalance, c.MaxLeverage,
        c.DailyTokenBudget, c.IsActive, c.IsPaused, c.ActivePromptVersion, c.CreatedAt, c.UpdatedAt,
    };

    private sealed class ProviderMissing : Exception;

    private sealed class BotExists : Exception;

    private const string ConfigSql = "SELECT * FROM bots WHERE id = @botId";

    private const string AccountSql = """
        SELECT balance, realized_pnl, fees_paid, trade_count, wins, losses, turn_count, last_turn_at, tokens_used_today, token_day, reset_at, version
        FROM bot_accounts WHERE bot_id = @botId
        """;

    private const string OpenPositionsSql = "SELECT * FROM positions WHERE bot_id = @botId AND status = 'open' ORDER BY id";

    internal const string DigestSelect = "SELECT id, turn_number, created_at, success, decisions_json, notes_json, error FROM bot_decisions";
}
