using Arena.Grains.Signals;
using Arena.Grains.Trading;

namespace Arena.Grains.Desk;

/// <summary>A request to open a quick trade from a signal (<c>POST /api/signals/{id}/convert</c>).</summary>
[GenerateSerializer, Immutable]
public sealed record SignalConversion([Id(0)] decimal? Quantity, [Id(1)] decimal? Notional, [Id(2)] int? Leverage);

public static class SignalConversions
{
    public static void Check(SignalConversion conversion, FieldErrors errors)
    {
        DeskRules.CheckSize(conversion.Quantity, conversion.Notional, errors);
        errors.Require(conversion.Leverage is null or (>= 1 and <= 125), "leverage", "leverage must be a whole number from 1 to 125 (and within the symbol's policy).");
    }

    /// <summary>
    /// The order a signal makes: its side from the direction, its stop-loss and take-profit, the caller's leverage or the
    /// signal's (1 when it has none). A <c>close</c> signal or one no longer active cannot be converted (409).
    /// </summary>
    public static Result<TradeOrder> ToOrder(SignalView signal, SignalConversion conversion)
    {
        if (signal.Direction == SignalDirection.Close)
            return Rejection.Conflict($"Signal {signal.Id} closes a position ({WireEnum<SignalDirection>.Name(signal.Direction)}); only long and short signals can be converted.");
        if (signal.Status != SignalStatus.Active)
            return Rejection.Conflict($"Signal {signal.Id} is {WireEnum<SignalStatus>.Name(signal.Status)}; only an active signal can be converted.");
        return new TradeOrder(signal.Symbol, signal.Direction == SignalDirection.Long ? PositionSide.Long : PositionSide.Short, conversion.Quantity, conversion.Notional,
            conversion.Leverage ?? signal.Leverage ?? 1, signal.StopLoss, signal.TakeProfit);
    }

    /// <summary>Adds the <c>convert</c> action to an open's write, in the same transaction.</summary>
    public static DeskDecision<QuickTradeView> Recorded(DeskDecision<QuickTradeView> opened, Guid userId, long signalId, DateTimeOffset now) =>
        opened with { Write = opened.Write!.Then(tx => SignalActionRows.AppendAsync(tx, new SignalActionDraft(userId, signalId, SignalActionKind.Convert, opened.Reply.Id), now)) };
}
