using System.Collections.Immutable;

namespace Arena.Tests.Abuse;

/// <summary>One broken body and what it must get: a 4xx problem, naming <see cref="Expectation.NamedField"/> when there is one.</summary>
public sealed record BodyMutation(string Name, Func<JsonObject, string> Build, Expectation Expected);

/// <summary>
/// Breaks a known-good body one way at a time, guided by the operation's schema: the whole body (malformed, deeply nested,
/// 1 MiB), each member the schema declares, nested members present in the base body (objects, the first array element,
/// the first map entry), unknown members and the usual mass-assignment names.
/// </summary>
public static class BodyMutations
{
    public static readonly string[] MassAssignment = ["role", "isAdmin", "userId", "id", "version"];

    private const string Raw = "@@abuse-raw@@";
    private const string LoneSurrogate = "\"\\ud800x\"";
    private const string Nul = "\"a\\u0000b\"";
    private static readonly string DeepNesting = new string('[', 10_000) + new string(']', 10_000);
    private static readonly string Megabyte = new('a', 1 << 20);

    private sealed record Member(string Path, ImmutableArray<object> Steps, ValueKind Kind);

    /// <summary>The mutations, each built on a fresh base body (shaped like <paramref name="baseBody"/>) when it is run.</summary>
    public static IEnumerable<BodyMutation> For(ApiOperation operation, JsonObject document, JsonObject baseBody)
    {
        yield return new("malformed JSON", b => b.ToJsonString()[..^1], Expectation.ClientError());
        if (BaseBodies.FreeForm.ContainsKey(BaseBodies.Key(operation)))
        {
            yield return new("deep nesting", _ => DeepNesting, Expectation.ClientError());
            yield return new("1 MiB string", b => With(b, ["big"], Megabyte), Expectation.ClientError());
            yield return new("lone surrogate", b => With(b, ["text"], LoneSurrogate, raw: true), Expectation.ClientError());
            // A \u0000 escape is valid JSON and the value is stored as JSON, so only a server error is wrong.
            yield return new("NUL", b => With(b, ["text"], Nul, raw: true), new Expectation("not 5xx", s => s is > 0 and < 500) { MayWriteWhenAccepted = true });
            yield break;
        }

        var schema = RouteTable.Resolve(document, operation.BodySchema);
        var members = Members(document, schema, baseBody, "", []).ToArray();
        var top = members.Where(m => m.Steps.Length == 1).ToArray();
        if (top.Length > 0) yield return new("deep nesting", b => With(b, top[0].Steps, DeepNesting, raw: true), Expectation.ClientError());
        var stringMember = top.FirstOrDefault(m => m.Kind is ValueKind.String or ValueKind.Any);
        yield return new("1 MiB string", b => With(b, stringMember?.Steps ?? ["abuseBig"], Megabyte), Expectation.ClientError());
        yield return new("unknown member", b => With(b, ["abuseUnknown"], "x"), Expectation.ClientError("abuseUnknown"));
        var declared = top.Select(m => m.Path).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var name in MassAssignment.Where(n => !declared.Contains(n)))
            yield return new($"mass assignment '{name}'", b => With(b, [name], MassAssignmentValue(name)), Expectation.ClientError(name));

        foreach (var member in members)
        {
            yield return new($"wrong type at {member.Path}", b => With(b, member.Steps, WrongType(member.Kind)), Expectation.ClientError(member.Path));
            if (member.Kind is not (ValueKind.String or ValueKind.Any)) continue;
            yield return new($"lone surrogate at {member.Path}", b => With(b, member.Steps, LoneSurrogate, raw: true), Expectation.ClientError(member.Path));
            yield return new($"NUL at {member.Path}", b => With(b, member.Steps, Nul, raw: true), Expectation.ClientError(member.Path));
        }
    }

    private static IEnumerable<Member> Members(JsonObject document, JsonObject schema, JsonNode? value, string prefix, ImmutableArray<object> steps)
    {
        foreach (var (name, declared) in schema["properties"]?.AsObject() ?? new JsonObject())
        {
            var member = RouteTable.Resolve(document, declared);
            var kind = RouteTable.KindOf(member);
            var path = prefix + name;
            var at = steps.Add(name);
            yield return new Member(path, at, kind);
            var present = (value as JsonObject)?[name];
            IEnumerable<Member> nested = kind switch
            {
                ValueKind.Object when present is JsonObject => Members(document, member, present, path + ".", at),
                ValueKind.Array when present is JsonArray { Count: > 0 } array && array[0] is JsonObject first =>
                    Members(document, RouteTable.Resolve(document, member["items"]), first, path + "[0].", at.Add(0)),
                ValueKind.Map when present is JsonObject { Count: > 0 } map =>
                    [new Member($"{path}.{map.First().Key}", at.Add(map.First().Key), RouteTable.KindOf(RouteTable.Resolve(document, member["additionalProperties"])))],
                _ => [],
            };
            foreach (var inner in nested) yield return inner;
        }
    }

    private static JsonNode WrongType(ValueKind kind) => kind switch
    {
        ValueKind.String => JsonValue.Create(42),
        ValueKind.Number => JsonValue.Create("not a number"),
        ValueKind.Boolean => JsonValue.Create("not a boolean"),
        ValueKind.Array => JsonValue.Create("not an array"),
        ValueKind.Object or ValueKind.Map => JsonValue.Create("not an object"),
        _ => new JsonObject { ["not"] = "a scalar" },
    };

    private static JsonNode MassAssignmentValue(string name) => name switch
    {
        "role" => JsonValue.Create("admin"),
        "isAdmin" => JsonValue.Create(true),
        "version" => JsonValue.Create(999),
        _ => JsonValue.Create(Guid.NewGuid().ToString()),
    };

    /// <summary>The base body with the member at <paramref name="steps"/> set to <paramref name="value"/> (raw JSON text when <paramref name="raw"/>).</summary>
    private static string With(JsonObject baseBody, IReadOnlyList<object> steps, object value, bool raw = false)
    {
        var body = baseBody.DeepClone();
        var parent = body;
        foreach (var step in steps.Take(steps.Count - 1)) parent = step is int i ? parent[i]! : parent[(string)step]!;
        var node = raw ? JsonValue.Create(Raw) : value as JsonNode ?? JsonValue.Create((string)value);
        if (steps[^1] is int index) parent.AsArray()[index] = node;
        else parent.AsObject()[(string)steps[^1]] = node;
        var text = body.ToJsonString();
        return raw ? text.Replace($"\"{Raw}\"", (string)value, StringComparison.Ordinal) : text;
    }
}
