namespace Arena.Grains.Legacy;

/// <summary>What an import added and what it found already there. A repeated import adds nothing.</summary>
public sealed record ImportSummary(
    int BotsCreated,
    int BotsPresent,
    IReadOnlyList<(string From, string To)> Renamed,
    int ProvidersCreated,
    int ProvidersPresent,
    int TradesAdded,
    int TradesPresent,
    int OpenPositionsAdded,
    int ClosedPositionsAdded,
    int PositionsPresent,
    int DecisionsAdded,
    int DecisionsPresent,
    int SymbolsAdded,
    int SymbolsPresent,
    int MarketDataIgnored,
    IReadOnlyList<string> Warnings)
{
    public IEnumerable<string> Lines()
    {
        yield return $"bots:       {BotsCreated} created, {BotsPresent} already present";
        foreach (var (from, to) in Renamed) yield return $"            renamed '{from}' -> '{to}'";
        yield return $"providers:  {ProvidersCreated} created, {ProvidersPresent} already present";
        yield return $"trades:     {TradesAdded} added, {TradesPresent} already present";
        yield return $"positions:  {OpenPositionsAdded + ClosedPositionsAdded} added ({OpenPositionsAdded} open, {ClosedPositionsAdded} closed), {PositionsPresent} already present";
        yield return $"decisions:  {DecisionsAdded} added, {DecisionsPresent} already present";
        yield return $"symbols:    {SymbolsAdded} added (inactive), {SymbolsPresent} already present";
        yield return $"marketData: {MarketDataIgnored} entries ignored (prices are not history)";
        yield return $"warnings:   {Warnings.Count}";
        foreach (var warning in Warnings) yield return $"  - {warning}";
    }
}

/// <summary>The writer's answer: a summary, or why nothing was written.</summary>
public sealed record ImportOutcome(ImportSummary? Summary, IReadOnlyList<LegacyError> Errors)
{
    public bool Succeeded => Summary is not null;
}
