using System.Text.Json.Nodes;
using static Arena.Grains.Common.LooseJson;

namespace Arena.Grains.Desk;

/// <summary>
/// MAXI⚡DOGE's copy-trade drafts (<c>stockclaw_copytrades</c> or <c>stockclaw_copytrade</c>, one draft or a list, seed 000 "Terminal": the copy-trade publish intent) taken
/// over as DRAFT copy runs: nothing is followed until the user publishes one. An item becomes a
/// <see cref="CopyRunDraft"/> read loosely (<see cref="LooseJson"/>): the bot from <c>botId</c>/<c>bot</c>/<c>agentId</c>/
/// <c>agent</c>; <c>fraction</c> (proportional sizing) or <c>notional</c>/<c>amount</c>/<c>size</c> (fixed); <c>maxLeverage</c>
/// or <c>leverage</c> (default 1); <c>maxOpenPositions</c> (default 3); <c>priceToleranceBps</c> (default 50); <c>symbols</c>, or
/// one <c>symbol</c>/<c>pair</c>. The client's <c>id</c> (or a hash of the item) is the run's <c>external_id</c>, so a
/// second import finds the run and adds nothing. The desk checks each draft with the same rules as
/// <c>POST /api/copy-runs</c>; a draft naming no active bot is skipped with the reason.
/// </summary>
public static class CopyDraftImport
{
    public const string Key = "stockclaw_copytrades";

    /// <summary>The keys the drafts may be stored under (the app's stores are named both ways).</summary>
    public static readonly IReadOnlySet<string> Keys = new HashSet<string>(StringComparer.Ordinal) { Key, "stockclaw_copytrade" };
    public const int DefaultMaxLeverage = 1;
    public const int DefaultMaxOpenPositions = 3;
    public const int DefaultPriceToleranceBps = 50;

    /// <summary>The readable drafts and, for each unreadable item, why; null drafts when the value is not a list at all.</summary>
    public static (IReadOnlyList<CopyRunDraft>? Drafts, IReadOnlyList<string> Skipped) Read(string value)
    {
        var root = JsonNode.Parse(value);
        // One draft stored alone, or a list of them.
        var items = Items(root, "items", "drafts", "runs") ?? (root is JsonObject single ? new JsonArray(single.DeepClone()) : null);
        if (items is null) return (null, ["Expected an array of copy-trade drafts."]);
        var drafts = new List<CopyRunDraft>();
        var skipped = new List<string>();
        for (var i = 0; i < items.Count && i < CopyRunRules.MaxLiveRuns * 10; i++)
        {
            if (items[i] is not JsonObject o) { skipped.Add($"item {i}: not an object."); continue; }
            var bot = Text(Field(o, "botid") ?? Field(o, "bot") ?? Field(o, "agentid") ?? Field(o, "agent"));
            if (bot is null) { skipped.Add($"item {i}: names no bot to follow."); continue; }
            var fraction = Number(Field(o, "fraction"));
            var notional = Number(Field(o, "notional") ?? Field(o, "amount") ?? Field(o, "size"));
            if (fraction is null && notional is null) { skipped.Add($"item {i}: no fraction or notional to size the mirrors."); continue; }
            var symbols = Field(o, "symbols") is JsonArray list
                ? list.Select(Text).ToArray()
                : Symbol(o) is { } one ? [one] : null;
            drafts.Add(new CopyRunDraft(bot, fraction is not null ? "proportional" : "fixed", fraction, fraction is null ? notional : null,
                Whole(Field(o, "maxleverage") ?? Field(o, "leverage")) ?? DefaultMaxLeverage,
                Whole(Field(o, "maxopenpositions")) ?? DefaultMaxOpenPositions,
                Whole(Field(o, "pricetolerancebps") ?? Field(o, "tolerancebps")) ?? DefaultPriceToleranceBps,
                symbols, ExternalId(o)));
        }
        return (drafts, skipped);
    }

    private static int? Whole(JsonNode? node) => Number(node) is { } n && n == decimal.Truncate(n) && n is >= int.MinValue and <= int.MaxValue ? (int)n : null;
}
