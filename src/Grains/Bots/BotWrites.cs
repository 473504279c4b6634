using Arena.Grains.Events;
using Arena.Grains.Signals;
using Arena.Grains.Trading;

namespace Arena.Grains.Bots;

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

/// <summary>
/// Everything one turn (or one risk close, or a reset) changes, committed as one transaction: the account, the turn's
/// decision with the public outcome of each of its proposals (<see cref="DecisionActions"/>, empty without a decision),
/// the orders <see cref="PaperExchange.Execute"/> executed, as they are, and further events (<see cref="Events"/>).
/// Positions opened by the commit record <see cref="PromptVersion"/>, the bot's active prompt version. <see cref="Signals"/>
/// are the decisions' extras of the orders that publish a signal (none for risk closes and resets).
/// </summary>
public sealed record BotCommit(
    BotAccount Account,
    DecisionToRecord? Decision,
    IReadOnlyList<BotEvents.DecisionActionEvent> DecisionActions,
    IReadOnlyList<ExecutedOrder> Orders,
    int? PromptVersion,
    IReadOnlyList<EventDraft> Events,
    IReadOnlyList<SignalIntent>? Signals = null);

/// <summary>What a commit's rows became: the decision's id, and the opened positions with the ids the database gave them.</summary>
public sealed record CommittedRows(long? DecisionId, IReadOnlyList<OpenPosition> Opened);
