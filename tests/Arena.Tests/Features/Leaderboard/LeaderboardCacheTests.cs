using Arena.Tests.Bots;
using Arena.Tests.Features.Bots;
using Arena.Tests.Runtime;

namespace Arena.Tests.Features.Leaderboard;

/// <summary>
/// The board is computed once per period and cache duration, whatever the sort and however many callers; once stale it is
/// still served while one recomputation runs.
/// </summary>
public abstract class LeaderboardCacheTests(Dialect dialect) : IAsyncLifetime
{
    private readonly ManualClock clock = new(new DateTimeOffset(2025, 1, 8, 0, 0, 0, TimeSpan.Zero));
    private EngineHarness arena = null!;

    public async Task InitializeAsync() => arena = await EngineHarness.StartAsync(dialect, runEngine: false, clock: clock,
        settings: new Dictionary<string, string?> { ["Arena:Leaderboard:CacheDuration"] = "00:00:10" });

    public async Task DisposeAsync() => await arena.DisposeAsync();

    [Fact]
    public async Task A_board_is_served_from_the_cache_for_every_sort_and_replaced_by_one_recomputation_once_stale()
    {
        var provider = await arena.RulesProviderAsync("random_walk");
        await arena.CreateBotAsync(provider, "first");
        using var client = arena.Server.CreateClient();
        async Task<(DateTimeOffset ComputedAt, string Bots)> Board(string query)
        {
            var body = await client.GetJsonAsync("/api/leaderboard?" + query);
            return (body["computedAt"]!.GetValue<DateTimeOffset>(), string.Join(",", body["rows"]!.AsArray().Select(r => r!["botId"]!.GetValue<string>()).Order()));
        }

        var computed = await Board("period=7d");
        Assert.Equal("first", computed.Bots);
        await arena.CreateBotAsync(provider, "second");
        clock.Advance(TimeSpan.FromSeconds(9));

        // Within 10 s: the same computation, for another sort and for many callers at once.
        Assert.Equal(computed, await Board("period=7d&sort=pnl"));
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Board("period=7d&sort=fees")));
        Assert.All(concurrent, board => Assert.Equal(computed, board));
        // Another period is its own computation, made now.
        Assert.Equal("first,second", (await Board("period=24h")).Bots);

        // At 10 s the board is stale: the next caller still gets it at once and starts the recomputation, which replaces it.
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(computed, await Board("period=7d"));
        await EngineHarness.WaitUntilAsync(async () => (await Board("period=7d")).ComputedAt != computed.ComputedAt, "the recomputed board");
        var fresh = await Board("period=7d");
        Assert.Equal(computed.ComputedAt.AddSeconds(10), fresh.ComputedAt);
        Assert.Equal("first,second", fresh.Bots);
    }
}

public sealed class LeaderboardCacheTestsOnSqlite() : LeaderboardCacheTests(Dialect.Sqlite);

public sealed class LeaderboardCacheTestsOnPostgres() : LeaderboardCacheTests(Dialect.Postgres);
