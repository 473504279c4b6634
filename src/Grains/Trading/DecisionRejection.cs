using System.Text.Json.Serialization;

namespace Arena.Grains.Trading;

/// <summary>
/// Why the validator refused a decision. The wire name is the stable machine code (stored in
/// <c>bot_decisions.notes_json</c>, counted by the history summary); never rename a member's wire name.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<DecisionRejectionCode>))]
public enum DecisionRejectionCode
{
    [JsonStringEnumMemberName("missing_field")] MissingField,
    [JsonStringEnumMemberName("unknown_action")] UnknownAction,
    [JsonStringEnumMemberName("unknown_symbol")] UnknownSymbol,
    [JsonStringEnumMemberName("no_quote")] NoQuote,
    [JsonStringEnumMemberName("no_open_position")] NoOpenPosition,
    [JsonStringEnumMemberName("position_opened_this_turn")] PositionOpenedThisTurn,
    [JsonStringEnumMemberName("position_exists")] PositionExists,
    [JsonStringEnumMemberName("max_open_positions")] MaxOpenPositions,
    [JsonStringEnumMemberName("symbol_cooldown")] SymbolCooldown,
    [JsonStringEnumMemberName("invalid_leverage")] InvalidLeverage,
    [JsonStringEnumMemberName("leverage_exceeds_limit")] LeverageExceedsLimit,
    [JsonStringEnumMemberName("invalid_size")] InvalidSize,
    [JsonStringEnumMemberName("below_minimum_order")] BelowMinimumOrder,
    [JsonStringEnumMemberName("quantity_below_exchange_minimum")] QuantityBelowExchangeMinimum,
    [JsonStringEnumMemberName("notional_below_exchange_minimum")] NotionalBelowExchangeMinimum,
    [JsonStringEnumMemberName("exit_plan_inconsistent")] ExitPlanInconsistent,
    [JsonStringEnumMemberName("stop_beyond_liquidation")] StopBeyondLiquidation,
    [JsonStringEnumMemberName("insufficient_margin")] InsufficientMargin,
}

/// <summary>A refusal: the machine code and a sentence a person (or the bot, next turn) can act on.</summary>
public sealed record DecisionRejection(DecisionRejectionCode Code, string Reason)
{
    public string CodeName => WireEnum<DecisionRejectionCode>.Name(Code);

    public override string ToString() => $"{CodeName}: {Reason}";
}
