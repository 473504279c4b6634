using Arena.Grains.Events;
using Arena.Grains.Persistence;
using Arena.Tests.Events;

namespace Arena.Tests.Features.Activity;

public abstract class ReactionTests(ArenaFixture arena)
{
    private ArenaServer Server => arena.Server;

    private static Task<HttpResponseMessage> ReactAsync(HttpClient client, string? emoji, long? targetSeq = null) =>
        client.PostAsJsonAsync("/api/activity/reactions", new { emoji, targetSeq });

    private static async Task<long> ReactionRowsAsync(ArenaServer server, Guid userId) =>
        await server.GetService<Database>().ReadAsync(c => Dapper.SqlMapper.ExecuteScalarAsync<long>(c,
            "SELECT count(*) FROM activity_events WHERE user_id = @userId AND type = 'reaction'", new { userId }));

    [Fact]
    public async Task A_reaction_becomes_a_public_event_that_shows_up_in_the_feed()
    {
        var user = await Server.RegisterAsync();
        var created = await (await ReactAsync(user.Client, "🚀")).AssertOkJsonAsync(HttpStatusCode.Created);
        var seq = created["seq"]!.GetValue<long>();
        Assert.Equal("reaction", created["type"]!.GetValue<string>());
        Assert.Equal("🚀", created["data"]!["emoji"]!.GetValue<string>());
        Assert.Equal(user.Username, created["data"]!["user"]!["username"]!.GetValue<string>());

        using var anonymous = Server.CreateClient();
        var feed = await (await anonymous.GetAsync("/api/activity?types=reaction&limit=200")).AssertOkJsonAsync();
        var item = feed["items"]!.AsArray().Single(i => i!["seq"]!.GetValue<long>() == seq)!;
        Assert.Equal(created.ToJsonString(), item.ToJsonString());
    }

    [Fact]
    public async Task The_stored_payload_names_the_user_only_by_username_and_display_name()
    {
        var user = await Server.RegisterAsync();
        await (await user.Client.PutAsJsonAsync("/api/profile", new { username = user.Username, displayName = "Doge Maxi" })).AssertOkJsonAsync();
        var target = (await (await ReactAsync(user.Client, "👀")).AssertOkJsonAsync(HttpStatusCode.Created))["seq"]!.GetValue<long>();
        var seq = (await (await ReactAsync(user.Client, "💎", target)).AssertOkJsonAsync(HttpStatusCode.Created))["seq"]!.GetValue<long>();

        var raw = await Server.GetService<Database>().ReadAsync(c => Dapper.SqlMapper.ExecuteScalarAsync<string>(c,
            "SELECT payload FROM activity_events WHERE seq = @seq", new { seq }));
        Assert.DoesNotContain(user.Email, raw!, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(user.Id.ToString("D"), raw!, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(user.Id.ToString("N"), raw!, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(user.Token, raw!, StringComparison.Ordinal);
        var payload = JsonNode.Parse(raw!)!.AsObject();
        Assert.Equal(["emoji", "targetSeq", "user"], payload.Select(p => p.Key));
        Assert.Equal(["username", "displayName"], payload["user"]!.AsObject().Select(p => p.Key));
        Assert.Equal((user.Username, "Doge Maxi", target), (payload["user"]!["username"]!.GetValue<string>(), payload["user"]!["displayName"]!.GetValue<string>(), payload["targetSeq"]!.GetValue<long>()));
    }

    [Fact]
    public async Task Only_allowed_emoji_are_accepted_and_a_refused_one_writes_nothing()
    {
        var user = await Server.RegisterAsync();
        foreach (var emoji in new[] { "🍕", "", "🚀🚀", "fire", "🔥\uFE0F" })
            await (await ReactAsync(user.Client, emoji)).AssertProblemAsync(HttpStatusCode.BadRequest, "emoji");
        await (await user.Client.PostAsJsonAsync("/api/activity/reactions", new { })).AssertProblemAsync(HttpStatusCode.BadRequest, "emoji");
        Assert.Equal(0, await ReactionRowsAsync(Server, user.Id));

        foreach (var emoji in Arena.Grains.Activity.ReactionEmoji.Allowed.Take(5))
            await (await ReactAsync(user.Client, emoji)).AssertOkJsonAsync(HttpStatusCode.Created);
        Assert.Equal(5, await ReactionRowsAsync(Server, user.Id));
    }

    [Fact]
    public async Task Anonymous_callers_cannot_react()
    {
        using var anonymous = Server.CreateClient();
        await (await ReactAsync(anonymous, "🔥")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_target_must_be_an_existing_public_event()
    {
        var alice = await Server.RegisterAsync();
        var bob = await Server.RegisterAsync();
        await Server.AppendAsync(EventDraft.ForUser(alice.Id, "private.note", new { marker = "alice only" }));
        await Server.DrainAsync();
        var privateSeq = (await Server.GetService<EventStore>().ReadLatestAsync(1, EventAudience.ForUser(alice.Id)))[^1].Seq;

        await (await ReactAsync(bob.Client, "🔥", 0)).AssertProblemAsync(HttpStatusCode.BadRequest, "targetSeq");
        await (await ReactAsync(bob.Client, "🔥", -3)).AssertProblemAsync(HttpStatusCode.BadRequest, "targetSeq");
        await (await ReactAsync(bob.Client, "🔥", long.MaxValue)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ReactAsync(bob.Client, "🔥", privateSeq)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ReactAsync(alice.Client, "🔥", privateSeq)).AssertProblemAsync(HttpStatusCode.NotFound); // even its owner: reactions are public
        Assert.Equal(0, await ReactionRowsAsync(Server, bob.Id));
    }

    [Fact]
    public async Task Reactions_are_limited_per_user_with_retry_after_and_the_limit_survives_a_restart()
    {
        await using var server = await ArenaServer.StartAsync(await DatabaseTarget.CreateAsync(arena.Dialect), new Dictionary<string, string?>
        {
            ["Arena:Events:ReactionLimit"] = "2",
            ["Arena:Events:ReactionWindow"] = "00:10:00",
        });
        var user = await server.RegisterAsync();
        var other = await server.RegisterAsync();

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => ReactAsync(user.Client, "🐂")));
        Assert.Equal(2, concurrent.Count(r => r.StatusCode == HttpStatusCode.Created));
        var refused = concurrent.First(r => r.StatusCode != HttpStatusCode.Created);
        var problem = await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 600);
        Assert.Equal(retryAfter, problem["retryAfterSeconds"]!.GetValue<int>());
        await (await ReactAsync(other.Client, "🐻")).AssertOkJsonAsync(HttpStatusCode.Created); // per user
        Assert.Equal(2, await ReactionRowsAsync(server, user.Id));

        using var anonymous = server.CreateClient();
        var before = await (await anonymous.GetAsync("/api/activity")).AssertOkJsonAsync();
        await server.RestartAsync();
        using var afterRestart = server.CreateClient();
        Assert.Equal(before.ToJsonString(), (await (await afterRestart.GetAsync("/api/activity")).AssertOkJsonAsync()).ToJsonString());
        await (await ReactAsync(server.CreateClient(user.Token), "🐂")).AssertProblemAsync(HttpStatusCode.TooManyRequests);
    }
}

public sealed class ReactionTestsOnSqlite(SqliteArena arena) : ReactionTests(arena), IClassFixture<SqliteArena>;

public sealed class ReactionTestsOnPostgres(PostgresArena arena) : ReactionTests(arena), IClassFixture<PostgresArena>;
