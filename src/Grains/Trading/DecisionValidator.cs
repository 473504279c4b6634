namespace Arena.Grains.Trading;

using static DecisionRejectionCode;

/// <summary>
/// Validates an answer's decisions IN ORDER against an evolving copy of the bot's state: each accepted
/// decision changes the balance, the open positions and the symbol's last trade time that the next
/// decision sees. Pure; the inputs are not modified. The first failing rule wins; the rules run in the
/// order documented in docs/trading-rules.md.
/// </summary>
public static class DecisionValidator
{
    /// <summary>A size above this (10^15 USDT) is refused as absurd before any arithmetic.</summary>
    public const decimal MaxSize = 1_000_000_000_000_000m;

    private const string Vocabulary = "use LONG, SHORT, CLOSE or HOLD.";

    public static TurnPlan Validate(IReadOnlyList<ProposedDecision> proposals, DecisionContext context)
    {
        var book = new ProjectedBook(context);
        var verdicts = new List<DecisionVerdict>(proposals.Count);
        for (var i = 0; i < proposals.Count; i++)
        {
            var verdict = Judge(i, proposals[i], context, book);
            if (verdict.Order is { } order) book.Apply(order, context.Now);
            verdicts.Add(verdict);
        }
        return new TurnPlan(verdicts, context.Balance, book.Balance);
    }

    private static DecisionVerdict Judge(int index, ProposedDecision p, DecisionContext ctx, ProjectedBook book)
    {
        if (string.IsNullOrWhiteSpace(p.Action))
            return new(index, p, null, null, null, new(MissingField, "action is missing: " + Vocabulary));
        if (!WireEnum<DecisionAction>.TryParse(p.Action.Trim(), out var action))
            return new(index, p, null, null, null, new(UnknownAction, $"unknown action {Fmt.Quote(p.Action)}: " + Vocabulary));

        var symbol = p.Symbol?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(symbol)) symbol = null;
        if (action == DecisionAction.Hold) return new(index, p, action, symbol, null, null);

        DecisionVerdict Reject(DecisionRejectionCode code, string reason) => new(index, p, action, symbol, null, new(code, reason));
        if (symbol is null) return Reject(MissingField, $"symbol is missing: {WireEnum<DecisionAction>.Name(action)} needs a symbol.");
        if (!ctx.Symbols.TryGetValue(symbol, out var info)) return Reject(UnknownSymbol, $"{Fmt.Quote(symbol)} is not a tradable symbol.");
        if (!ctx.Quotes.TryGetValue(symbol, out var quote) || quote.Price <= 0) return Reject(NoQuote, $"{symbol} has no current price.");

        var (order, rejection) = action == DecisionAction.Close
            ? JudgeClose(symbol, info, quote, ctx, book)
            : JudgeOpen(action == DecisionAction.Long ? PositionSide.Long : PositionSide.Short, p, symbol, info, quote, ctx, book);
        return new(index, p, action, symbol, order, rejection);
    }

    private static (PlannedOrder?, DecisionRejection?) JudgeClose(string symbol, SymbolInfo info, Quote quote, DecisionContext ctx, ProjectedBook book)
    {
        if (book.Positions.TryGetValue(symbol, out var position))
            return (PaperExchange.PlanClose(position, quote.Price, CloseReason.Signal, info, ctx.Rules), null);
        return (null, book.OpenedThisTurn.Contains(symbol)
            ? new(PositionOpenedThisTurn, $"the {symbol} position was opened earlier in this same answer; it can be closed from the next turn.")
            : new(NoOpenPosition, $"there is no open position in {symbol} to close."));
    }

    private static (PlannedOrder?, DecisionRejection?) JudgeOpen(
        PositionSide side, ProposedDecision p, string symbol, SymbolInfo info, Quote quote, DecisionContext ctx, ProjectedBook book)
    {
        var rules = ctx.Rules;
        var name = side == PositionSide.Long ? "LONG" : "SHORT";
        string[] missing =
        [
            .. p.Size is null ? ["size"] : Array.Empty<string>(),
            .. p.Leverage is null ? ["leverage"] : Array.Empty<string>(),
            .. p.StopLoss is null ? ["stopLoss"] : Array.Empty<string>(),
            .. p.TakeProfit is null ? ["takeProfit"] : Array.Empty<string>(),
        ];
        if (missing.Length > 0)
            return Refuse(MissingField, $"{name} needs size, leverage, stopLoss and takeProfit; missing or not a number: {string.Join(", ", missing)}.");
        decimal size = p.Size!.Value, leverage = p.Leverage!.Value, stop = p.StopLoss!.Value, target = p.TakeProfit!.Value;

        if (book.Positions.ContainsKey(symbol) || book.OpenedThisTurn.Contains(symbol))
            return Refuse(PositionExists, $"a position in {symbol} is already open: one position per symbol; CLOSE it first.");
        if (book.OpenCount >= rules.MaxOpenPositions)
            return Refuse(MaxOpenPositions, $"{book.OpenCount} positions are open, the maximum is {rules.MaxOpenPositions}.");
        if (book.LastTradeAt.TryGetValue(symbol, out var last) && ctx.Now - last < rules.SymbolCooldown)
            return Refuse(SymbolCooldown,
                $"{symbol} last traded at {Fmt.Time(last)}; the {Fmt.Duration(rules.SymbolCooldown)} cooldown ends at {Fmt.Time(last + rules.SymbolCooldown)}.");

        if (leverage < 1 || leverage != decimal.Truncate(leverage))
            return Refuse(InvalidLeverage, $"leverage must be a whole number of at least 1, got {Fmt.Num(leverage)}.");
        var limit = ctx.LeverageLimit(symbol);
        if (leverage > limit)
            return Refuse(LeverageExceedsLimit, $"leverage {Fmt.Num(leverage)}x exceeds the limit of {limit}x for {symbol}.");
        if (size <= 0 || size > MaxSize)
            return Refuse(InvalidSize, $"size must be a positive notional in USDT no larger than {Fmt.Num(MaxSize)}, got {Fmt.Num(size)}.");
        if (size < rules.MinimumOrder)
            return Refuse(BelowMinimumOrder, $"size {Fmt.Num(size)} USDT is under the minimum order of {Fmt.Num(rules.MinimumOrder)} USDT.");

        PlannedOpen? plan;
        DecisionRejection? refused;
        try
        {
            (plan, refused) = PaperExchange.PlanOpen(info, quote.Price, side, size, (int)leverage, stop, target, rules);
        }
        catch (OverflowException)
        {
            // size / price / step can exceed decimal's range on a symbol with tiny increments; the
            // proposal is the only unbounded input here, so it is the proposal that is refused.
            return Refuse(InvalidSize, $"size {Fmt.Num(size)} USDT is too large to price for {symbol}.");
        }
        if (plan is null) return (null, refused);

        if (CheckExitPlan(side, plan.Entry.Price, plan.LiquidationPrice, plan.Leverage, stop, target) is { } exitPlan) return (null, exitPlan);

        var cost = plan.Margin + plan.Entry.Fee;
        if (cost > book.Balance)
            return Refuse(InsufficientMargin,
                $"margin {Fmt.Num(plan.Margin)} + entry fee {Fmt.Num(plan.Entry.Fee)} = {Fmt.Num(cost)} USDT exceeds the free balance of {Fmt.Num(book.Balance)} USDT.");
        return (plan, null);
    }

    /// <summary>
    /// The exit plan of an open at its estimated entry: LONG needs takeProfit &gt; entry &gt; stopLoss &gt; 0, SHORT
    /// 0 &lt; takeProfit &lt; entry &lt; stopLoss, and the stop must trigger before the liquidation price. A bot's decision
    /// gives both levels; a user's quick trade may give either or none (a missing level is not checked).
    /// </summary>
    public static DecisionRejection? CheckExitPlan(PositionSide side, decimal entry, decimal liquidationPrice, int leverage, decimal? stop, decimal? target)
    {
        var isLong = side == PositionSide.Long;
        var consistent = (stop is not { } s || (s > 0 && (isLong ? entry > s : entry < s)))
            && (target is not { } t || (t > 0 && (isLong ? t > entry : t < entry)));
        string Level(decimal? level) => level is { } value ? Fmt.Num(value) : "none";
        if (!consistent)
            return new(ExitPlanInconsistent, isLong
                ? $"a LONG needs takeProfit > entry > stopLoss > 0; estimated entry {Fmt.Num(entry)}, stopLoss {Level(stop)}, takeProfit {Level(target)}."
                : $"a SHORT needs 0 < takeProfit < entry < stopLoss; estimated entry {Fmt.Num(entry)}, stopLoss {Level(stop)}, takeProfit {Level(target)}.");
        if (stop is { } level && (isLong ? level <= liquidationPrice : level >= liquidationPrice))
            return new(StopBeyondLiquidation,
                $"stopLoss {Fmt.Num(level)} is at or beyond the liquidation price {Fmt.Num(liquidationPrice)} at {leverage}x: the position would be liquidated before the stop; lower the leverage or tighten the stop.");
        return null;
    }

    private static (PlannedOrder?, DecisionRejection?) Refuse(DecisionRejectionCode code, string reason) => (null, new(code, reason));

    /// <summary>The bot's state as the decisions accepted so far in this answer leave it.</summary>
    private sealed class ProjectedBook
    {
        public ProjectedBook(DecisionContext context)
        {
            Balance = context.Balance;
            foreach (var p in context.Positions) Positions.TryAdd(p.Symbol, p);
            foreach (var (symbol, at) in context.LastTradeAt) LastTradeAt[symbol] = at;
        }

        public decimal Balance { get; private set; }

        public Dictionary<string, OpenPosition> Positions { get; } = new(StringComparer.Ordinal);

        public HashSet<string> OpenedThisTurn { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, DateTimeOffset> LastTradeAt { get; } = new(StringComparer.Ordinal);

        public int OpenCount => Positions.Count + OpenedThisTurn.Count;

        // An order executed in this turn is a trade at `now`: the cooldown sees it like any other trade.
        public void Apply(PlannedOrder order, DateTimeOffset now)
        {
            Balance += order.BalanceChange;
            LastTradeAt[order.Symbol] = now;
            if (order is PlannedOpen) OpenedThisTurn.Add(order.Symbol);
            else Positions.Remove(order.Symbol);
        }
    }
}
