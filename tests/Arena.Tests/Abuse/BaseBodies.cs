using Arena.Tests.Features.Admin;
using Arena.Tests.Features.Wallet;

namespace Arena.Tests.Abuse;

/// <summary>
/// A known-good body for every operation that takes one, which the body cases then break one way at a time. The document's
/// schemas declare no required members and cannot say what a valid symbol, version or signature is, so the bodies are
/// written here; an operation with a body but no entry fails the suite, which is how a new route gets one.
/// Bodies are made fresh per case where a value can only be used once (names, versions, wallet challenges).
/// </summary>
public static class BaseBodies
{
    private static readonly Dictionary<string, Func<AbuseWorld, Task<JsonObject>>> Bodies = new(StringComparer.Ordinal)
    {
        ["POST /api/auth/register"] = w => Body(new { email = w.Unique("abuse") + "@example.test", username = w.Unique("abuse"), password = "correct horse battery" }),
        ["POST /api/auth/login"] = w => Body(new { login = w.SignInUser.Email, password = w.SignInUser.Password }),
        ["POST /api/auth/wallet/challenge"] = _ => Body(new { address = TestWallet.Create().Address }),
        ["POST /api/auth/wallet"] = SignedChallengeAsync,
        ["PUT /api/profile"] = w => Body(new { username = w.Owner.Username, displayName = "Owner", avatarUrl = "https://cdn.example.test/a.png" }),
        ["PUT /api/preferences"] = _ => Task.FromResult(Preferences()),
        ["PATCH /api/preferences"] = _ => Body(new { theme = "light", language = "de" }),
        ["POST /api/watchlist"] = w => Body(new { symbol = w.Unique("SYM").ToUpperInvariant(), exchange = "binance", notes = "watch" }),
        ["PUT /api/watchlist"] = _ => Body(new { items = new[] { new { symbol = "BTCUSDT", exchange = "binance", notes = "kept" } } }),
        ["PUT /api/ui-state/{key}"] = _ => Body(new { text = "any JSON value", panels = 2 }),
        ["POST /api/import/local-storage"] = _ => Body(new
        {
            entries = new Dictionary<string, string> { ["arise_risk"] = "Aggressive", ["arise_universe"] = "NIFTY500" },
            exportedAt = "2025-01-31T09:30:00Z",
        }),
        ["POST /api/activity/reactions"] = _ => Body(new { emoji = "🚀" }),
        ["POST /api/agents/{botId}/chat"] = _ => Body(new { message = "How are your positions doing?" }),
        ["POST /api/copy-runs"] = w => Body(CopyRun(w.FollowedBot)),
        ["POST /api/trades"] = _ => Body(new { symbol = "ETHUSDT", side = "long", notional = 20m, leverage = 2, stopLoss = 40m, takeProfit = 60m }),
        ["POST /api/trades/open"] = _ => Body(new { symbol = "ETHUSDT", side = "short", quantity = 0.5m, leverage = 2, stopLoss = 60m, takeProfit = 40m }),
        ["POST /api/trades/close"] = w => Body(new { tradeId = w.Parameters["trades/{id}"].Value }),
        ["POST /api/signals/{id}/convert"] = _ => Body(new { notional = 20m, leverage = 2 }),
        ["POST /api/admin/users/{userId}/notifications"] = _ => Body(new { kind = "announcement", title = "Hello", body = "Body text.", link = "https://arena.example.test/x" }),
        ["POST /api/admin/settings"] = _ => Body(new { key = "summarizeAfter", value = "30" }),
        ["PUT /api/admin/settings/{key}"] = _ => Body(new { value = 7 }),
        ["POST /api/admin/providers"] = w => Body(new { id = w.Unique("prov-"), name = "Rules", kind = "rules", strategy = "momentum" }),
        ["PUT /api/admin/providers/{id}"] = async w => await Body(new
        {
            version = await VersionAsync(w, "providers/{id}", "/api/admin/providers/"), name = "Rules", kind = "rules", strategy = "momentum",
        }),
        ["POST /api/admin/credentials"] = w => Body(new { name = w.Unique("key-"), kind = "api_key", secret = "sk-abuse", description = "abuse suite" }),
        ["PUT /api/admin/credentials/{id}/secret"] = async w => await Body(new
        {
            secret = "sk-rotated", version = await VersionAsync(w, "credentials/{id}", "/api/admin/credentials/"),
        }),
        ["PUT /api/admin/leverage-policies/{symbol}"] = _ => Body(new { maxLeverage = 4 }),
        ["POST /api/admin/bots"] = w => Body(AdminKit.NewBot(w.Unique("bot-"), w.Parameters["providers/{id}"].Value, isActive: false)),
        ["PUT /api/admin/bots/{id}"] = async w => await Body(new
        {
            version = await VersionAsync(w, "bots/{id}", "/api/admin/bots/"), displayName = "Renamed", avatarUrl = "https://cdn.example.test/bot.png",
            providerId = w.Parameters["providers/{id}"].Value, tradingMode = "paper", initialBalance = 2_500.5m, maxLeverage = 5, dailyTokenBudget = 1000,
            isActive = false,
        }),
        ["POST /api/admin/bots/{id}/prompts"] = _ => Body(new { prompt = "Version two.", note = "tighter stops" }),
    };

    /// <summary>A valid copy-run draft following <paramref name="botId"/>.</summary>
    public static object CopyRun(string botId) => new
    {
        botId, sizing = new { mode = "fixed", notional = 100m }, maxLeverage = 3, maxOpenPositions = 2, priceToleranceBps = 50, symbols = new[] { "BTCUSDT" },
    };

    /// <summary>
    /// Bodies that are the client's own data rather than a request record: any JSON value is stored as sent, so unknown members,
    /// other types and mass-assignment names are its content, not abuse; only the other mutations apply.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> FreeForm = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["PUT /api/ui-state/{key}"] = "the UI state value is any JSON the client keeps",
    };

    /// <summary>
    /// Bodies that carry a credential, with the tables a refusal may write. A broken credential is a wrong one: 401 without
    /// naming the member is right (naming it would tell a guesser which half was wrong), and a refused sign-in is counted in
    /// the throttle, which is the defence itself.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> Credentials = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["POST /api/auth/login"] = ["login_throttle"],
        ["POST /api/auth/wallet"] = [],
    };

    /// <summary>The /api/v1 aliases take the same bodies as their /api routes.</summary>
    public static string Key(ApiOperation operation) => operation.Name.Replace("/api/v1/", "/api/", StringComparison.Ordinal);

    public static async Task<JsonObject?> CreateAsync(AbuseWorld world, ApiOperation operation) =>
        Bodies.TryGetValue(Key(operation), out var create) ? await create(world) : null;

    private static Task<JsonObject> Body(object value) => Task.FromResult(JsonSerializer.SerializeToNode(value, JsonSerializerOptions.Web)!.AsObject());

    private static JsonObject Preferences() => new()
    {
        ["timeframe"] = "4h", ["speed"] = "fast", ["sfx"] = false, ["signals"] = false, ["language"] = "de", ["theme"] = "light",
        ["dataSource"] = "binance", ["universe"] = "NIFTY500", ["marketRegion"] = "India", ["riskProfile"] = "Aggressive",
        ["tradingModes"] = new JsonObject { ["intraday"] = false, ["swing"] = true, ["options"] = true, ["futures"] = false },
        ["primaryMode"] = "Swing", ["auxiliaryModes"] = new JsonArray("Options"), ["disclosureAcceptedAt"] = "2025-01-31T09:30:00+00:00",
    };

    private static async Task<JsonObject> SignedChallengeAsync(AbuseWorld world)
    {
        using var anonymous = world.Server.CreateClient();
        var wallet = TestWallet.Create();
        var message = await anonymous.ChallengeAsync(wallet.Address);
        return await Body(new { message, signature = wallet.Sign(message) });
    }

    /// <summary>The resource's current version, so that the base body is not refused as a stale write.</summary>
    private static async Task<long> VersionAsync(AbuseWorld world, string parameter, string prefix)
    {
        var read = await (await world.Admin.Client.GetAsync(prefix + Uri.EscapeDataString(world.Parameters[parameter].Value))).AssertOkJsonAsync();
        return read["version"]!.GetValue<long>();
    }
}
