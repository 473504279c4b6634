namespace Arena.Grains.Common;

/// <summary>
/// Checks that parsed JSON holds only text. JSON may escape a lone UTF-16 surrogate (<c>"\ud800"</c>): the parser
/// accepts it, but no Unicode string can hold it, so <see cref="JsonElement.GetString"/> and
/// <see cref="JsonProperty.Name"/> throw on it. Code that reads a <see cref="JsonDocument"/> by hand checks the
/// element here first; after that every string and member name in it reads safely.
/// </summary>
public static class JsonStrings
{
    public const string InvalidTextMessage = "Must be valid Unicode text: a lone surrogate escape such as \\ud800 is not text.";

    /// <summary>
    /// The path below <paramref name="path"/> (<c>tradingModes</c>, <c>auxiliaryModes[0]</c>) of the first string that is
    /// not text, or of the object holding a member name that is not text; null when every string is text.
    /// </summary>
    public static string? FindInvalidText(JsonElement json, string path)
    {
        switch (json.ValueKind)
        {
            case JsonValueKind.String:
                return IsText(json) ? null : path;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in json.EnumerateArray())
                    if (FindInvalidText(item, $"{path}[{index++}]") is { } invalid) return invalid;
                return null;
            case JsonValueKind.Object:
                foreach (var member in json.EnumerateObject())
                {
                    if (!TryGetName(member, out var name)) return path;
                    if (FindInvalidText(member.Value, path.Length == 0 ? name : $"{path}.{name}") is { } invalid) return invalid;
                }
                return null;
            default:
                return null;
        }
    }

    /// <summary>Adds <see cref="InvalidTextMessage"/> under the failing path (<paramref name="field"/> or below it); true when the element is all text.</summary>
    public static bool CheckText(JsonElement json, string field, FieldErrors errors)
    {
        if (FindInvalidText(json, field) is not { } invalid) return true;
        errors.Add(invalid.Length == 0 ? "body" : invalid, InvalidTextMessage);
        return false;
    }

    // The only way System.Text.Json offers to test an escaped string is to decode it.
    private static bool IsText(JsonElement json)
    {
        try
        {
            json.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool TryGetName(JsonProperty member, out string name)
    {
        try
        {
            name = member.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            name = "";
            return false;
        }
    }
}
