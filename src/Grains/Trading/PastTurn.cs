namespace Arena.Grains.Trading;

/// <summary>
/// One past turn of a bot as history sees it: a <c>bot_decisions</c> row and what came of its
/// decisions. <see cref="Failure"/> is set when the answer could not be read (or the provider failed).
/// </summary>
public sealed record PastTurn(long DecisionId, DateTimeOffset At, IReadOnlyList<PastAction> Actions, string? Failure = null);

/// <summary>
/// One action of a turn. For a proposal: the action and symbol as validated, the rejection code if
/// refused, and for an accepted CLOSE its realized (net) PnL. A close made by a risk trigger between
/// turns may be attached to the next turn with <see cref="CloseReason"/> stop_loss, take_profit or
/// liquidation: it then counts as a closed position, not as a proposal.
/// </summary>
public sealed record PastAction(
    string Action,
    string? Symbol,
    string? RejectionCode = null,
    decimal? RealizedPnl = null,
    CloseReason? CloseReason = null)
{
    public bool Accepted => RejectionCode is null;

    public bool IsRiskClose => CloseReason is Trading.CloseReason.StopLoss or Trading.CloseReason.TakeProfit or Trading.CloseReason.Liquidation;
}
