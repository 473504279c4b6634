namespace Arena.Grains.Trading;

/// <summary>
/// Folds past turns into a bounded, deterministic history summary for the prompt (no LLM). The summary
/// text is also the running state: its counters are read back from the previous summary, so a summary
/// can be extended turn by turn, and folding turns it already covers (decision id not above its
/// "through decision #") changes nothing. A previous summary in any other format (a legacy LLM summary)
/// is kept as a short "Earlier notes" excerpt and the counters start from zero.
/// </summary>
public static class HistorySummarizer
{
    public const int MaxChars = 2000;

    public static string Fold(string? previousSummary, IEnumerable<PastTurn> turns)
    {
        var tally = HistoryTally.Parse(previousSummary);
        foreach (var turn in turns.Where(t => t.DecisionId > tally.ThroughDecisionId).OrderBy(t => t.DecisionId).ThenBy(t => t.At))
            tally.Add(turn);
        return tally.Render(MaxChars);
    }
}
