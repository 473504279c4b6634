using System.Text.Json.Serialization;

namespace Arena.Grains.Common;

/// <summary>
/// An enum's wire names (its <see cref="JsonStringEnumMemberNameAttribute"/> or member name), used
/// for JSON, for the text stored in the database, and for parsing legacy values.
/// </summary>
public static class WireEnum<T> where T : struct, Enum
{
    private static readonly (T Value, string Name)[] Members = Enum.GetValues<T>()
        .Select(v => (v, typeof(T).GetField(v.ToString())!.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? v.ToString()))
        .ToArray();

    public static IReadOnlyList<string> Names { get; } = Members.Select(m => m.Name).ToArray();

    public static string Name(T value) => Members.First(m => EqualityComparer<T>.Default.Equals(m.Value, value)).Name;

    public static string? Name(T? value) => value is { } v ? Name(v) : null;

    /// <summary>Exact wire name first, then a case-insensitive match (legacy stores were not consistent).</summary>
    public static bool TryParse(string? text, out T value)
    {
        if (TryParseExact(text, out value)) return true;
        foreach (var m in Members)
            if (string.Equals(m.Name, text, StringComparison.OrdinalIgnoreCase)) { value = m.Value; return true; }
        value = default;
        return false;
    }

    /// <summary>The exact wire name only (no other case, no padding, no numbers): how the API reads enums.</summary>
    public static bool TryParseExact(string? text, out T value)
    {
        foreach (var m in Members)
            if (string.Equals(m.Name, text, StringComparison.Ordinal)) { value = m.Value; return true; }
        value = default;
        return false;
    }

    public static T? ParseOrNull(string? text) => text is not null && TryParse(text, out var v) ? v : null;
}
