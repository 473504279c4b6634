using System.Collections.Frozen;

namespace Arena.Grains.Users;

/// <summary>
/// The blocklist of NIST SP 800-63B rev. 4 (3.1.1.2): a password is refused when it is, or is a listed word padded with
/// digits, on the shipped list of common and breached passwords (<c>common-passwords.txt</c>), a short unit repeated, a
/// keyboard or alphabet run, or a context word (the service's name, the username, the email) with only digits or one of
/// the above around it. Comparison is on a skeleton (lower case, '@' as 'a', '$' as 's', letters and digits only), so
/// "P@ssword 2024!" meets "password", and on that skeleton with common digit-for-letter swaps undone (0→o, 1→i, 3→e,
/// 4→a, 5→s, 7→t). Only what an attacker tries early is refused; there are no composition rules.
/// </summary>
public static class CommonPasswords
{
    private const string ResourceName = "Arena.Grains.Users.common-passwords.txt";

    /// <summary>The service's own name: the first word a guesser tries against it.</summary>
    private static readonly string[] ServiceWords = ["arena"];

    private static readonly Lazy<FrozenSet<string>> Listed = new(Load);

    // Runs typed along a keyboard or counted in order; a password that is a stretch of one (either way) is a pattern.
    private static readonly string[] Runs = BuildRuns(
        string.Concat(Enumerable.Repeat("0123456789", 4)),
        "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
        "1234567890qwertyuiopasdfghjklzxcvbnm",
        "qwertzuiopasdfghjklyxcvbnm",
        "azertyuiopqsdfghjklmwxcvbn",
        "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
        "qazwsxedcrfvtgbyhnujmikolp",
        "zaq1xsw2cde3vfr4bgt5nhy6mju7ki8lo9p0",
        "1q2w3e4r5t6y7u8i9o0p",
        "q1w2e3r4t5y6u7i8o9p0");

    /// <summary>How many entries the shipped list holds (for the docs and tests).</summary>
    public static int Count => Listed.Value.Count;

    /// <summary>Whether <paramref name="password"/> is guessable as described above; <paramref name="context"/> holds the username and email.</summary>
    public static bool IsGuessable(string password, params IEnumerable<string?> context)
    {
        var skeleton = Skeleton(password);
        var forms = new List<string> { skeleton };
        var word = skeleton.Trim("0123456789".ToCharArray());
        if (word.Length > 0 && word.Length < skeleton.Length) forms.Add(word);
        foreach (var form in forms.ToArray()) forms.Add(Unleet(form));
        // Symbols the skeleton drops still repeat ("!!!!!!!!!!!!!!!!").
        if (forms.Any(IsPattern) || IsRepetition(password.ToLowerInvariant())) return true;

        var contextWords = ServiceWords.Concat(ContextWords(context)).Where(w => w.Length >= 3).Distinct().ToArray();
        foreach (var form in forms)
            foreach (var contextWord in contextWords.Where(form.Contains))
            {
                var rest = form.Replace(contextWord, "", StringComparison.Ordinal);
                if (rest.Length == 0 || rest.All(char.IsAsciiDigit) || IsPattern(rest)) return true;
            }
        return false;
    }

    /// <summary>Lower case, '@' as 'a' and '$' as 's', then letters and digits only: the form the list is stored in.</summary>
    public static string Skeleton(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            var mapped = c switch { '@' => 'a', '$' => 's', _ => c };
            if (char.IsLetterOrDigit(mapped)) builder.Append(mapped);
        }
        return builder.ToString();
    }

    private static bool IsPattern(string form) =>
        form.Length >= 3 && (Listed.Value.Contains(form) || IsRun(form) || IsRepetition(form));

    private static bool IsRun(string form) => Runs.Any(run => run.Contains(form, StringComparison.Ordinal));

    /// <summary>A unit said again and again ("abcabcabc…", "passwordpassword"): refused when the unit is short or itself a pattern.</summary>
    private static bool IsRepetition(string form)
    {
        for (var period = 1; period <= form.Length / 2; period++)
        {
            var repeats = true;
            for (var i = period; i < form.Length && repeats; i++) repeats = form[i] == form[i - period];
            if (repeats) return period <= 4 || Listed.Value.Contains(form[..period]) || IsRun(form[..period]);
        }
        return false;
    }

    private static string Unleet(string form) => string.Create(form.Length, form, static (span, source) =>
    {
        for (var i = 0; i < source.Length; i++)
            span[i] = source[i] switch { '0' => 'o', '1' => 'i', '3' => 'e', '4' => 'a', '5' => 's', '7' => 't', var c => c };
    });

    private static IEnumerable<string> ContextWords(IEnumerable<string?> context)
    {
        foreach (var value in context)
        {
            if (string.IsNullOrWhiteSpace(value)) continue;
            var at = value.IndexOf('@', StringComparison.Ordinal);
            // The whole email is a context word, and so is its local part ("alice" of alice@example.com).
            if (at > 0) yield return Skeleton(value[..at]);
            yield return Skeleton(value);
        }
    }

    private static string[] BuildRuns(params string[] runs) =>
        [.. runs, .. runs.Select(r => new string(r.Reverse().ToArray()))];

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(CommonPasswords).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var entries = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0 && line[0] != '#') entries.Add(line);
        return entries.ToFrozenSet(StringComparer.Ordinal);
    }
}
