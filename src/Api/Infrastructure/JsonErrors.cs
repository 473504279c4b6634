using System.Text.Json.Serialization;

namespace Arena.Api.Infrastructure;

/// <summary>Turns a JSON reading failure into the field it concerns and a sentence a client can act on.</summary>
public static class JsonErrors
{
    /// <summary>The field from the JSON path ($.tradingModes.swing → tradingModes.swing), or "body" for the document itself.</summary>
    public static (string Field, string Message) Describe(JsonException json)
    {
        var field = FieldOf(json);
        if (UnknownMember(json) is { } member)
        {
            var name = field == "body" || field == member || field.EndsWith("." + member, StringComparison.Ordinal) ? field == "body" ? member : field : field + "." + member;
            return (name, "Unknown field: this request has no such member.");
        }
        if (json is FieldJsonException) return (field, json.Message);
        var message = EnumHint(json) ?? (json.Path is null or "$" ? "The body must be a JSON object of the documented shape." : $"The value of '{field}' is not valid.");
        return (field, message);
    }

    /// <summary>The field a JSON path names ($.entries.a → entries.a), or "body" for the document itself.</summary>
    public static string FieldOf(JsonException json) =>
        string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "body" : json.Path.TrimStart('$', '.');

    public static Dictionary<string, string[]> ToErrors(JsonException json)
    {
        var (field, message) = Describe(json);
        return new Dictionary<string, string[]> { [field] = [message] };
    }

    // "The JSON property 'role' could not be mapped to any .NET member contained in type '...'." (unmapped members are refused)
    private static string? UnknownMember(JsonException json)
    {
        const string Marker = "could not be mapped to any .NET member";
        if (!json.Message.Contains(Marker, StringComparison.Ordinal)) return null;
        var start = json.Message.IndexOf('\'') + 1;
        var end = start > 0 ? json.Message.IndexOf('\'', start) : -1;
        return end > start ? json.Message[start..end] : null;
    }

    // "The JSON value could not be converted to Arena.Grains.Users.Theme" → list the accepted values.
    private static string? EnumHint(JsonException json)
    {
        const string Marker = "could not be converted to ";
        var at = json.Message.IndexOf(Marker, StringComparison.Ordinal);
        if (at < 0) return null;
        var typeName = json.Message[(at + Marker.Length)..].Split(' ')[0].TrimEnd('.');
        if (typeName.StartsWith("System.Nullable`1[", StringComparison.Ordinal)) typeName = typeName["System.Nullable`1[".Length..].TrimEnd(']');
        var type = typeof(Arena.Grains.Users.UserRole).Assembly.GetType(typeName);
        return type is { IsEnum: true } ? $"Must be one of: {string.Join(", ", WireNames(type))}." : null;
    }

    private static IEnumerable<string> WireNames(Type type) =>
        type.GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Select(f => f.GetCustomAttributes(typeof(JsonStringEnumMemberNameAttribute), false).OfType<JsonStringEnumMemberNameAttribute>().FirstOrDefault()?.Name ?? f.Name);
}
