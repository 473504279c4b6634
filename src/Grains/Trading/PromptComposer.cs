using System.Security.Cryptography;

namespace Arena.Grains.Trading;

/// <summary>
/// Builds the exact prompt of a turn: prompt = <see cref="Compose"/>(static prompt, history summary,
/// dynamic context). The static prompt is a stored prompt version, the summary a stored summary row,
/// and the dynamic context the text the engine stores with the decision (<c>bot_decisions.prompt_context</c>),
/// so a decision's prompt can be rebuilt byte for byte and checked against <c>prompt_sha256</c>.
/// Everything is culture-invariant and independent of dictionary order and decimal scale.
/// The layout of <see cref="Compose"/> is frozen: changing it breaks the reconstruction of stored decisions.
/// </summary>
public static class PromptComposer
{
    public const int MaxRecentTurns = 10;
    public const int MaxRecentCloses = 30;

    public static string Compose(string staticPrompt, string? historySummary, string dynamicContext)
    {
        var sb = new StringBuilder(staticPrompt.TrimEnd()).Append("\n\n");
        if (!string.IsNullOrWhiteSpace(historySummary))
            sb.Append("=== YOUR HISTORY SUMMARY ===\n").Append(historySummary.TrimEnd()).Append("\n\n");
        return sb.Append(dynamicContext).ToString();
    }

    /// <summary>Lower-case hex SHA-256 of the prompt's UTF-8 bytes.</summary>
    public static string Sha256Hex(string prompt) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(prompt)));

    /// <summary>
    /// The per-turn part: account, open positions, market, recent decisions, the rules and limits the
    /// validator will apply (taken from the same <paramref name="state"/>), and the answer format.
    /// </summary>
    public static string DynamicContext(DecisionContext state, long turnNumber,
        IReadOnlyDictionary<string, IReadOnlyList<decimal>> recentCloses, IReadOnlyList<PastTurn> recentTurns)
    {
        var sb = new StringBuilder();
        sb.Append("=== TURN ===\n").Append($"Turn {turnNumber} at {Fmt.Time(state.Now)}\n\n");

        var positions = state.Positions.OrderBy(p => p.Symbol, StringComparer.Ordinal).ToArray();
        sb.Append("=== ACCOUNT ===\n")
            .Append($"Free balance: {Fmt.Usd(state.Balance)} USDT\n")
            .Append($"Equity: {Fmt.Usd(IsolatedMargin.Equity(state.Balance, positions, state.Quotes))} USDT (free balance + margin and unrealized PnL of open positions)\n")
            .Append($"Open positions: {positions.Length} of {state.Rules.MaxOpenPositions}\n\n");

        sb.Append("=== OPEN POSITIONS ===\n");
        if (positions.Length == 0) sb.Append("none\n");
        foreach (var p in positions) sb.Append(Position(p, state.Quotes)).Append('\n');

        sb.Append("\n=== MARKET (price, 24h change, high/low, recent closes oldest first) ===\n");
        foreach (var symbol in state.Symbols.Keys.Order(StringComparer.Ordinal))
            sb.Append(Market(symbol, state.Quotes, recentCloses)).Append('\n');

        sb.Append("\n=== RECENT DECISIONS (newest first) ===\n");
        var turns = recentTurns.OrderByDescending(t => t.DecisionId).ThenByDescending(t => t.At).Take(MaxRecentTurns).ToArray();
        if (turns.Length == 0) sb.Append("none\n");
        foreach (var t in turns) sb.Append(Turn(t)).Append('\n');

        sb.Append("\n=== RULES ===\n").Append(Rules(state)).Append('\n');
        sb.Append(OutputFormat);
        return sb.ToString();
    }

    private static string Position(OpenPosition p, IReadOnlyDictionary<string, Quote> quotes)
    {
        var mark = quotes.TryGetValue(p.Symbol, out var q) && q.Price > 0
            ? $"mark {Fmt.Num(q.Price)}, unrealized {Fmt.SignedUsd(IsolatedMargin.UnrealizedPnl(p, q.Price))} USDT"
            : "no mark price";
        var side = p.Side == PositionSide.Long ? "LONG" : "SHORT";
        return $"{p.Symbol} {side} {p.Leverage}x: quantity {Fmt.Num(p.Quantity)}, entry {Fmt.Num(p.EntryPrice)}, {mark}, " +
               $"margin {Fmt.Usd(p.Margin)} USDT, stopLoss {Opt(p.StopLoss)}, takeProfit {Opt(p.TakeProfit)}, " +
               $"liquidation {Fmt.Num(p.LiquidationPrice)}, opened {Fmt.Time(p.OpenedAt)}";
    }

    private static string Market(string symbol, IReadOnlyDictionary<string, Quote> quotes, IReadOnlyDictionary<string, IReadOnlyList<decimal>> recentCloses)
    {
        if (!quotes.TryGetValue(symbol, out var q) || q.Price <= 0) return $"{symbol}: no price (not tradable this turn)";
        var change = Math.Round(q.Change24hPercent, 2, MidpointRounding.AwayFromZero).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture);
        var line = $"{symbol}: {Fmt.Num(q.Price)} ({change}% 24h, high {Fmt.Num(q.High24h)}, low {Fmt.Num(q.Low24h)})";
        if (recentCloses.TryGetValue(symbol, out var closes) && closes.Count > 0)
            line += "; closes " + string.Join(", ", closes.Skip(Math.Max(0, closes.Count - MaxRecentCloses)).Select(Fmt.Num));
        return line;
    }

    private static string Turn(PastTurn t)
    {
        var head = $"{Fmt.Time(t.At)} #{t.DecisionId}: ";
        if (t.Failure is not null && t.Actions.Count == 0) return head + "answer not readable";
        if (t.Actions.Count == 0) return head + "no decisions";
        return head + string.Join("; ", t.Actions.Select(a =>
        {
            var what = a.Symbol is null ? Fmt.ActionToken(a.Action) : $"{Fmt.ActionToken(a.Action)} {Fmt.SymbolToken(a.Symbol)}";
            if (!a.Accepted) return $"{what} rejected ({Fmt.CodeToken(a.RejectionCode!)})";
            return a.RealizedPnl is { } pnl ? $"{what} done, realized {Fmt.SignedUsd(pnl)} USDT" : $"{what} done";
        }));
    }

    private static string Rules(DecisionContext state)
    {
        var r = state.Rules;
        var capped = state.Symbols.Keys.Order(StringComparer.Ordinal)
            .Select(s => (Symbol: s, Limit: state.LeverageLimit(s))).Where(x => x.Limit < state.BotMaxLeverage)
            .Select(x => $"{x.Symbol} {x.Limit}x").ToArray();
        var cooling = state.LastTradeAt.Where(e => state.Now - e.Value < r.SymbolCooldown).OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => $"{e.Key} until {Fmt.Time(e.Value + r.SymbolCooldown)}").ToArray();
        return
            $"- size is the position's notional in USDT, at least {Fmt.Num(r.MinimumOrder)}; margin = size / leverage (isolated margin, taken from the free balance with the entry fee).\n" +
            $"- leverage is a whole number from 1 to {state.BotMaxLeverage}" + (capped.Length > 0 ? $" (lower for: {string.Join(", ", capped)})" : "") + ".\n" +
            $"- Taker fee {Fmt.Percent(r.TakerFeeRate)} of notional at entry and at exit; fills include {Fmt.Percent(r.SlippageRate)} slippage against you.\n" +
            $"- At most {r.MaxOpenPositions} open positions, one per symbol; no new position in a symbol within {Fmt.Duration(r.SymbolCooldown)} of its last trade" +
            (cooling.Length > 0 ? $" (cooling down: {string.Join(", ", cooling)})" : "") + ".\n" +
            "- LONG needs takeProfit > entry > stopLoss; SHORT needs takeProfit < entry < stopLoss; entry is the price plus slippage.\n" +
            $"- The stopLoss must trigger before liquidation (maintenance margin {Fmt.Percent(r.MaintenanceMarginRate)}); a liquidated position loses its whole margin.\n" +
            "- Open positions close automatically at their stopLoss, takeProfit or liquidation price.\n" +
            "- CLOSE closes the whole position in a symbol; HOLD does nothing. Decisions run in the order given.\n";
    }

    private const string OutputFormat =
        "=== OUTPUT FORMAT ===\n" +
        "Answer with one JSON object and nothing else:\n" +
        "{\"decisions\":[{\"action\":\"LONG|SHORT|CLOSE|HOLD\",\"symbol\":\"BTCUSDT\",\"size\":100,\"leverage\":5,\"stopLoss\":0,\"takeProfit\":0,\"reasoning\":\"one or two sentences\"}]}\n" +
        "Numbers are plain JSON numbers. An empty \"decisions\" list means no action this turn.\n";

    private static string Opt(decimal? price) => price is { } p ? Fmt.Num(p) : "none";
}
