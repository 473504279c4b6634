using Arena.Grains.Events;
using Arena.Tests.Events;

namespace Arena.Tests.Features.Activity;

public abstract class ActivityFeedTests(ArenaFixture arena)
{
    private ArenaServer Server => arena.Server;

    private async Task<string> AppendPublicAsync(int count, string? type = null)
    {
        type ??= EventTestKit.UniqueType("feed");
        await Server.AppendAsync(Enumerable.Range(0, count).Select(i => EventDraft.Public(type, new { marker = $"{i}", price = 61234.5m })).ToArray());
        await Server.DrainAsync();
        return type;
    }

    private static JsonArray Items(JsonNode page) => page["items"]!.AsArray();

    private static string[] Markers(JsonNode page) => Items(page).Select(i => i!["data"]!["marker"]!.GetValue<string>()).ToArray();

    [Fact]
    public async Task Anyone_reads_public_events_newest_first_with_the_payload_as_an_object()
    {
        var type = await AppendPublicAsync(3);
        using var anonymous = Server.CreateClient();
        var page = await (await anonymous.GetAsync($"/api/activity?types={type}")).AssertOkJsonAsync();

        Assert.Equal(["2", "1", "0"], Markers(page));
        var newest = Items(page)[0]!.AsObject();
        Assert.Equal(["seq", "type", "at", "data"], newest.Select(p => p.Key));
        Assert.Equal(type, newest["type"]!.GetValue<string>());
        Assert.Equal(61234.5m, newest["data"]!["price"]!.GetValue<decimal>());
        Assert.True(newest["seq"]!.GetValue<long>() > Items(page)[1]!["seq"]!.GetValue<long>());
        Assert.Null(page["nextCursor"]);
    }

    [Fact]
    public async Task Paging_walks_every_event_once_newest_first_even_while_new_ones_arrive()
    {
        var type = await AppendPublicAsync(25);
        using var client = Server.CreateClient();
        var walked = new List<JsonNode>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await (await client.GetAsync($"/api/activity?types={type}&limit=7" + (cursor is null ? "" : $"&cursor={cursor}"))).AssertOkJsonAsync();
            walked.AddRange(Items(page).Select(i => i!));
            cursor = page["nextCursor"]?.GetValue<string>();
            if (pages++ == 0) await AppendPublicAsync(5, type); // newer than the cursor: not part of this walk
        }
        while (cursor is not null);

        Assert.Equal(4, pages);
        Assert.Equal(Enumerable.Range(0, 25).Reverse().Select(i => $"{i}"), walked.Select(i => i["data"]!["marker"]!.GetValue<string>()));
        var seqs = walked.Select(i => i["seq"]!.GetValue<long>()).ToArray();
        Assert.Equal(seqs.OrderDescending(), seqs);
        Assert.Equal(25, seqs.Distinct().Count());
    }

    [Fact]
    public async Task Types_filter_by_exact_names()
    {
        var first = await AppendPublicAsync(2);
        var second = await AppendPublicAsync(1);
        using var client = Server.CreateClient();
        var both = await (await client.GetAsync($"/api/activity?types={first},%20{second}")).AssertOkJsonAsync();
        Assert.Equal([second, first, first], Items(both).Select(i => i!["type"]!.GetValue<string>()));
        var prefix = await (await client.GetAsync($"/api/activity?types={first[..^1]}")).AssertOkJsonAsync();
        Assert.Empty(Items(prefix));
    }

    [Fact]
    public async Task A_signed_in_user_sees_their_own_events_and_never_another_users()
    {
        var alice = await Server.RegisterAsync();
        var bob = await Server.RegisterAsync();
        var type = EventTestKit.UniqueType("private");
        await Server.AppendAsync(EventDraft.ForUser(alice.Id, type, new { marker = "for alice" }), EventDraft.Public(type, new { marker = "for all" }));
        await Server.DrainAsync();
        using var anonymous = Server.CreateClient();

        Assert.Equal(["for all", "for alice"], Markers(await (await alice.Client.GetAsync($"/api/activity?types={type}")).AssertOkJsonAsync()));
        Assert.Equal(["for all"], Markers(await (await bob.Client.GetAsync($"/api/activity?types={type}")).AssertOkJsonAsync()));
        Assert.Equal(["for all"], Markers(await (await anonymous.GetAsync($"/api/activity?types={type}")).AssertOkJsonAsync()));
        var admin = await Server.RegisterAdminAsync(); // the feed reads as the caller, admins included
        Assert.Equal(["for all"], Markers(await (await admin.Client.GetAsync($"/api/activity?types={type}")).AssertOkJsonAsync()));
    }

    [Fact]
    public async Task The_limit_defaults_to_50_and_is_capped_at_200()
    {
        var type = await AppendPublicAsync(210);
        using var client = Server.CreateClient();
        Assert.Equal(50, Items(await (await client.GetAsync($"/api/activity?types={type}")).AssertOkJsonAsync()).Count);
        var capped = await (await client.GetAsync($"/api/activity?types={type}&limit=100000")).AssertOkJsonAsync();
        Assert.Equal(200, Items(capped).Count);
        Assert.NotNull(capped["nextCursor"]);
    }

    [Fact]
    public async Task A_bad_cursor_limit_or_type_is_a_400_naming_the_field()
    {
        using var client = Server.CreateClient();
        await (await client.GetAsync("/api/activity?cursor=not-a-cursor&limit=0&types=Trade%20Opened")).AssertProblemAsync(HttpStatusCode.BadRequest, "cursor", "limit", "types");
        await (await client.GetAsync("/api/activity?limit=ten")).AssertProblemAsync(HttpStatusCode.BadRequest, "limit");
        await (await client.GetAsync("/api/activity?types=trade.opened,%27;drop")).AssertProblemAsync(HttpStatusCode.BadRequest, "types");
        var forged = Convert.ToBase64String(Encoding.ASCII.GetBytes("before:-5")).TrimEnd('=');
        await (await client.GetAsync($"/api/activity?cursor={forged}")).AssertProblemAsync(HttpStatusCode.BadRequest, "cursor");
    }
}

public sealed class ActivityFeedTestsOnSqlite(SqliteArena arena) : ActivityFeedTests(arena), IClassFixture<SqliteArena>;

public sealed class ActivityFeedTestsOnPostgres(PostgresArena arena) : ActivityFeedTests(arena), IClassFixture<PostgresArena>;
