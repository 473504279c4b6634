namespace Arena.Grains.Trading;

/// <summary>
/// Culture-invariant, scale-independent text for numbers in reasons, summaries and prompts: 100.50m and
/// 100.5m (equal values loaded or computed with different scales) print the same.
/// </summary>
internal static class Fmt
{
    /// <summary>Exact value, no trailing zeros, no exponent ("60030", "0.016", "-0.5").</summary>
    public static string Num(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

    /// <summary>A USDT amount for reading: two decimals ("9903.47").</summary>
    public static string Usd(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>A signed USDT amount for reading: two decimals with an explicit sign ("+31.02", "-4.10", "0.00").</summary>
    public static string SignedUsd(decimal value) =>
        Math.Round(value, 2, MidpointRounding.AwayFromZero).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture);

    /// <summary>A rate as a percentage ("0.05%" for 0.0005).</summary>
    public static string Percent(decimal rate) => Num(rate * 100m) + "%";

    /// <summary>UTC, second precision, ISO 8601 ("2026-01-02T03:04:05Z").</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A duration for reading: "30m", "1h 30m", "45s", "0s".</summary>
    public static string Duration(TimeSpan span)
    {
        if (span <= TimeSpan.Zero) return "0s";
        var parts = new List<string>();
        if (span.Days > 0) parts.Add($"{span.Days}d");
        if (span.Hours > 0) parts.Add($"{span.Hours}h");
        if (span.Minutes > 0) parts.Add($"{span.Minutes}m");
        if (span.Seconds > 0 || parts.Count == 0) parts.Add($"{span.Seconds}s");
        return string.Join(' ', parts);
    }

    /// <summary>User-supplied text quoted for a reason: one line, at most <paramref name="max"/> characters.</summary>
    public static string Quote(string? text, int max = 32) =>
        text is null ? "null" : "'" + Cap(new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray()), max) + "'";

    /// <summary>
    /// At most <paramref name="max"/> characters, then "…" if anything was cut. The result is valid
    /// UTF-16 (a lone surrogate becomes U+FFFD; a pair is never split), so it survives any strict
    /// UTF-8 encoder on its way to the database.
    /// </summary>
    public static string Cap(string text, int max)
    {
        var sb = new StringBuilder(Math.Min(text.Length, max) + 1);
        for (var i = 0; i < text.Length; i++)
        {
            var pair = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            if (sb.Length + (pair ? 2 : 1) > max) return sb.Append('…').ToString();
            if (pair) sb.Append(text[i]).Append(text[++i]);
            else sb.Append(char.IsSurrogate(text[i]) ? '\uFFFD' : text[i]);
        }
        return sb.ToString();
    }

    /// <summary>A symbol from history as one safe token: ASCII letters and digits, upper case, at most 20.</summary>
    public static string SymbolToken(string text) => Token(text.ToUpperInvariant(), 20, char.IsAsciiLetterOrDigit);

    /// <summary>An action from history as one safe token: A-Z and '_', at most 12.</summary>
    public static string ActionToken(string text) => Token(text.ToUpperInvariant(), 12, c => c is (>= 'A' and <= 'Z') or '_');

    /// <summary>A rejection code from history as one safe token: a-z, 0-9 and '_', at most 40.</summary>
    public static string CodeToken(string text) => Token(text, 40, c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_');

    // Text the bot wrote (an unknown symbol, say) comes back in later prompts and summaries: reduced
    // to one token it cannot add lines or instructions there.
    private static string Token(string text, int max, Func<char, bool> keep)
    {
        var kept = new string(text.Where(keep).Take(max).ToArray());
        return kept.Length == 0 ? "?" : kept;
    }
}
