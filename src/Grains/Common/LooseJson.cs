using System.Text.Json.Nodes;

namespace Arena.Grains.Common;

/// <summary>
/// Reading the legacy apps' browser stores, which wrote one thing several ways: member names matched loosely
/// (case, '_' and '-' ignored), numbers as JSON numbers or strings ("$12.5"), times as ISO-8601 or Unix milliseconds.
/// </summary>
internal static class LooseJson
{
    /// <summary>The first member whose name, lower-cased without '_' and '-', is <paramref name="name"/>.</summary>
    public static JsonNode? Field(JsonObject? o, string name) =>
        o?.FirstOrDefault(p => p.Key.Replace("_", "").Replace("-", "").Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    public static string? Text(JsonNode? node) => node is JsonValue v
        ? v.TryGetValue<string>(out var s) ? (string.IsNullOrWhiteSpace(s) ? null : s.Trim())
        : v.GetValueKind() == JsonValueKind.Number ? v.ToJsonString() : null
        : null;

    public static decimal? Number(JsonNode? node) => node is JsonValue v
        ? v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<decimal>(out var d) ? d
        : v.TryGetValue<string>(out var s) && decimal.TryParse(s.Trim().TrimStart('$'), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null
        : null;

    public static DateTimeOffset? Time(JsonNode? node)
    {
        if (node is not JsonValue v) return null;
        if (v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var ms) && ms > 0 && ms < 253402300799999)
            return DateTimeOffset.FromUnixTimeMilliseconds(ms);
        return v.TryGetValue<string>(out var s) && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at.ToUniversalTime() : null;
    }

    /// <summary>"BTC/USDT", "btc-usdt" or "BTC_USDT" as BTCUSDT; null unless 1–32 ASCII letters and digits remain.</summary>
    public static string? Symbol(JsonObject o)
    {
        var symbol = Text(Field(o, "symbol") ?? Field(o, "pair") ?? Field(o, "ticker"))?.ToUpperInvariant().Replace("/", "").Replace("-", "").Replace("_", "").Replace(" ", "");
        return symbol is { Length: > 0 and <= 32 } && symbol.All(char.IsAsciiLetterOrDigit) ? symbol : null;
    }

    /// <summary>long/buy or short/sell from <c>direction</c>, <c>dir</c> or <c>side</c>: true for long, false for short, null otherwise.</summary>
    public static bool? IsLong(JsonObject o) => Text(Field(o, "direction") ?? Field(o, "dir") ?? Field(o, "side"))?.ToLowerInvariant() switch
    {
        "long" or "buy" => true,
        "short" or "sell" => false,
        _ => null,
    };

    /// <summary>The client's <c>id</c>, or a hash of the item's JSON when it has none (so the same item is named the same on every import).</summary>
    public static string ExternalId(JsonObject o) =>
        Text(Field(o, "id")) ?? "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(o.ToJsonString())))[..32];

    /// <summary>The items of a stored list: the array itself, or the array under one of <paramref name="members"/>.</summary>
    public static JsonArray? Items(JsonNode? root, params string[] members) =>
        root as JsonArray ?? members.Select(m => Field(root as JsonObject, m)).OfType<JsonArray>().FirstOrDefault();
}
