namespace Arena.Grains.Trading;

/// <summary>
/// The textual half of the answer repair: stripping a Markdown fence and finding JSON in prose.
/// Iterative and bounded (no recursion, a capped nesting stack, a capped number of candidates, each
/// character scanned once), so hostile input costs one linear scan.
/// </summary>
internal static class JsonRepair
{
    public const int MaxCandidates = 16;

    public enum Stop { None, Unbalanced, TooDeep }

    /// <summary>The content of the first ``` fence (a language tag on the opening line is dropped; an unclosed fence runs to the end).</summary>
    public static bool TryStripFence(string text, out string inner)
    {
        inner = text;
        var open = text.IndexOf("```", StringComparison.Ordinal);
        if (open < 0) return false;
        var lineEnd = text.IndexOf('\n', open + 3);
        if (lineEnd < 0) return false;
        var close = text.IndexOf("```", lineEnd + 1, StringComparison.Ordinal);
        inner = close < 0 ? text[(lineEnd + 1)..] : text[(lineEnd + 1)..close];
        return true;
    }

    /// <summary>
    /// The top-level bracket regions of the text, in order: each starts at a '[' or '{' outside any
    /// earlier region and ends at its matching bracket (brackets inside JSON strings do not count).
    /// Regions never nest, so a piece of a broken list is never a candidate of its own. The search
    /// stops at the first region that is cut off, closed by the wrong bracket or nested deeper than
    /// <paramref name="maxDepth"/> (<paramref name="stop"/>): what follows cannot be trusted, and a
    /// cut-off answer must never be executed in part.
    /// </summary>
    public static IReadOnlyList<string> Candidates(string text, int maxDepth, out Stop stop)
    {
        var found = new List<string>();
        stop = Stop.None;
        var start = text.IndexOfAny(['[', '{']);
        while (start >= 0 && found.Count < MaxCandidates)
        {
            var end = MatchingEnd(text, start, maxDepth, out stop);
            if (stop != Stop.None) break;
            found.Add(text[start..(end + 1)]);
            start = text.IndexOfAny(['[', '{'], end + 1);
        }
        return found;
    }

    private static int MatchingEnd(string text, int start, int maxDepth, out Stop stop)
    {
        var expected = new Stack<char>();
        var inString = false;
        stop = Stop.None;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
                continue;
            }
            switch (c)
            {
                case '"':
                    inString = true;
                    break;
                case '[' or '{':
                    if (expected.Count >= maxDepth)
                    {
                        stop = Stop.TooDeep;
                        return -1;
                    }
                    expected.Push(c == '[' ? ']' : '}');
                    break;
                case ']' or '}':
                    if (expected.Pop() != c)
                    {
                        stop = Stop.Unbalanced;
                        return -1;
                    }
                    if (expected.Count == 0) return i;
                    break;
            }
        }
        stop = Stop.Unbalanced;
        return -1;
    }
}
