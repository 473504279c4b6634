using Arena.Grains.Bots.Read;
using Arena.Grains.Events;
using Arena.Grains.Trading;

namespace Arena.Grains.Bots;

/// <summary>
/// Event types and payloads a bot writes to the outbox. Payloads are public-safe by construction:
/// no prompt, no raw provider answer, no credential, no user data.
/// </summary>
public static class BotEvents
{
    public const string Created = "bot.created";
    public const string Updated = "bot.updated";
    public const string PromptChanged = "bot.prompt_changed";
    public const string Paused = "bot.paused";
    public const string Resumed = "bot.resumed";
    public const string ResetDone = "bot.reset";
    public const string BudgetExhausted = "bot.budget_exhausted";
    public const string DecisionMade = "decision.made";
    public const string TradeOpened = "trade.opened";
    public const string TradeClosed = "trade.closed";
    public const string PositionLiquidated = "position.liquidated";
    public const string SnapshotTaken = "snapshot.taken";

    public sealed record BotChangedEvent(string BotId, string DisplayName, string Change);

    public sealed record PromptVersionActivatedEvent(string BotId, int Version);

    public sealed record DecisionActionEvent(string Action, string? Symbol, string Status, string? Reason, string? Reasoning);

    /// <summary>A turn's outcome; <c>Error</c> is only the public category of a failure (see PublicDecisionError), never the provider's text.</summary>
    public sealed record DecisionMadeEvent(string BotId, long DecisionId, long TurnNumber, bool Success, string? Error, IReadOnlyList<DecisionActionEvent> Actions);

    public sealed record TradeOpenedEvent(string BotId, long PositionId, long TradeId, string Symbol, string Side, decimal Quantity, decimal Price, int Leverage,
        decimal Margin, decimal Fee, decimal? StopLoss, decimal? TakeProfit, decimal LiquidationPrice);

    public sealed record TradeClosedEvent(string BotId, long PositionId, long TradeId, string Symbol, string Side, decimal Quantity, decimal EntryPrice,
        decimal ExitPrice, decimal Fee, decimal RealizedPnl, string Reason);

    public sealed record SnapshotTakenEvent(string BotId, decimal Balance, decimal Equity, decimal RealizedPnl, decimal UnrealizedPnl, int TradeCount,
        decimal? WinRate, DateTimeOffset TakenAt);

    public sealed record BudgetSpentEvent(string BotId, int TokensUsed, int Budget, string Day);

    /// <summary>The decision.made event of a recorded decision, once the database gave it <paramref name="decisionId"/>.</summary>
    public static EventDraft ForDecision(string botId, long decisionId, DecisionToRecord decision, IReadOnlyList<DecisionActionEvent> actions) =>
        EventDraft.Public(DecisionMade, new DecisionMadeEvent(botId, decisionId, decision.TurnNumber, decision.Success,
            PublicDecisionError.Summarize(decision.Error), actions), botId);

    /// <summary>
    /// The event of one executed order, once its rows exist: trade.opened for an entry (<paramref name="positionId"/> is the new
    /// position's), trade.closed or position.liquidated for an exit (<paramref name="positionId"/> is the closed position's).
    /// </summary>
    public static EventDraft ForFill(string botId, ExecutedOrder executed, long positionId, long tradeId) => executed.Order switch
    {
        PlannedOpen o => EventDraft.Public(TradeOpened, new TradeOpenedEvent(botId, positionId, tradeId, o.Symbol, WireEnum<PositionSide>.Name(o.Side),
            o.Entry.Quantity, o.Entry.Price, o.Leverage, o.Margin, o.Entry.Fee, o.StopLoss, o.TakeProfit, o.LiquidationPrice), botId),
        PlannedClose c => EventDraft.Public(c.Reason == CloseReason.Liquidation ? PositionLiquidated : TradeClosed, new TradeClosedEvent(botId, positionId,
            tradeId, c.Symbol, WireEnum<PositionSide>.Name(c.Position.Side), c.Position.Quantity, c.Position.EntryPrice, c.Exit.Price, c.Exit.Fee,
            c.RealizedPnl, WireEnum<CloseReason>.Name(c.Reason)), botId),
        _ => throw new ArgumentOutOfRangeException(nameof(executed), executed, "Unknown order kind."),
    };
}
