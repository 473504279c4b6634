namespace Arena.Grains.Trading;

/// <summary>
/// What the validator knows of the bot and the market when a turn's answer arrives. Dictionary keys
/// are canonical (upper-case) symbols. <see cref="LastTradeAt"/> holds the time of the latest trade
/// (entry or exit, by decision or by a risk trigger) per symbol, for the cooldown.
/// </summary>
public sealed record DecisionContext(
    decimal Balance,
    IReadOnlyList<OpenPosition> Positions,
    TradingRules Rules,
    int BotMaxLeverage,
    IReadOnlyDictionary<string, int> LeverageLimits,
    IReadOnlyDictionary<string, SymbolInfo> Symbols,
    IReadOnlyDictionary<string, Quote> Quotes,
    IReadOnlyDictionary<string, DateTimeOffset> LastTradeAt,
    DateTimeOffset Now)
{
    /// <summary>min(bot max leverage, the symbol's policy if it has one).</summary>
    public int LeverageLimit(string symbol) =>
        LeverageLimits.TryGetValue(symbol, out var policy) ? Math.Min(BotMaxLeverage, policy) : BotMaxLeverage;
}

/// <summary>
/// The validator's answer for one proposal, in the answer's order. <see cref="Order"/> is set for an
/// accepted LONG, SHORT or CLOSE; an accepted HOLD has none. <see cref="Symbol"/> is normalized.
/// </summary>
public sealed record DecisionVerdict(
    int Index,
    ProposedDecision Proposal,
    DecisionAction? Action,
    string? Symbol,
    PlannedOrder? Order,
    DecisionRejection? Rejection)
{
    public bool Accepted => Rejection is null;
}

/// <summary>A validated answer: a verdict per proposal and the balance once the accepted orders execute.</summary>
public sealed record TurnPlan(IReadOnlyList<DecisionVerdict> Verdicts, decimal BalanceBefore, decimal BalanceAfter)
{
    /// <summary>The accepted orders, in the answer's order: what <see cref="PaperExchange.Execute"/> takes.</summary>
    public IReadOnlyList<PlannedOrder> Orders => Verdicts.Where(v => v.Order is not null).Select(v => v.Order!).ToArray();
}
