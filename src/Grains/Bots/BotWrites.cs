using Arena.Grains.Events;
using Arena.Grains.Trading;

namespace Arena.Grains.Bots;

/// <summary>A position to open in a turn's transaction.</summary>
public sealed record PositionToOpen(
    string Symbol,
    PositionSide Side,
    decimal Quantity,
    decimal EntryPrice,
    int Leverage,
    decimal Margin,
    decimal EntryFee,
    decimal? StopLoss,
    decimal? TakeProfit,
    decimal LiquidationPrice,
    int? PromptVersion,
    string? Reasoning);

/// <summary>An open position to close in a turn's transaction.</summary>
public sealed record PositionToClose(
    OpenPosition Position,
    decimal ExitPrice,
    decimal ExitFee,
    decimal RealizedPnl,
    CloseReason Reason,
    string? Reasoning);

/// <summary>The <c>bot_decisions</c> row of a turn (no prompt text: see 0004 note 5).</summary>
public sealed record DecisionToRecord(
    long TurnNumber,
    string? ProviderId,
    int? PromptVersion,
    long? SummaryId,
    string? PromptContext,
    string? PromptSha256,
    string? RawAnswer,
    string DecisionsJson,
    string NotesJson,
    bool Success,
    string? Error,
    int? LatencyMs,
    int? PromptTokens,
    int? CompletionTokens);

/// <summary>Ids the database gave the rows of one commit, for building events and the new hot state.</summary>
public sealed record CommitIds(long? DecisionId, IReadOnlyList<long> OpenedPositionIds, IReadOnlyList<long> ClosedTradeIds, IReadOnlyList<long> OpenedTradeIds);

/// <summary>
/// Everything one turn (or one risk close, or a reset) changes, committed as one transaction.
/// <see cref="Events"/> is called inside the transaction, after the rows exist, to build the outbox events.
/// </summary>
public sealed record BotCommit(
    LeaseGrant? Lease,
    BotAccount Account,
    DecisionToRecord? Decision,
    IReadOnlyList<PositionToClose> Closes,
    IReadOnlyList<PositionToOpen> Opens,
    Func<CommitIds, IEnumerable<EventDraft>> Events);

/// <summary>This silo no longer holds the bot's lease (another silo took it over); the write was rolled back.</summary>
public sealed class LeaseLostException(string botId) : Exception($"This silo no longer holds the lease of bot {botId}.")
{
    public string BotId { get; } = botId;
}
