using Arena.Grains.Signals;
using Arena.Tests.Features.Admin;
using Arena.Tests.Features.Wallet;

namespace Arena.Tests.Abuse;

/// <summary>What another user may get back from a path parameter that names one of the owner's things.</summary>
public enum ParameterKind
{
    /// <summary>Not a user's thing (a public bot, an admin resource): covered by the anonymous and admin-only cases.</summary>
    NotUserScoped,

    /// <summary>A row that belongs to one user (a session, a notification, a linked wallet): any other user gets 401/403/404.</summary>
    Owned,

    /// <summary>
    /// A name inside each user's own namespace (a UI state key, a watchlist symbol, an insight id): another user using the owner's
    /// name reaches their own namespace, so 2xx is fine as long as the owner's rows stay as they were.
    /// </summary>
    OwnNamespace,
}

public sealed record PathParameter(string Value, ParameterKind Kind);

/// <summary>
/// The users and the things the abuse cases point at, all created through the API: the owner (user A) has one of every
/// user-scoped resource, the admin one of every admin resource; the intruder (user B) has nothing.
/// </summary>
public sealed class AbuseWorld
{
    private int unique;

    public required ArenaServer Server { get; init; }

    public required JsonObject Document { get; init; }

    public IReadOnlyList<ApiOperation> Operations => RouteTable.Operations(Document);

    public required TestUser Admin { get; init; }

    public required TestUser Owner { get; init; }

    public required TestUser Intruder { get; init; }

    /// <summary>Signs in (the login body), so that failed attempts cannot touch the other users.</summary>
    public required TestUser SignInUser { get; init; }

    /// <summary>Every path parameter (<c>segment/{name}</c>) the route table has, with an existing value.</summary>
    public required IReadOnlyDictionary<string, PathParameter> Parameters { get; init; }

    /// <summary>An active bot a copy run can follow.</summary>
    public required string FollowedBot { get; init; }

    public IReadOnlyDictionary<string, string> ParameterValues => Parameters.ToDictionary(p => p.Key, p => p.Value.Value);

    /// <summary>A short name no other call of this run used.</summary>
    public string Unique(string prefix) => $"{prefix}{Interlocked.Increment(ref unique)}{Guid.NewGuid().ToString("N")[..6]}";

    public static async Task<AbuseWorld> CreateAsync(ArenaServer server)
    {
        var admin = await server.RegisterAdminAsync();
        var owner = await server.RegisterAsync();
        var intruder = await server.RegisterAsync();
        var signInUser = await server.RegisterAsync();

        var provider = await admin.CreateRulesProviderAsync();
        var bot = (await admin.CreateBotAsync(provider, isActive: false))["id"]!.GetValue<string>();
        var credential = (await (await admin.Client.PostAsJsonAsync("/api/admin/credentials",
            new { name = AdminKit.NewId("key"), kind = "api_key", secret = "sk-abuse" })).AssertOkJsonAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        await (await admin.Client.PutAsJsonAsync("/api/admin/leverage-policies/BTCUSDT", new { maxLeverage = 3 })).AssertOkJsonAsync(HttpStatusCode.Created);

        var notification = (await (await admin.Client.PostAsJsonAsync($"/api/admin/users/{owner.Id}/notifications",
            new { kind = "announcement", title = "For the owner", body = "Only theirs." })).AssertOkJsonAsync(HttpStatusCode.Created))["id"]!.ToString();
        var session = (await (await owner.Client.GetAsync("/api/auth/sessions")).AssertOkJsonAsync()).AsArray()
            .Single(s => s!["current"]!.GetValue<bool>())!["id"]!.GetValue<string>();
        const string insight = "abuse-insight", uiKey = "abuse.layout", symbol = "BTCUSDT";
        Assert.True((await owner.Client.PostAsync($"/api/insights/{insight}/dismiss", null)).IsSuccessStatusCode);
        await (await owner.Client.PostAsJsonAsync("/api/watchlist", new { symbol })).AssertOkJsonAsync(HttpStatusCode.Created);
        await (await owner.Client.SendTextAsync(HttpMethod.Put, $"/api/ui-state/{uiKey}", """{"panels":2}""")).AssertOkJsonAsync();
        var wallet = TestWallet.Create();
        await owner.Client.LinkWalletAsync(wallet);
        // Runs follow active bots only (the engine is off, so this one never trades).
        var followed = (await admin.CreateBotAsync(provider))["id"]!.GetValue<string>();
        var copyRun = (await (await owner.Client.PostAsJsonAsync("/api/copy-runs", BaseBodies.CopyRun(followed)))
            .AssertOkJsonAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        // The desk: a priced market, a signal to convert and one open quick trade of the owner's.
        ((Bots.ManualMarketFeed)server.GetService<Arena.Grains.Market.IMarketFeed>()).Set(("BTCUSDT", 100m), ("ETHUSDT", 50m));
        var signal = await Features.Trades.DeskKit.InsertSignalAsync(server, bot, "ETHUSDT", "long", 50m, stopLoss: 40m, takeProfit: 60m);
        var trade = (await (await owner.Client.PostAsJsonAsync("/api/trades", new { symbol = "ETHUSDT", side = "long", notional = 20m, leverage = 2 }))
            .AssertOkJsonAsync(HttpStatusCode.Created))["id"]!.ToString();
        await (await owner.Client.PostAsync($"/api/signals/{signal}/track", null)).AssertOkJsonAsync(HttpStatusCode.Created);
        await TableChecksums.SettledAsync(server);

        return new AbuseWorld
        {
            Server = server,
            Document = await RouteTable.DocumentAsync(server),
            Admin = admin,
            Owner = owner,
            Intruder = intruder,
            SignInUser = signInUser,
            FollowedBot = followed,
            Parameters = new Dictionary<string, PathParameter>(StringComparer.Ordinal)
            {
                ["sessions/{sessionId}"] = new(session, ParameterKind.Owned),
                ["notifications/{id}"] = new(notification, ParameterKind.Owned),
                ["wallet/{address}"] = new(wallet.Address, ParameterKind.Owned),
                ["copy-runs/{id}"] = new(copyRun, ParameterKind.Owned),
                ["insights/{insightId}"] = new(insight, ParameterKind.OwnNamespace),
                ["ui-state/{key}"] = new(uiKey, ParameterKind.OwnNamespace),
                ["watchlist/{*symbol}"] = new(symbol, ParameterKind.OwnNamespace),
                ["bots/{id}"] = new(bot, ParameterKind.NotUserScoped),
                // A public bot, but the chat under it is each caller's own: another user reaches their own history with it.
                ["agents/{botId}"] = new(bot, ParameterKind.OwnNamespace),
                ["prompts/{version}"] = new("1", ParameterKind.NotUserScoped),
                ["providers/{id}"] = new(provider, ParameterKind.NotUserScoped),
                ["credentials/{id}"] = new(credential, ParameterKind.NotUserScoped),
                ["settings/{key}"] = new("maxOpenPositions", ParameterKind.NotUserScoped),
                ["leverage-policies/{symbol}"] = new("BTCUSDT", ParameterKind.NotUserScoped),
                ["users/{userId}"] = new(owner.Id.ToString(), ParameterKind.NotUserScoped),
                ["trades/{id}"] = new(trade, ParameterKind.Owned),
                // A public signal: tracking, untracking, dismissing or converting it reaches only the caller's own tracked rows, audit and desk.
                ["signals/{id}"] = new(signal.ToString(CultureInfo.InvariantCulture), ParameterKind.OwnNamespace),
            },
        };
    }

    /// <summary>Whoever may call the operation: the admin for admin routes, the owner for signed-in ones, else nobody.</summary>
    public HttpClient AllowedCaller(ApiOperation operation, HttpClient anonymous) =>
        operation.AdminOnly ? Admin.Client : operation.Secured ? Owner.Client : anonymous;

    /// <summary>
    /// Whether every path parameter of the route has a value here; each one that has not is a failure, so a new route's
    /// parameter must be added to <see cref="Parameters"/>.
    /// </summary>
    public bool CanAddress(ApiOperation operation, AbuseProbe probe)
    {
        var unknown = operation.ParameterKeys.Where(k => !Parameters.ContainsKey(k)).ToArray();
        foreach (var key in unknown) probe.Fail($"{operation.Name}: no value for '{key}' (add it to AbuseWorld.Parameters)");
        return unknown.Length == 0;
    }
}

/// <summary>A silo with a master key, a fixed two-symbol market and no bot turns, plus the abuse world, built once per class.</summary>
public abstract class AbuseArena(Dialect dialect) : AdminArena(dialect)
{
    private AbuseWorld? world;

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            // Every wallet-verify body is built from a fresh challenge.
            settings["Arena:Auth:Siwe:ChallengeLimit"] = "1000000";
            // The publisher rewrites the published standings (app_settings, an event) on its own whenever a new bot changes
            // them: a write no request of the suite made. Pushed past the run.
            settings["Arena:Leaderboard:PublishInterval"] = "1.00:00:00";
            return settings;
        }
    }

    public async Task<AbuseWorld> WorldAsync() => world ??= await AbuseWorld.CreateAsync(Server);
}

public sealed class SqliteAbuseArena() : AbuseArena(Dialect.Sqlite);

public sealed class PostgresAbuseArena() : AbuseArena(Dialect.Postgres);
