namespace Arena.Grains.Common;

/// <summary>
/// Rules for text that other people see (display names, bot and provider names, notification titles): it must show
/// what it says. Refused, wherever they appear:
/// <list type="bullet">
/// <item>control characters (U+0000–U+001F, U+007F–U+009F: NUL, tab, CR, LF and the C1 set) and the line and
/// paragraph separators U+2028, U+2029: such text is one line;</item>
/// <item>bidirectional controls (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates, the marks U+200E,
/// U+200F and U+061C), which make text display in another order than it is stored ("gpj.exe" spoofing);</item>
/// <item>invisible characters that let two names look the same or a name look empty: U+00AD, U+034F, U+115F, U+1160,
/// U+180E, U+200B, U+2060–U+2064, U+3164, U+FEFF, U+FFA0, U+FFF9–U+FFFB;</item>
/// <item>unpaired surrogates (not Unicode text).</item>
/// </list>
/// Zero-width joiner and non-joiner (U+200C, U+200D) stay allowed: emoji sequences and several scripts need them.
/// docs/api.md lists the same rules for clients.
/// </summary>
public static class TextRules
{
    /// <summary>Adds an error naming <paramref name="field"/> and the first refused character; null text passes (requiredness is the caller's rule).</summary>
    public static FieldErrors CheckPublicText(string? text, string field, FieldErrors errors)
    {
        if (FindRefused(text) is { } refused) errors.Add(field, $"Must not contain {refused}.");
        return errors;
    }

    /// <summary>A description of the first refused character ("a control character (U+000A)"), or null when the text is clean.</summary>
    public static string? FindRefused(string? text)
    {
        if (text is null) return null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            if (Classify(c) is { } kind) return $"{kind} (U+{(int)c:X4})";
        }
        return null;
    }

    private static string? Classify(char c) => c switch
    {
        _ when char.IsSurrogate(c) => "an unpaired surrogate",
        _ when char.IsControl(c) => "a control character",
        '\u2028' or '\u2029' => "a line or paragraph separator",
        >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F' or '\u061C' => "a bidirectional control character",
        '\u00AD' or '\u034F' or '\u115F' or '\u1160' or '\u180E' or '\u200B' or >= '\u2060' and <= '\u2064'
            or '\u3164' or '\uFEFF' or '\uFFA0' or >= '\uFFF9' and <= '\uFFFB' => "an invisible formatting character",
        _ => null,
    };
}
