using Arena.Tests.Bots;
using Arena.Tests.Legacy;
using Arena.Tests.Providers;
using Microsoft.AspNetCore.Builder;

namespace Arena.Tests.Features.Admin;

/// <summary>
/// A silo with a master key (credentials can be stored) and a two-symbol market, capturing its logs. Tests of one class run one at a
/// time, so the admin and the plain user are registered once per class (password hashing is deliberately slow).
/// </summary>
public abstract class AdminArena(Dialect dialect) : VaultArena(dialect)
{
    private TestUser? admin;
    private TestUser? user;

    public LogCapture Logs { get; } = new();

    /// <summary>No turns in the background: bots only change when a test changes them.</summary>
    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Arena:Bots:RunEngine"] = "false";
            return settings;
        }
    }

    public async Task<TestUser> AdminAsync() => admin = Current(admin ?? await Server.RegisterAdminAsync());

    public async Task<TestUser> UserAsync() => user = Current(user ?? await Server.RegisterAsync());

    // A restart moves the silo to another port: the same session then needs a client for the new address.
    private TestUser Current(TestUser registered)
    {
        if (registered.Client.BaseAddress == Server.BaseAddress) return registered;
        registered.Client.Dispose();
        return registered with { Client = Server.CreateClient(registered.Token) };
    }

    /// <summary>The market the engine and the leverage policies see: BTCUSDT and ETHUSDT.</summary>
    public ManualMarketFeed Market { get; } = new();

    protected override void Configure(WebApplicationBuilder builder)
    {
        Logs.AddTo(builder.Logging);
        builder.Services.AddSingleton<Arena.Grains.Market.IMarketFeed>(Market);
    }
}

public sealed class SqliteAdminArena() : AdminArena(Dialect.Sqlite);

public sealed class PostgresAdminArena() : AdminArena(Dialect.Postgres);

/// <summary>Admin API steps shared by the admin test classes, all through HTTP.</summary>
public static class AdminKit
{
    public const string Prompt = "You are a careful test trader.";

    /// <summary>The configuration tables, row by row: what a refused request must leave untouched.</summary>
    private static readonly string[] ConfigTables =
        ["ai_providers", "app_settings", "bot_accounts", "bot_prompts", "bots", "credentials", "leverage_policies", "positions"];

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 11)];

    public static async Task<string> CreateRulesProviderAsync(this TestUser admin, string strategy = "momentum", string? id = null)
    {
        id ??= NewId("prov");
        var response = await admin.Client.PostAsJsonAsync("/api/admin/providers", new { id, name = "Rules " + strategy, kind = "rules", strategy });
        await response.AssertOkJsonAsync(HttpStatusCode.Created);
        return id;
    }

    public static object NewBot(string id, string providerId, string prompt = Prompt, string tradingMode = "paper", decimal initialBalance = 10_000m,
        int maxLeverage = 10, bool isActive = true) =>
        new { id, displayName = "Bot " + id, providerId, tradingMode, initialBalance, maxLeverage, isActive, prompt, promptNote = "first" };

    public static async Task<JsonNode> CreateBotAsync(this TestUser admin, string providerId, string? id = null, string prompt = Prompt, bool isActive = true)
    {
        var response = await admin.Client.PostAsJsonAsync("/api/admin/bots", NewBot(id ?? NewId("bot"), providerId, prompt, isActive: isActive));
        return await response.AssertOkJsonAsync(HttpStatusCode.Created);
    }

    public static async Task<SortedDictionary<string, List<string>>> ConfigSnapshotAsync(this ArenaServer server)
    {
        var all = await DatabaseDump.AllRowsAsync(server.Database);
        var snapshot = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var table in ConfigTables) snapshot[table] = all[table];
        snapshot["activity_events"] = [(await AuditEventsAsync(server)).Count.ToString(CultureInfo.InvariantCulture)];
        return snapshot;
    }

    /// <summary>The payloads of every <c>admin.changed</c> event, which must all be admin-only.</summary>
    public static async Task<IReadOnlyList<JsonObject>> AuditEventsAsync(this ArenaServer server)
    {
        await using var database = server.Database.Open();
        var rows = await database.ReadAsync(c => Dapper.SqlMapper.QueryAsync<(string Visibility, string Payload)>(c,
            "SELECT visibility, payload FROM activity_events WHERE type = 'admin.changed' ORDER BY id"));
        Assert.All(rows, r => Assert.Equal("admin", r.Visibility));
        return rows.Select(r => JsonNode.Parse(r.Payload)!.AsObject()).ToArray();
    }

    /// <summary>Asserts exactly one audit event for this change, naming the admin.</summary>
    public static async Task AssertAuditedAsync(this ArenaServer server, TestUser admin, string area, string id, string action)
    {
        var matching = (await server.AuditEventsAsync()).Where(e =>
            e["area"]!.GetValue<string>() == area && e["id"]!.GetValue<string>() == id && e["action"]!.GetValue<string>() == action).ToArray();
        var only = Assert.Single(matching);
        Assert.Equal(admin.Id, only["by"]!.GetValue<Guid>());
        Assert.False(string.IsNullOrEmpty(only["requestId"]?.GetValue<string>()));
    }

    public static async Task<long> CountAsync(this ArenaServer server, string sql, object? param = null) =>
        await DatabaseDump.CountAsync(server.Database, sql, param);
}
