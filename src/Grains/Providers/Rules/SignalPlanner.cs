using Arena.Grains.Trading;
using static System.FormattableString;

namespace Arena.Grains.Providers.Rules;

/// <summary>
/// A strategy's reading of one symbol: whether to enter (and which side), whether an open position on
/// either side should be closed, how strong the signal is (entries are taken strongest first) and why.
/// </summary>
internal sealed record SymbolSignal(
    string Symbol,
    PositionSide? Enter,
    bool CloseLong,
    bool CloseShort,
    decimal Strength,
    string Why,
    decimal? Target = null);

/// <summary>
/// Turns per-symbol signals into a turn's decisions: close the positions whose signal reversed, then
/// open the strongest new entries while slots (<see cref="TradingRules.MaxOpenPositions"/>) and the free
/// balance allow, else one HOLD that says why. Symbols are visited in ordinal order, so the same context
/// always yields the same decisions.
/// </summary>
internal static class SignalPlanner
{
    public static IReadOnlyList<RuleDecision> Plan(TurnContext context, Func<string, IReadOnlyList<decimal>, Quote, SymbolSignal?> read, EntryStyle style)
    {
        var signals = new List<SymbolSignal>();
        // A non-positive price is a feed error, not a signal.
        foreach (var symbol in context.Quotes.Where(q => q.Value.Price > 0).Select(q => q.Key).Order(StringComparer.Ordinal))
        {
            var closes = context.RecentCloses.TryGetValue(symbol, out var c) ? c : [];
            if (read(symbol, closes, context.Quotes[symbol]) is { } signal) signals.Add(signal);
        }
        var bySymbol = signals.ToDictionary(s => s.Symbol, StringComparer.Ordinal);

        var decisions = new List<RuleDecision>();
        foreach (var position in context.Positions.OrderBy(p => p.Id))
        {
            if (!bySymbol.TryGetValue(position.Symbol, out var signal)) continue;
            var close = position.Side == PositionSide.Long ? signal.CloseLong : signal.CloseShort;
            if (close)
                decisions.Add(new RuleDecision(DecisionAction.Close, position.Symbol, null, null, null, null,
                    Invariant($"{signal.Why}. Closing the {(position.Side == PositionSide.Long ? "LONG" : "SHORT")} opened at {RuleSizing.Price(position.EntryPrice)}.")));
        }

        // Closes are not counted as freed slots: the engine may apply entries before exits.
        var slots = context.Rules.MaxOpenPositions - context.Positions.Count;
        var free = context.Balance;
        var held = context.Positions.Select(p => p.Symbol).ToHashSet(StringComparer.Ordinal);
        var notes = new List<string>();
        foreach (var signal in signals.Where(s => s.Enter is not null && !held.Contains(s.Symbol))
                     .OrderByDescending(s => s.Strength).ThenBy(s => s.Symbol, StringComparer.Ordinal))
        {
            if (slots <= 0)
            {
                notes.Add(Invariant($"{signal.Symbol}: {signal.Why}, but all {context.Rules.MaxOpenPositions} position slots are taken"));
                continue;
            }
            var price = context.Quotes[signal.Symbol].Price;
            if (RuleSizing.Open(context, ref free, signal.Symbol, signal.Enter!.Value, price, style, signal.Target, signal.Why, out var refusal) is { } open)
            {
                decisions.Add(open);
                slots--;
            }
            else notes.Add(refusal);
        }

        if (decisions.Count > 0) return decisions;
        var reasons = notes.Count > 0 ? string.Join("; ", notes)
            : signals.Count > 0 ? string.Join("; ", signals.Take(5).Select(s => $"{s.Symbol}: {s.Why}"))
            : "not enough price history yet for any signal";
        return [new RuleDecision(DecisionAction.Hold, null, null, null, null, null, $"No trade this turn: {reasons}.")];
    }
}
