using System.Text.RegularExpressions;

namespace Arena.Grains.Legacy;

/// <summary>Legacy ids and names turned into this system's ids. Pure functions.</summary>
public static partial class LegacyIds
{
    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{1,63}$")]
    private static partial Regex BotIdPattern();

    public static bool IsValidBotId(string id) => BotIdPattern().IsMatch(id);

    /// <summary>
    /// The id kept when it is already valid; otherwise lower-cased, every other character → '-', leading
    /// '-'/'_' dropped, cut to 64, and prefixed with "bot-" when fewer than 2 characters remain.
    /// </summary>
    public static string BotId(string legacyId)
    {
        if (IsValidBotId(legacyId)) return legacyId;
        var cleaned = Clean(legacyId);
        if (cleaned.Length < 2) cleaned = "bot-" + cleaned;
        return cleaned.Length > 64 ? cleaned[..64] : cleaned;
    }

    /// <summary><c>legacy-&lt;provider&gt;</c> with the provider name cleaned like a bot id ("unknown" when absent).</summary>
    public static string ProviderId(string? legacyProvider)
    {
        var name = legacyProvider is null ? "" : Clean(legacyProvider).TrimEnd('-', '_');
        if (name.Length == 0) name = "unknown";
        var id = "legacy-" + name;
        return id.Length > 64 ? id[..64] : id;
    }

    /// <summary>OpenAI-compatible endpoints of the providers the legacy arena used; others are left for an admin to fill in.</summary>
    public static string? ProviderBaseUrl(string providerId) => providerId switch
    {
        "legacy-gemini" => "https://generativelanguage.googleapis.com/v1beta/openai/",
        "legacy-grok" or "legacy-xai" => "https://api.x.ai/v1",
        "legacy-openai" => "https://api.openai.com/v1",
        "legacy-deepseek" => "https://api.deepseek.com/v1",
        _ => null,
    };

    private static string Clean(string text)
    {
        var chars = text.Trim().ToLowerInvariant().Select(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-' ? c : '-').ToArray();
        return new string(chars).TrimStart('-', '_');
    }
}
