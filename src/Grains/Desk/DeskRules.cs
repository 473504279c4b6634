using Arena.Grains.Bots;
using Arena.Grains.Trading;
using Arena.Grains.Users;

namespace Arena.Grains.Desk;

/// <summary>An order to open a quick trade as the client sent it (<c>POST /api/trades</c>): every field may be missing or wrong.</summary>
[GenerateSerializer, Immutable]
public sealed record TradeOrderInput(
    [Id(0)] string? Symbol,
    [Id(1)] string? Side,
    [Id(2)] decimal? Quantity,
    [Id(3)] decimal? Notional,
    [Id(4)] int? Leverage,
    [Id(5)] decimal? StopLoss,
    [Id(6)] decimal? TakeProfit);

/// <summary>
/// The form of a quick-trade order, checked before any price is looked at. What needs the market (a tradable symbol,
/// the leverage policy, the exchange minimums, the side of the stop-loss and take-profit, the wallet) is
/// <see cref="DeskChanges.Open"/>'s job.
/// </summary>
public static class DeskRules
{
    public static TradeOrder? ParseOrder(TradeOrderInput input, FieldErrors errors, bool leverageRequired = true)
    {
        var symbol = WatchlistRules.CheckSymbol(input.Symbol, errors);
        var side = ParseSide(input.Side, errors);
        CheckSize(input.Quantity, input.Notional, errors);
        if (input.Leverage is null && leverageRequired) errors.Add("leverage", "leverage is required: a whole number from 1 to the symbol's policy.");
        else if (input.Leverage is { } leverage && leverage is < LeveragePolicyStore.MinLeverage or > LeveragePolicyStore.MaxLeverage)
            errors.Add("leverage", $"leverage must be a whole number from {LeveragePolicyStore.MinLeverage} to {LeveragePolicyStore.MaxLeverage} (and within the symbol's policy).");
        CheckLevel(input.StopLoss, "stopLoss", errors);
        CheckLevel(input.TakeProfit, "takeProfit", errors);
        return errors.Any || side is null
            ? null
            : new TradeOrder(symbol, side.Value, input.Quantity, input.Notional, input.Leverage ?? 1, input.StopLoss, input.TakeProfit);
    }

    public static PositionSide? ParseSide(string? side, FieldErrors errors)
    {
        switch (side)
        {
            case "long": return PositionSide.Long;
            case "short": return PositionSide.Short;
            default:
                errors.Add("side", "side must be long or short.");
                return null;
        }
    }

    /// <summary>Exactly one of quantity (base asset) and notional (USDT), positive and no larger than the validator's cap.</summary>
    public static void CheckSize(decimal? quantity, decimal? notional, FieldErrors errors)
    {
        if (quantity is null == notional is null)
        {
            const string message = "Give exactly one of quantity (in the base asset) and notional (in USDT).";
            errors.Add("quantity", message).Add("notional", message);
            return;
        }
        var (field, value) = quantity is { } q ? ("quantity", q) : ("notional", notional!.Value);
        if (value <= 0 || value > DecisionValidator.MaxSize)
            errors.Add(field, $"{field} must be positive and no larger than {Fmt.Num(DecisionValidator.MaxSize)}.");
    }

    private static void CheckLevel(decimal? level, string field, FieldErrors errors) =>
        errors.Require(level is null || (level > 0 && level <= DecisionValidator.MaxSize), field, $"{field} must be a positive price when given.");
}

/// <summary>A list query as the client sent it (<c>GET /api/trades?status=&amp;cursor=&amp;limit=</c>).</summary>
[GenerateSerializer, Immutable]
public sealed record TradeListRequest([Id(0)] string? Status = null, [Id(1)] string? Cursor = null, [Id(2)] string? Limit = null);

/// <summary>The checked list query: status null for all trades.</summary>
public sealed record TradeListQuery(string? Status, Guid? Before, int Limit);

public static class TradeListRules
{
    public const string Scope = "trades";

    public static TradeListQuery Parse(TradeListRequest request, FieldErrors errors)
    {
        var status = request.Status;
        if (!string.IsNullOrEmpty(status) && status is not ("open" or "closed")) errors.Add("status", "status must be open or closed (or left out for both).");
        Guid? before = null;
        if (!string.IsNullOrEmpty(request.Cursor))
        {
            if (UuidCursor.TryRead(request.Cursor, out var id)) before = id;
            else errors.Add("cursor", "The cursor is not one this list returned.");
        }
        var limit = PageRequest.Parse(Scope, null, request.Limit, errors).Limit;
        return new TradeListQuery(string.IsNullOrEmpty(status) ? null : status, before, limit);
    }
}
