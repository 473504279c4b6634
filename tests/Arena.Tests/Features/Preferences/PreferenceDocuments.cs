namespace Arena.Tests.Features.Preferences;

/// <summary>Preference bodies the tests send.</summary>
internal static class PreferenceDocuments
{
    /// <summary>A complete, valid document in which every field differs from its default.</summary>
    public static JsonObject NonDefault() => new()
    {
        ["timeframe"] = "4h",
        ["speed"] = "fast",
        ["sfx"] = false,
        ["signals"] = false,
        ["language"] = "de",
        ["theme"] = "light",
        ["dataSource"] = "binance",
        ["universe"] = "NIFTY500",
        ["marketRegion"] = "India",
        ["riskProfile"] = "Aggressive",
        ["tradingModes"] = new JsonObject { ["intraday"] = false, ["swing"] = true, ["options"] = true, ["futures"] = false },
        ["primaryMode"] = "Swing",
        ["auxiliaryModes"] = new JsonArray("Options"),
        ["disclosureAcceptedAt"] = "2025-01-31T09:30:00.123456+00:00", // as the API writes it back
    };

    public static readonly string[] FieldNames =
    [
        "timeframe", "speed", "sfx", "signals", "language", "theme", "dataSource", "universe", "marketRegion",
        "riskProfile", "tradingModes", "primaryMode", "auxiliaryModes", "disclosureAcceptedAt",
    ];

    /// <summary>Every enumerated field, with a value that is not one of its wire names (often a near miss).</summary>
    public static TheoryData<string, JsonNode> UnknownEnumValues() => new()
    {
        { "timeframe", "2h" },
        { "speed", "ludicrous" },
        { "language", "EN" },
        { "theme", "Dark" },
        { "dataSource", "bloomberg" },
        { "universe", "nifty50" },
        { "marketRegion", "Mars" },
        { "riskProfile", "Reckless" },
        { "primaryMode", "Scalping" },
        { "timeframe", 60 },
    };

    public static ReadOnlyMemory<byte> Utf8(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    public static ReadOnlyMemory<byte> Utf8(string json) => Encoding.UTF8.GetBytes(json);
}
