using System.Text.Json.Nodes;
using Arena.Grains.Signals;
using static Arena.Grains.Common.LooseJson;

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
        var items = Items(JsonNode.Parse(value), "items", "signals");
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
        if (Symbol(o) is not { } symbol) return (null, "no readable symbol.");
        if (IsLong(o) is not { } isLong) return (null, "the direction is not long or short.");
        var direction = isLong ? SignalDirection.Long : SignalDirection.Short;
        var entry = Number(Field(o, "entry") ?? Field(o, "entryprice") ?? Field(o, "price"));
        if (entry is not > 0) return (null, "no positive entry price.");
        var stop = Number(Field(o, "sl") ?? Field(o, "stoploss"));
        var target = Number(Field(o, "tp") ?? Field(o, "takeprofit"));
        var note = Text(Field(o, "note") ?? Field(o, "source") ?? Field(o, "agent"));
        if (note is { Length: > MaxNote }) note = note[..MaxNote];
        var external = ExternalId(o);
        if (external.Length > 128) return (null, "the id is longer than 128 characters.");
        var at = Time(Field(o, "trackedat") ?? Field(o, "createdat") ?? Field(o, "timestamp")) ?? now;
        return (new TrackedSignal(Guid.CreateVersion7(now), null, symbol, direction, entry.Value, stop is > 0 ? stop : null, target is > 0 ? target : null,
            note, external, at), null);
    }
}
