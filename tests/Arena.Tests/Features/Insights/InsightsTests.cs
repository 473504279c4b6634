using Arena.Grains.Users;

namespace Arena.Tests.Features.Insights;

public abstract class InsightsTests(ArenaFixture arena)
{
    private ArenaServer Server => arena.Server;

    private static async Task<JsonArray> DismissedAsync(HttpClient client, string prefix = "/api/insights") =>
        (await (await client.GetAsync($"{prefix}/dismissed")).AssertOkJsonAsync()).AsArray();

    private static string[] Ids(JsonArray list) => list.Select(e => e!["insightId"]!.GetValue<string>()).ToArray();

    private static async Task DismissAsync(HttpClient client, string insightId, string prefix = "/api/insights") =>
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync($"{prefix}/{insightId}/dismiss", null)).StatusCode);

    private static async Task RestoreAsync(HttpClient client, string insightId, string prefix = "/api/insights") =>
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{prefix}/{insightId}/dismiss")).StatusCode);

    [Fact]
    public async Task A_dismissed_insight_is_listed_with_when_it_was_dismissed()
    {
        var user = await Server.RegisterAsync();
        Assert.Empty(await DismissedAsync(user.Client));
        await DismissAsync(user.Client, "pick:NIFTY50:2024-06-01");
        await DismissAsync(user.Client, "Risk_Alert.7");

        var list = await DismissedAsync(user.Client);
        Assert.Equal(["pick:NIFTY50:2024-06-01", "Risk_Alert.7"], Ids(list));
        Assert.True(DateTimeOffset.Parse(list[0]!["dismissedAt"]!.GetValue<string>()) <= DateTimeOffset.Parse(list[1]!["dismissedAt"]!.GetValue<string>()));
        Assert.Equal(3, await Server.UserVersionAsync(user.Id));
    }

    [Fact]
    public async Task Dismissing_twice_keeps_the_first_time_and_writes_nothing()
    {
        var user = await Server.RegisterAsync();
        await DismissAsync(user.Client, "insight-1");
        var first = (await DismissedAsync(user.Client)).ToJsonString();

        await DismissAsync(user.Client, "insight-1");

        Assert.Equal(first, (await DismissedAsync(user.Client)).ToJsonString());
        Assert.Equal(2, await Server.UserVersionAsync(user.Id));
    }

    [Fact]
    public async Task Undismissing_removes_it_and_undismissing_again_writes_nothing()
    {
        var user = await Server.RegisterAsync();
        await DismissAsync(user.Client, "a");
        await DismissAsync(user.Client, "b");
        await RestoreAsync(user.Client, "a");
        Assert.Equal(["b"], Ids(await DismissedAsync(user.Client)));
        Assert.Equal(4, await Server.UserVersionAsync(user.Id));

        await RestoreAsync(user.Client, "a");
        await RestoreAsync(user.Client, "never-dismissed");
        Assert.Equal(4, await Server.UserVersionAsync(user.Id));
    }

    [Fact]
    public async Task Ids_are_case_sensitive()
    {
        var user = await Server.RegisterAsync();
        await DismissAsync(user.Client, "Insight");
        await DismissAsync(user.Client, "insight");
        await RestoreAsync(user.Client, "INSIGHT");
        Assert.Equal(["Insight", "insight"], Ids(await DismissedAsync(user.Client)).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("has%20space")]
    [InlineData("semi%3Bcolon")]
    [InlineData("emoji%F0%9F%9A%80")]
    public async Task A_malformed_insight_id_is_400_naming_insightId_and_nothing_is_written(string insightId)
    {
        var user = await Server.RegisterAsync();
        await (await user.Client.PostAsync($"/api/insights/{insightId}/dismiss", null)).AssertProblemAsync(HttpStatusCode.BadRequest, "insightId");
        await (await user.Client.DeleteAsync($"/api/v1/insights/{insightId}/dismiss")).AssertProblemAsync(HttpStatusCode.BadRequest, "insightId");
        Assert.Empty(await DismissedAsync(user.Client));
        Assert.Equal(1, await Server.UserVersionAsync(user.Id));
    }

    [Fact]
    public async Task An_insight_id_may_be_128_characters_but_not_129()
    {
        var user = await Server.RegisterAsync();
        await DismissAsync(user.Client, new string('x', 128));
        await (await user.Client.PostAsync($"/api/insights/{new string('y', 129)}/dismiss", null)).AssertProblemAsync(HttpStatusCode.BadRequest, "insightId");
        Assert.Equal([new string('x', 128)], Ids(await DismissedAsync(user.Client)));
    }

    [Fact]
    public async Task Users_never_see_or_change_each_others_dismissals()
    {
        var alice = await Server.RegisterAsync();
        var bob = await Server.RegisterAsync();
        await DismissAsync(alice.Client, "shared-insight");
        var aliceBefore = (await DismissedAsync(alice.Client)).ToJsonString();

        Assert.Empty(await DismissedAsync(bob.Client));
        Assert.Empty(await DismissedAsync(bob.Client, "/api/v1/insights"));
        await RestoreAsync(bob.Client, "shared-insight");
        await RestoreAsync(bob.Client, "shared-insight", "/api/v1/insights");
        await DismissAsync(bob.Client, "shared-insight");

        Assert.Equal(aliceBefore, (await DismissedAsync(alice.Client)).ToJsonString());
        Assert.Equal(["shared-insight"], Ids(await DismissedAsync(bob.Client)));
        await RestoreAsync(bob.Client, "shared-insight");
        Assert.Equal(aliceBefore, (await DismissedAsync(alice.Client)).ToJsonString());
    }

    [Fact]
    public async Task Every_insight_endpoint_needs_a_session()
    {
        using var anonymous = Server.CreateClient();
        foreach (var prefix in new[] { "/api/insights", "/api/v1/insights" })
        {
            await (await anonymous.GetAsync($"{prefix}/dismissed")).AssertProblemAsync(HttpStatusCode.Unauthorized);
            await (await anonymous.PostAsync($"{prefix}/x/dismiss", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
            await (await anonymous.DeleteAsync($"{prefix}/x/dismiss")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task The_v1_paths_serve_the_same_dismissals()
    {
        var user = await Server.RegisterAsync();
        await DismissAsync(user.Client, "v1-insight", "/api/v1/insights");
        await DismissAsync(user.Client, "v1-insight");
        Assert.Equal((await DismissedAsync(user.Client)).ToJsonString(), (await DismissedAsync(user.Client, "/api/v1/insights")).ToJsonString());
        Assert.Equal(2, await Server.UserVersionAsync(user.Id));

        await RestoreAsync(user.Client, "v1-insight", "/api/v1/insights");
        Assert.Empty(await DismissedAsync(user.Client));
    }

    [Fact]
    public async Task Merge_dismisses_only_new_ids_in_one_write_and_keeps_existing_dates()
    {
        var user = await Server.RegisterAsync();
        await DismissAsync(user.Client, "old");
        var oldEntry = (await DismissedAsync(user.Client))[0]!.ToJsonString();

        var merged = await Server.UserGrain(user.Id).MergeDismissedInsights(["old", "new-1", "new-2", "new-1"]);

        Assert.Equal(["new-1", "new-2"], merged.Value!.Added.Select(d => d.InsightId));
        Assert.Equal(["old", "new-1"], merged.Value.Skipped);
        var list = await DismissedAsync(user.Client);
        Assert.Equal(oldEntry, list[0]!.ToJsonString());
        Assert.Equal(["old", "new-1", "new-2"], Ids(list));
        Assert.Equal(3, await Server.UserVersionAsync(user.Id));

        var invalid = await Server.UserGrain(user.Id).MergeDismissedInsights(["fine", "not fine"]);
        Assert.Equal(["insightIds[1]"], invalid.Rejection!.Errors!.Keys);
        Assert.Equal(3, await Server.UserVersionAsync(user.Id));
    }

    [Fact]
    public async Task At_most_2000_insights_stay_dismissed()
    {
        var user = await Server.RegisterAsync();
        var filled = await Server.UserGrain(user.Id).MergeDismissedInsights(Enumerable.Range(0, InsightRules.MaxDismissed).Select(i => (string?)$"i{i}").ToArray());
        Assert.Equal(InsightRules.MaxDismissed, filled.Value!.Added.Count);

        await (await user.Client.PostAsync("/api/insights/one-too-many/dismiss", null)).AssertProblemAsync(HttpStatusCode.Conflict, "insightId");
        await DismissAsync(user.Client, "i0"); // already dismissed: still fine
        var overflow = await Server.UserGrain(user.Id).MergeDismissedInsights(["another"]);
        Assert.Equal(Arena.Grains.Common.RejectionKind.Conflict, overflow.Rejection!.Kind);
        Assert.Equal(InsightRules.MaxDismissed, (await DismissedAsync(user.Client)).Count);
        Assert.Equal(2, await Server.UserVersionAsync(user.Id));
    }

    [Fact]
    public async Task Concurrent_dismissals_for_one_user_all_land_and_each_bumps_the_version_once()
    {
        var user = await Server.RegisterAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => user.Client.PostAsync($"/api/insights/par-{i}/dismiss", null)));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.NoContent, r.StatusCode));

        Assert.Equal(20, (await DismissedAsync(user.Client)).Count);
        Assert.Equal(21, await Server.UserVersionAsync(user.Id));
    }

    [Fact]
    public async Task Dismissals_read_back_identically_after_a_restart()
    {
        await using var server = await ArenaServer.StartAsync(await DatabaseTarget.CreateAsync(arena.Dialect));
        var user = await server.RegisterAsync();
        await DismissAsync(user.Client, "kept");
        await DismissAsync(user.Client, "restored");
        await RestoreAsync(user.Client, "restored");
        var before = (await DismissedAsync(user.Client)).ToJsonString();

        await server.RestartAsync();

        using var client = server.CreateClient(user.Token);
        Assert.Equal(before, (await DismissedAsync(client)).ToJsonString());
        await DismissAsync(client, "kept");
        Assert.Equal(before, (await DismissedAsync(client)).ToJsonString());
    }
}

public sealed class InsightsTestsOnSqlite(SqliteArena arena) : InsightsTests(arena), IClassFixture<SqliteArena>;

public sealed class InsightsTestsOnPostgres(PostgresArena arena) : InsightsTests(arena), IClassFixture<PostgresArena>;
