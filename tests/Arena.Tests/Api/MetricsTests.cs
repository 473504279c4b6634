using Arena.Grains.Bots;
using Arena.Grains.Market;
using Arena.Grains.Providers;
using Arena.Tests.Features.Streams;

namespace Arena.Tests.Api;

/// <summary>A silo whose one rules bot takes a turn every 200 ms, so the engine and provider meters have measurements.</summary>
public sealed class TradingArena() : ArenaFixture(Dialect.Sqlite)
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Arena:Bots:TurnInterval"] = "00:00:00.200",
        ["Arena:Bots:KeeperInterval"] = "00:00:01",
        ["Arena:Market:SymbolRefreshInterval"] = "00:00:01",
    };

    public async Task StartBotAsync()
    {
        await Server.GetService<MarketStore>().SeedDemoSymbolsAsync();
        await Server.GetService<ProviderStore>().CreateAsync("rules-walk", new ProviderInput("Rules walk", ProviderSettings.RulesKind, "random_walk"));
        await Server.GetService<IGrainFactory>().GetGrain<IBotGrain>("metered").Create(new BotDefinition("metered", "Metered", null, "rules-walk",
            TradingMode.Paper, 10_000m, 10, null, true, "Metrics test bot.", null));
    }
}

public sealed class MetricsTests(TradingArena arena) : IClassFixture<TradingArena>
{
    private static readonly string[] Families =
    [
        "http_server_request_duration_seconds", // ASP.NET Core, by route and status
        "dotnet_gc_collections",                // .NET runtime
        "orleans_",                             // Orleans
        "arena_turns_total", "arena_turn_duration",
        "arena_stream_connections",
        "arena_provider_duration",
    ];

    [Fact]
    public async Task Metrics_are_served_to_admins_only_with_every_family()
    {
        await arena.StartBotAsync();
        await using var stream = await StreamClient.ConnectAsync(arena.Server, "/ws/arena");
        await stream.ReceiveOneAsync();
        using var anonymous = arena.Server.CreateClient();
        await (await anonymous.GetAsync("/metrics")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var user = await arena.Server.RegisterAsync();
        await (await user.Client.GetAsync("/metrics")).AssertProblemAsync(HttpStatusCode.Forbidden);

        var admin = await arena.Server.RegisterAdminAsync();
        var text = "";
        for (var attempt = 0; attempt < 100 && !Families.All(text.Contains); attempt++)
        {
            await Task.Delay(100);
            var response = await admin.Client.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            text = await response.Content.ReadAsStringAsync();
        }
        Assert.All(Families, family => Assert.True(text.Contains(family, StringComparison.Ordinal), $"No {family} metric in:\n{text}"));
        Assert.Contains(text.Split('\n'), line => line.StartsWith("http_server_request_duration_seconds_count{", StringComparison.Ordinal)
            && line.Contains("http_route=\"/api/auth/register\"", StringComparison.Ordinal) && line.Contains("http_response_status_code=\"201\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_a_management_port_metrics_are_served_there_only_and_nothing_else_is()
    {
        var port = FreePorts.Next();
        await using var server = await ArenaServer.StartAsync(DatabaseTarget.NewSqlite(), new Dictionary<string, string?>
        {
            ["Arena:Management:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Arena:Management:Host"] = "127.0.0.1",
        });
        using var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var scrape = await management.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.Contains("dotnet_gc_collections", await scrape.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await management.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await management.GetAsync("/api/market/symbols")).StatusCode);

        using var api = server.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/market/symbols")).StatusCode);
    }
}
