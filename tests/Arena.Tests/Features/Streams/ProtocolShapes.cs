using Arena.Tests.Contract;

namespace Arena.Tests.Features.Streams;

/// <summary>
/// The message shapes as docs/stream-protocol.md writes them (its "Server messages" tables), read from the page
/// itself, so the page and the server cannot drift apart: every message a test client receives is checked here.
/// </summary>
public static class ProtocolShapes
{
    private static readonly Lazy<string> Page = new(() =>
        File.ReadAllText(Path.Combine(ConfigurationDocsTests.RepositoryRoot(), "docs", "stream-protocol.md")));

    private static readonly Lazy<Dictionary<string, Dictionary<string, string>>> Shapes = new(ReadShapes);

    /// <summary>Control messages and object shapes, each as field → documented type.</summary>
    public static IReadOnlyDictionary<string, Dictionary<string, string>> All => Shapes.Value;

    /// <summary>Event types listed in the page's "Event types" table.</summary>
    public static IReadOnlySet<string> EventTypes { get; } = ReadEventTypes();

    /// <summary>What is wrong with <paramref name="message"/> (nothing when it matches its documented shape).</summary>
    public static List<string> Check(JsonObject message)
    {
        var errors = new List<string>();
        var shape = message.ContainsKey("data") ? "event" : message["type"]?.GetValue<string>() ?? "(no type)";
        if (!IsMessage(shape)) errors.Add($"undocumented message type '{shape}'");
        else CheckValue(message, shape, "$", errors);
        return errors;
    }

    /// <summary>A message is the event envelope or a control shape whose <c>type</c> is documented as that very string.</summary>
    private static bool IsMessage(string shape) =>
        shape == "event" || (All.TryGetValue(shape, out var fields) && fields.GetValueOrDefault("type") == $"\"{shape}\"");

    private static void CheckValue(JsonNode? node, string type, string path, List<string> errors)
    {
        if (type.EndsWith(" or null", StringComparison.Ordinal))
        {
            if (node is null) return;
            type = type[..^" or null".Length];
        }
        if (node is null)
        {
            errors.Add($"{path}: null, documented as {type}");
            return;
        }
        if (type.StartsWith("array of ", StringComparison.Ordinal))
        {
            if (node is not JsonArray array) errors.Add($"{path}: not an array");
            else for (var i = 0; i < array.Count; i++) CheckValue(array[i], type["array of ".Length..], $"{path}[{i}]", errors);
            return;
        }
        var kind = node.GetValueKind();
        var ok = type switch
        {
            "integer" => kind == JsonValueKind.Number && long.TryParse(node.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            "number" => kind == JsonValueKind.Number,
            "string" => kind == JsonValueKind.String,
            "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
            "timestamp" => kind == JsonValueKind.String && DateTimeOffset.TryParse(node.GetValue<string>(), CultureInfo.InvariantCulture, out _),
            "object" => kind == JsonValueKind.Object,
            _ when type.StartsWith('"') => kind == JsonValueKind.String && node.GetValue<string>() == type.Trim('"'),
            _ => CheckObject(node, type, path, errors),
        };
        if (!ok) errors.Add($"{path}: {node.ToJsonString()} is not {type}");
    }

    private static bool CheckObject(JsonNode node, string shape, string path, List<string> errors)
    {
        if (!All.TryGetValue(shape, out var fields)) throw new InvalidOperationException($"docs/stream-protocol.md names an undefined type '{shape}'");
        if (node is not JsonObject obj) return false;
        foreach (var (name, type) in fields)
            if (!obj.ContainsKey(name)) errors.Add($"{path}.{name}: missing");
            else CheckValue(obj[name], type, $"{path}.{name}", errors);
        foreach (var (name, _) in obj)
            if (!fields.ContainsKey(name)) errors.Add($"{path}.{name}: not documented");
        return true;
    }

    private static Dictionary<string, Dictionary<string, string>> ReadShapes()
    {
        var page = Page.Value;
        var section = page[page.IndexOf("### Server messages", StringComparison.Ordinal)..page.IndexOf("### Keep-alive", StringComparison.Ordinal)];
        var shapes = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        Dictionary<string, string>? current = null;
        foreach (var line in section.Split('\n'))
        {
            if (line.StartsWith("#### `", StringComparison.Ordinal)) shapes[line.Split('`')[1]] = current = new(StringComparer.Ordinal);
            else if (current is not null && line.StartsWith("| `", StringComparison.Ordinal))
            {
                var cells = line.Split('|');
                current[cells[1].Trim().Trim('`')] = cells[2].Trim().Trim('`');
            }
        }
        Assert.True(shapes.Count >= 9, "docs/stream-protocol.md: the message tables were not found");
        return shapes;
    }

    private static HashSet<string> ReadEventTypes()
    {
        var page = Page.Value;
        var section = page[page.IndexOf("## Event types", StringComparison.Ordinal)..page.IndexOf("## The sequencing guarantee", StringComparison.Ordinal)];
        return section.Split('\n')
            .Where(l => l.StartsWith("| `", StringComparison.Ordinal))
            .SelectMany(l => l.Split('|')[1].Split('`').Where((_, i) => i % 2 == 1))
            .ToHashSet(StringComparer.Ordinal);
    }
}
