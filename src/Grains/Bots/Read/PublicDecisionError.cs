using System.Text.RegularExpressions;

namespace Arena.Grains.Bots.Read;

/// <summary>
/// The public form of a failed turn's <c>bot_decisions.error</c>. The engine writes errors as
/// "category: detail" ("HTTP 503 Service Unavailable: &lt;the provider's body&gt;", "provider unavailable: &lt;why&gt;",
/// "the model refused: &lt;its text&gt;", "malformed answer: &lt;parser detail&gt;"). The detail can quote a provider's
/// own error text, a host name, a credential's name or a piece of the answer, so spectators get the category only,
/// with quoted names masked; admins read the full text through the admin API.
/// </summary>
public static partial class PublicDecisionError
{
    private const int MaxLength = 200;

    public static string? Summarize(string? stored)
    {
        if (stored is null) return null;
        var cut = stored.IndexOf(": ", StringComparison.Ordinal);
        var category = Quoted().Replace(cut >= 0 ? stored[..cut] : stored, "'…'").Trim();
        return category.Length > MaxLength ? category[..MaxLength] + "…" : category;
    }

    [GeneratedRegex("'[^']*'")]
    private static partial Regex Quoted();
}
