using Arena.Grains.Legacy;
using Arena.Grains.Trading;

namespace Arena.Grains.Bots;

// The legacy import's rows, written in the importer's one transaction. Each carries its legacy id as external_id and
// inserts with ON CONFLICT (bot_id, external_id) DO NOTHING, so a repeated import adds nothing. The engine's own rows
// never have an external id.
public sealed partial class BotStore
{
    /// <summary>The note of the bot's prompt version 1 ("" without one), or null when there is no such bot.</summary>
    public static Task<string?> FirstPromptNoteAsync(Tx tx, string botId) =>
        tx.QuerySingleOrDefaultAsync<string?>(
            "SELECT coalesce(p.note, '') FROM bots b LEFT JOIN bot_prompts p ON p.bot_id = b.id AND p.version = 1 WHERE b.id = @botId", new { botId });

    /// <summary>The legacy id of the bot's open position on <paramref name="symbol"/> ("" when the engine opened it), or null when none is open.</summary>
    public static Task<string?> OpenPositionExternalIdAsync(Tx tx, string botId, string symbol) =>
        tx.QuerySingleOrDefaultAsync<string?>(
            "SELECT coalesce(external_id, '') FROM positions WHERE bot_id = @botId AND symbol = @symbol AND status = 'open'", new { botId, symbol });

    /// <summary>Inserts an imported position (fees 0); true when it is new.</summary>
    public static async Task<bool> AddImportedPositionAsync(Tx tx, string botId, PositionImport p) =>
        await tx.ExecuteAsync("""
            INSERT INTO positions (bot_id, symbol, side, status, quantity, entry_price, leverage, margin, entry_fee, stop_loss, take_profit,
                                   liquidation_price, opened_at, closed_at, exit_price, exit_fee, realized_pnl, close_reason, external_id)
            VALUES (@botId, @Symbol, @side, @status, @Quantity, @EntryPrice, @Leverage, @Margin, @zero, @StopLoss, @TakeProfit,
                    @LiquidationPrice, @OpenedAt, @ClosedAt, @ExitPrice, @exitFee, @RealizedPnl, @reason, @ExternalId)
            ON CONFLICT (bot_id, external_id) WHERE external_id IS NOT NULL DO NOTHING
            """, new
        {
            botId, p.Symbol, side = WireEnum<PositionSide>.Name(p.Side), status = p.IsOpen ? "open" : "closed", p.Quantity, p.EntryPrice, p.Leverage,
            p.Margin, zero = 0m, p.StopLoss, p.TakeProfit, p.LiquidationPrice, p.OpenedAt, p.ClosedAt, p.ExitPrice,
            exitFee = p.IsOpen ? (decimal?)null : 0m, p.RealizedPnl, reason = p.IsOpen ? null : WireEnum<CloseReason>.Name(CloseReason.Import), p.ExternalId,
        }) > 0;

    /// <summary>The ids of the bot's imported positions by legacy id (this import's and earlier ones').</summary>
    public static async Task<IReadOnlyDictionary<string, long>> ImportedPositionIdsAsync(Tx tx, string botId) =>
        (await tx.QueryAsync<(string ExternalId, long Id)>(
            "SELECT external_id, id FROM positions WHERE bot_id = @botId AND external_id IS NOT NULL", new { botId }))
        .ToDictionary(r => r.ExternalId, r => r.Id, StringComparer.Ordinal);

    /// <summary>Inserts imported fills (fees 0), linked to their position where it was imported; returns how many are new.</summary>
    public static Task<int> AddImportedTradesAsync(Tx tx, string botId, IEnumerable<TradeImport> trades, IReadOnlyDictionary<string, long> positionIds) =>
        tx.ExecuteAsync("""
            INSERT INTO trades (bot_id, position_id, symbol, action, fill, price, quantity, notional, leverage, fee, realized_pnl, reason, executed_at, external_id)
            VALUES (@botId, @positionId, @Symbol, @Action, @fill, @Price, @Quantity, @Notional, @Leverage, @fee, @RealizedPnl, @reason, @ExecutedAt, @ExternalId)
            ON CONFLICT (bot_id, external_id) WHERE external_id IS NOT NULL DO NOTHING
            """, trades.Select(t => new
        {
            botId, positionId = t.PositionExternalId is { } p && positionIds.TryGetValue(p, out var id) ? id : (long?)null, t.Symbol, t.Action,
            fill = t.Fill == OrderFill.Entry ? "entry" : "exit", t.Price, t.Quantity, t.Notional, t.Leverage, fee = 0m, t.RealizedPnl,
            reason = WireEnum<CloseReason>.Name(CloseReason.Import), t.ExecutedAt, t.ExternalId,
        }));

    /// <summary>Inserts imported decisions (no prompt version: the legacy prompts are not versions of ours); returns how many are new.</summary>
    public static Task<int> AddImportedDecisionsAsync(Tx tx, string botId, IEnumerable<DecisionImport> decisions) =>
        tx.ExecuteAsync("""
            INSERT INTO bot_decisions (bot_id, turn_number, provider_id, prompt_version, prompt_context, prompt_sha256, decisions_json, notes_json,
                                       success, error, external_id, created_at)
            VALUES (@botId, @TurnNumber, @LegacyProviderId, NULL, @PromptContext, @PromptSha256, @DecisionsJson, @NotesJson,
                    @Success, @Error, @ExternalId, @CreatedAt)
            ON CONFLICT (bot_id, external_id) WHERE external_id IS NOT NULL DO NOTHING
            """, decisions.Select(d => new
        {
            botId, d.TurnNumber, d.LegacyProviderId, d.PromptContext, d.PromptSha256, d.DecisionsJson, d.NotesJson, d.Success, d.Error, d.ExternalId, d.CreatedAt,
        }));
}
