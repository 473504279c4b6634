namespace Arena.Grains.Trading;

/// <summary>
/// The counters behind a history summary, and the summary's exact text format (written and read back
/// here only). Render(Parse(text)) == text for every text Render produced: the format is the state.
/// Amounts are kept at 8 decimals so they round-trip exactly; everything shown is sanitized and capped.
/// </summary>
internal sealed partial class HistoryTally
{
    private const string Header = "[history v1]";
    private const int MaxEvents = 10, MaxSymbolsShown = 8, MaxRejectionsShown = 5, MaxNotesChars = 300;
    private const string Others = "others";

    private sealed record Pnl(decimal Amount, int Closed, int Won);

    private readonly Dictionary<string, Pnl> bySymbol = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> rejections = new(StringComparer.Ordinal);
    private readonly List<string> events = []; // newest first

    public long ThroughDecisionId { get; private set; }
    private DateTimeOffset? throughAt;
    private int turns, unreadable, proposals, accepted, rejected, opened, closedByDecision, held;
    private int closed, wins, losses, stops, targets, liquidations;
    private decimal realized;
    private string? earlierNotes;

    public void Add(PastTurn turn)
    {
        ThroughDecisionId = turn.DecisionId;
        throughAt = turn.At;
        turns++;
        var stamp = $"- {turn.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} #{turn.DecisionId}";
        var turnEvents = new List<string>();
        if (turn.Failure is not null)
        {
            unreadable++;
            turnEvents.Add($"{stamp} unreadable answer");
        }
        foreach (var a in turn.Actions)
        {
            var action = Fmt.ActionToken(a.Action);
            var symbol = a.Symbol is null ? "" : " " + Fmt.SymbolToken(a.Symbol);
            if (!a.IsRiskClose)
            {
                proposals++;
                if (!a.Accepted)
                {
                    rejected++;
                    var code = Fmt.CodeToken(a.RejectionCode!);
                    rejections[code] = rejections.GetValueOrDefault(code) + 1;
                    turnEvents.Add($"{stamp} {action}{symbol} rejected: {code}");
                    continue;
                }
                accepted++;
                switch (action)
                {
                    case "HOLD": held++; break;
                    case "CLOSE": closedByDecision++; break;
                    default:
                        opened++;
                        turnEvents.Add($"{stamp} {action}{symbol} opened");
                        break;
                }
            }
            if (a.RealizedPnl is not { } pnl) continue;
            pnl = Money.Round(pnl);
            closed++;
            if (pnl > 0) wins++; else losses++;
            if (a.CloseReason == CloseReason.StopLoss) stops++;
            if (a.CloseReason == CloseReason.TakeProfit) targets++;
            if (a.CloseReason == CloseReason.Liquidation) liquidations++;
            realized += pnl;
            var key = symbol.Length > 0 ? symbol[1..] : "?";
            var before = bySymbol.GetValueOrDefault(key, new Pnl(0m, 0, 0));
            bySymbol[key] = new Pnl(before.Amount + pnl, before.Closed + 1, before.Won + (pnl > 0 ? 1 : 0));
            var why = a.IsRiskClose ? $" ({WireEnum<CloseReason>.Name(a.CloseReason!.Value)})" : "";
            turnEvents.Add($"{stamp} CLOSE{symbol} {Fmt.SignedUsd(pnl)} USDT{why}");
        }
        events.InsertRange(0, turnEvents);
        if (events.Count > MaxEvents) events.RemoveRange(MaxEvents, events.Count - MaxEvents);
    }

    public string Render(int maxChars)
    {
        int eventsShown = events.Count, symbolsShown = MaxSymbolsShown, rejectionsShown = MaxRejectionsShown;
        var notes = earlierNotes;
        while (true)
        {
            var text = Render(eventsShown, symbolsShown, rejectionsShown, notes);
            if (text.Length <= maxChars) return text;
            if (eventsShown > 0) eventsShown--;
            else if (symbolsShown > 0) symbolsShown--;
            else if (rejectionsShown > 0) rejectionsShown--;
            else if (notes is not null) notes = null;
            else return text[..maxChars]; // unreachable: the fixed lines are a few hundred characters
        }
    }

    private string Render(int eventsShown, int symbolsShown, int rejectionsShown, string? notes)
    {
        var sb = new StringBuilder();
        sb.Append(Header).Append(" through decision #").Append(ThroughDecisionId);
        if (throughAt is { } at) sb.Append(" at ").Append(Fmt.Time(at));
        sb.Append('\n');
        sb.Append($"Turns: {turns} (unreadable answers: {unreadable})\n");
        sb.Append($"Proposals: {proposals} (accepted {accepted}, rejected {rejected}); opened {opened}, closed {closedByDecision}, held {held}\n");
        var winRate = closed == 0 ? "n/a" : (100m * wins / closed).ToString("0.0", CultureInfo.InvariantCulture) + "%";
        sb.Append($"Closed positions: {closed} (wins {wins}, losses {losses}, win rate {winRate}); stops {stops}, targets {targets}, liquidations {liquidations}; realized PnL {Exact(realized)} USDT\n");

        var symbols = Ranked(bySymbol, symbolsShown, p => Math.Abs(p.Amount),
            rest => new Pnl(rest.Sum(p => p.Amount), rest.Sum(p => p.Closed), rest.Sum(p => p.Won)));
        sb.Append("PnL by symbol: ").Append(symbols.Count == 0 ? "none"
            : string.Join("; ", symbols.Select(s => $"{s.Key} {Exact(s.Value.Amount)} ({s.Value.Closed} closed, {s.Value.Won} won)"))).Append('\n');
        var codes = Ranked(rejections, rejectionsShown, n => n, rest => rest.Sum());
        sb.Append("Top rejections: ").Append(codes.Count == 0 ? "none" : string.Join("; ", codes.Select(c => $"{c.Key} x{c.Value}"))).Append('\n');
        if (notes is not null) sb.Append("Earlier notes: ").Append(notes).Append('\n');
        sb.Append("Recent events (newest first):");
        foreach (var e in events.Take(eventsShown)) sb.Append('\n').Append(e);
        return sb.ToString();
    }

    /// <summary>
    /// The <paramref name="shown"/> largest entries (by key, then name, for ties), then "others" holding
    /// the rest. "others" is never ranked itself, so rendering a parsed summary gives the same text.
    /// </summary>
    private static List<KeyValuePair<string, T>> Ranked<T>(Dictionary<string, T> all, int shown, Func<T, decimal> size, Func<IEnumerable<T>, T> merge)
    {
        var ranked = all.Where(e => e.Key != Others).OrderByDescending(e => size(e.Value)).ThenBy(e => e.Key, StringComparer.Ordinal).ToList();
        var rest = ranked.Skip(shown).Select(e => e.Value).ToList();
        if (all.TryGetValue(Others, out var others)) rest.Add(others);
        var result = ranked.Take(shown).ToList();
        if (rest.Count > 0) result.Add(new(Others, merge(rest)));
        return result;
    }

    private static string Exact(decimal amount) => amount.ToString("+0.00000000;-0.00000000;0.00000000", CultureInfo.InvariantCulture);
}
