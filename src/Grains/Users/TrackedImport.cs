using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Arena.Grains.Signals;

namespace Arena.Grains.Users;

/// <summary>
/// Reads MAXI⚡DOGE's tracked-signal store (<c>stockclaw_tracked</c>): a JSON array of items (or an object with an
/// <c>items</c> or <c>signals</c> array). Names are matched loosely, as the app wrote several shapes: symbol from
/// <c>symbol</c>/<c>pair</c>/<c>ticker</c> ("BTC/USDT" is BTCUSDT), side from <c>direction</c>/<c>dir</c>/<c>side</c>
/// (long, short, buy, sell), <c>entry</c>/<c>entryPrice</c>/<c>price</c>, <c>sl</c>/<c>stopLoss</c>, <c>tp</c>/<c>takeProfit</c>,
/// <c>note</c>/<c>source</c>/<c>agent</c>, <c>trackedAt</c>/<c>createdAt</c>/<c>timestamp</c> (ISO-8601 or Unix ms). The
/// client's <c>id</c> is the row's <c>external_id</c>; an item without one is named by a hash of its JSON, so importing
/// the same store twice adds nothing. Items that cannot be read are skipped with the reason. Pure.
/// </summary>
internal static class TrackedImport
{
    public const string Key = "stockclaw_tracked";

    private const int MaxNote = 500;

    public static KeyChange Read(string key, string value, DateTimeOffset now)
    {
        var root = JsonNode.Parse(value);
        var items = root as JsonArray ?? (Field(root as JsonObject, "items") ?? Field(root as JsonObject, "signals")) as JsonArray;
        if (items is null) return new KeyChange.Settled(new ImportedKey(key, ImportedKey.Invalid, "Expected an array of tracked signals.", []));
        var read = new List<TrackedSignal>();
        var skipped = new List<string>();
        var index = 0;
        foreach (var node in items)
        {
            var (item, why) = Item(node as JsonObject, now);
            if (item is not null) read.Add(item);
            else skipped.Add($"item {index}: {why}");
            index++;
        }
        return new KeyChange.Tracked(key, read, skipped);
    }

    private static (TrackedSignal? Item, string? Why) Item(JsonObject? o, DateTimeOffset now)
    {
        if (o is null) return (null, "not an object.");
        var symbol = Text(Field(o, "symbol") ?? Field(o, "pair") ?? Field(o, "ticker"))?.ToUpperInvariant().Replace("/", "").Replace("-", "").Replace("_", "").Replace(" ", "");
        if (symbol is null || symbol.Length > 32 || !symbol.All(char.IsAsciiLetterOrDigit)) return (null, "no readable symbol.");
        SignalDirection? direction = Text(Field(o, "direction") ?? Field(o, "dir") ?? Field(o, "side"))?.ToLowerInvariant() switch
        {
            "long" or "buy" => SignalDirection.Long,
            "short" or "sell" => SignalDirection.Short,
            _ => null,
        };
        if (direction is null) return (null, "the direction is not long or short.");
        var entry = Number(Field(o, "entry") ?? Field(o, "entryprice") ?? Field(o, "price"));
        if (entry is not > 0) return (null, "no positive entry price.");
        var stop = Number(Field(o, "sl") ?? Field(o, "stoploss"));
        var target = Number(Field(o, "tp") ?? Field(o, "takeprofit"));
        var note = Text(Field(o, "note") ?? Field(o, "source") ?? Field(o, "agent"));
        if (note is { Length: > MaxNote }) note = note[..MaxNote];
        var external = Text(Field(o, "id")) ?? "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(o.ToJsonString())))[..32];
        if (external.Length > 128) return (null, "the id is longer than 128 characters.");
        var at = Time(Field(o, "trackedat") ?? Field(o, "createdat") ?? Field(o, "timestamp")) ?? now;
        return (new TrackedSignal(Guid.CreateVersion7(now), null, symbol, direction.Value, entry.Value, stop is > 0 ? stop : null, target is > 0 ? target : null,
            note, external, at), null);
    }

    /// <summary>The first member whose name, lower-cased without '_' and '-', is <paramref name="name"/>.</summary>
    private static JsonNode? Field(JsonObject? o, string name) =>
        o?.FirstOrDefault(p => p.Key.Replace("_", "").Replace("-", "").Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    private static string? Text(JsonNode? node) => node is JsonValue v
        ? v.TryGetValue<string>(out var s) ? (string.IsNullOrWhiteSpace(s) ? null : s.Trim())
        : v.GetValueKind() == JsonValueKind.Number ? v.ToJsonString() : null
        : null;

    private static decimal? Number(JsonNode? node) => node is JsonValue v
        ? v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<decimal>(out var d) ? d
        : v.TryGetValue<string>(out var s) && decimal.TryParse(s.Trim().TrimStart('$'), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null
        : null;

    private static DateTimeOffset? Time(JsonNode? node)
    {
        if (node is not JsonValue v) return null;
        if (v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var ms) && ms > 0 && ms < 253402300799999)
            return DateTimeOffset.FromUnixTimeMilliseconds(ms);
        return v.TryGetValue<string>(out var s) && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at.ToUniversalTime() : null;
    }
}
