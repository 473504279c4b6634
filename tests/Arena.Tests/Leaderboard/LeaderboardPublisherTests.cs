using Arena.Grains.Leaderboard;
using Arena.Tests.Bots;
using Arena.Tests.Providers;

namespace Arena.Tests.Leaderboard;

/// <summary>A new order of the standings is published once as a public event; an unchanged order is not.</summary>
public abstract class LeaderboardPublisherTests(Dialect dialect) : IAsyncLifetime
{
    private const string Long = """{"decisions":[{"action":"LONG","symbol":"BTCUSDT","size":2000,"leverage":5,"stopLoss":85,"takeProfit":120,"reasoning":"up"}]}""";
    private const string Short = """{"decisions":[{"action":"SHORT","symbol":"BTCUSDT","size":2000,"leverage":5,"stopLoss":115,"takeProfit":85,"reasoning":"down"}]}""";
    private const string Hold = """{"decisions":[{"action":"HOLD","reasoning":"waiting"}]}""";

    private EngineHarness arena = null!;
    private FakeChatServer chat = null!;

    public async Task InitializeAsync()
    {
        arena = await EngineHarness.StartAsync(dialect, settings: new Dictionary<string, string?>
        {
            ["Arena:Leaderboard:CacheDuration"] = "00:00:00",
            ["Arena:Leaderboard:PublishInterval"] = "01:00:00", // the test publishes by hand
        });
        chat = await FakeChatServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await arena.DisposeAsync();
        await chat.DisposeAsync();
    }

    private async Task<string> BotAsync(string id, string first)
    {
        var scenario = chat.Scenario((n, ctx) => FakeChatServer.Completion(ctx, n == 1 ? first : Hold));
        return await arena.CreateBotAsync(await arena.ChatProviderAsync(scenario.BaseUrl), id: id);
    }

    private async Task<IReadOnlyList<JsonObject>> EventsAsync() =>
        (await arena.QueryAsync<string>("SELECT payload FROM activity_events WHERE type = 'leaderboard.changed' ORDER BY id"))
            .Select(p => JsonNode.Parse(p)!.AsObject()).ToArray();

    private static string[] Order(JsonObject e) => e["standings"]!.AsArray().Select(s => s!["botId"]!.GetValue<string>()).ToArray();

    [Fact]
    public async Task The_standings_are_published_when_their_order_changes_and_only_then()
    {
        var bull = await BotAsync("bull-" + Guid.NewGuid().ToString("N")[..6], Long);
        var bear = await BotAsync("bear-" + Guid.NewGuid().ToString("N")[..6], Short);
        await EngineHarness.WaitUntilAsync(async () => await arena.CountAsync("SELECT count(*) FROM positions WHERE status = 'open'") == 2, "both positions");
        var publisher = arena.Server.GetService<LeaderboardPublisher>();

        arena.Market!.Set(("BTCUSDT", 104m));
        Assert.True(await publisher.PublishIfChangedAsync());
        Assert.False(await publisher.PublishIfChangedAsync());

        arena.Market.Set(("BTCUSDT", 96m));
        Assert.True(await publisher.PublishIfChangedAsync());

        var events = await EventsAsync();
        Assert.Equal(2, events.Count);
        Assert.Equal([bull, bear], Order(events[0]));
        Assert.Equal([bear, bull], Order(events[1]));
        Assert.Equal([bull, bear], events[1]["previous"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal("public", (await arena.QueryAsync<string>("SELECT DISTINCT visibility FROM activity_events WHERE type = 'leaderboard.changed'")).Single());
    }
}

public sealed class LeaderboardPublisherTestsOnSqlite() : LeaderboardPublisherTests(Dialect.Sqlite);

public sealed class LeaderboardPublisherTestsOnPostgres() : LeaderboardPublisherTests(Dialect.Postgres);
