using System.Text.RegularExpressions;

namespace Arena.Grains.Trading;

/// <summary>Reading a summary back into counters: exactly the lines <see cref="HistoryTally.Render(int)"/> writes.</summary>
internal sealed partial class HistoryTally
{
    public static HistoryTally Parse(string? summary)
    {
        var tally = new HistoryTally();
        if (string.IsNullOrWhiteSpace(summary) || tally.TryRead(summary.Split('\n'))) return tally;
        return new HistoryTally { earlierNotes = Notes(summary) };
    }

    /// <summary>A foreign summary as one capped line. Idempotent, so it reads back unchanged.</summary>
    private static string Notes(string text)
    {
        var line = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(w => new string(w.Where(c => !char.IsControl(c)).ToArray())).Where(w => w.Length > 0));
        return Fmt.Cap(line, MaxNotesChars);
    }

    private bool TryRead(string[] lines)
    {
        if (lines.Length < 7) return false;
        Match header = HeaderLine().Match(lines[0]), turnsLine = TurnsLine().Match(lines[1]),
            proposalsLine = ProposalsLine().Match(lines[2]), closedLine = ClosedLine().Match(lines[3]);
        if (!header.Success || !turnsLine.Success || !proposalsLine.Success || !closedLine.Success) return false;
        if (!lines[4].StartsWith("PnL by symbol: ", StringComparison.Ordinal) || !lines[5].StartsWith("Top rejections: ", StringComparison.Ordinal))
            return false;
        if (!long.TryParse(header.Groups[1].Value, CultureInfo.InvariantCulture, out var through)) return false;
        ThroughDecisionId = through;
        if (header.Groups[2].Success)
        {
            if (!DateTimeOffset.TryParseExact(header.Groups[2].Value, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal, out var at)) return false;
            throughAt = at;
        }
        if (!Ints(turnsLine, 2, out var t) || !Ints(proposalsLine, 6, out var p) || !Ints(closedLine, 6, out var c)) return false;
        (turns, unreadable) = (t[0], t[1]);
        (proposals, accepted, rejected, opened, closedByDecision, held) = (p[0], p[1], p[2], p[3], p[4], p[5]);
        (closed, wins, losses, stops, targets, liquidations) = (c[0], c[1], c[2], c[3], c[4], c[5]);
        realized = decimal.Parse(closedLine.Groups[7].Value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

        if (!Entries(lines[4]["PnL by symbol: ".Length..], SymbolEntry(), m =>
            {
                if (!int.TryParse(m.Groups[3].Value, CultureInfo.InvariantCulture, out var n) ||
                    !int.TryParse(m.Groups[4].Value, CultureInfo.InvariantCulture, out var won)) return false;
                bySymbol[m.Groups[1].Value] = new Pnl(decimal.Parse(m.Groups[2].Value,
                    NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture), n, won);
                return true;
            })) return false;
        if (!Entries(lines[5]["Top rejections: ".Length..], RejectionEntry(), m =>
            {
                if (!int.TryParse(m.Groups[2].Value, CultureInfo.InvariantCulture, out var n)) return false;
                rejections[m.Groups[1].Value] = n;
                return true;
            })) return false;

        var next = 6;
        if (lines[next].StartsWith("Earlier notes: ", StringComparison.Ordinal)) earlierNotes = lines[next++]["Earlier notes: ".Length..];
        if (next >= lines.Length || lines[next] != "Recent events (newest first):") return false;
        foreach (var line in lines.Skip(next + 1))
        {
            if (!line.StartsWith("- ", StringComparison.Ordinal)) return false;
            if (events.Count < MaxEvents) events.Add(line);
        }
        return true;
    }

    /// <summary>Groups 1..count as integers (false when one overflows an int).</summary>
    private static bool Ints(Match match, int count, out int[] values)
    {
        values = new int[count];
        for (var i = 0; i < count; i++)
            if (!int.TryParse(match.Groups[i + 1].Value, CultureInfo.InvariantCulture, out values[i])) return false;
        return true;
    }

    private static bool Entries(string list, Regex entry, Func<Match, bool> take)
    {
        if (list == "none") return true;
        foreach (var part in list.Split("; "))
        {
            var m = entry.Match(part);
            if (!m.Success || !take(m)) return false;
        }
        return true;
    }

    [GeneratedRegex(@"^\[history v1\] through decision #(\d+)(?: at (\S+))?$")]
    private static partial Regex HeaderLine();

    [GeneratedRegex(@"^Turns: (\d+) \(unreadable answers: (\d+)\)$")]
    private static partial Regex TurnsLine();

    [GeneratedRegex(@"^Proposals: (\d+) \(accepted (\d+), rejected (\d+)\); opened (\d+), closed (\d+), held (\d+)$")]
    private static partial Regex ProposalsLine();

    [GeneratedRegex(@"^Closed positions: (\d+) \(wins (\d+), losses (\d+), win rate [^)]+\); stops (\d+), targets (\d+), liquidations (\d+); realized PnL ([+-]?\d+\.\d{8}) USDT$")]
    private static partial Regex ClosedLine();

    [GeneratedRegex(@"^(\S+) ([+-]?\d+\.\d{8}) \((\d+) closed, (\d+) won\)$")]
    private static partial Regex SymbolEntry();

    [GeneratedRegex(@"^(\S+) x(\d+)$")]
    private static partial Regex RejectionEntry();
}
