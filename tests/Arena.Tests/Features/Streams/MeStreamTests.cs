using System.Net.WebSockets;
using Arena.Api.Features.Streams;
using Arena.Grains.Auth;
using Arena.Grains.Events;
using Arena.Grains.Users;
using Arena.Tests.Events;

namespace Arena.Tests.Features.Streams;

/// <summary><c>GET /ws/me</c> end to end: who may connect, how, and that a user only ever receives their own events.</summary>
public abstract class MeStreamTests(StreamFixture arena)
{
    private ArenaServer Server => arena.Server;

    private Task<StreamClient> ConnectAsync(string query = "", Action<ClientWebSocketOptions>? configure = null) =>
        StreamClient.ConnectAsync(Server, "/ws/me" + query, configure);

    private static Action<ClientWebSocketOptions> Bearer(string token) => o => o.SetRequestHeader("Authorization", "Bearer " + token);

    private static EventDraft Own(TestUser user, string marker) => EventDraft.ForUser(user.Id, "test.own", new { marker });

    private static EventDraft Notification(TestUser user, string title) => NotificationEvents.For(user.Id,
        new NotificationEvents.NotificationCreatedEvent(Guid.CreateVersion7(), "system", title, "body", null, DateTimeOffset.UtcNow));

    private static string? Marker(JsonObject m) => m.IsEvent() ? (m["data"]!["marker"] ?? m["data"]!["title"])?.GetValue<string>() : null;

    [Fact]
    public async Task Each_user_gets_their_own_events_and_notifications_and_nothing_else()
    {
        var alice = await Server.RegisterAsync();
        var bob = await Server.RegisterAsync();
        // Each account's welcome notification commits with it but is numbered a moment later. Numbered before the streams
        // subscribe, it falls inside their snapshots instead of arriving live among the events this test counts.
        await Server.SettleAsync();
        await using var aliceStream = await ConnectAsync(configure: Bearer(alice.Token));
        await using var bobStream = await ConnectAsync(configure: Bearer(bob.Token));
        var snapshot = await aliceStream.NextAsync();
        Assert.True(snapshot.Is("snapshot"));
        Assert.Null(snapshot["arena"]);
        await bobStream.NextAsync();

        await Server.AppendAsync(StreamTestKit.PublicTestEvent("public"), Own(alice, "alice 1"), Own(bob, "bob 1"),
            EventDraft.ForAdmins("test.admin", new { marker = "admin" }), Notification(alice, "for alice"), Notification(bob, "for bob"), Own(alice, "alice 2"));

        var aliceGot = (await aliceStream.NextUntilAsync(m => Marker(m) == "alice 2")).Where(m => m.IsEvent()).ToArray();
        var bobGot = (await bobStream.NextUntilAsync(m => Marker(m) == "for bob")).Where(m => m.IsEvent()).ToArray();
        Assert.Equal(["alice 1", "for alice", "alice 2"], aliceGot.Select(Marker));
        Assert.Equal(["bob 1", "for bob"], bobGot.Select(Marker));
        Assert.Equal(NotificationEvents.Created, aliceGot[1].Type());
        var own = await Server.ReadAllAsync(EventAudience.OnlyUser(alice.Id), snapshot.Seq());
        Assert.Equal(own.Select(e => e.Seq), aliceGot.Select(e => e.Seq()));
        Assert.DoesNotContain(aliceStream.Raw.Concat(bobStream.Raw), m => m.Contains("\"public\"") || m.Contains("\"admin\"") || m.Contains(BotEventsText));
    }

    [Fact]
    public async Task A_notification_an_admin_sends_arrives_live_on_the_users_stream()
    {
        var user = await Server.RegisterAsync();
        var admin = await Server.RegisterAdminAsync();
        await using var stream = await ConnectAsync(configure: Bearer(user.Token));
        Assert.True((await stream.NextAsync()).Is("snapshot"));

        await (await admin.Client.PostAsJsonAsync($"/api/admin/users/{user.Id}/notifications", new { kind = "announcement", title = "Season 2 starts" }))
            .AssertOkJsonAsync(HttpStatusCode.Created);

        var got = (await stream.NextUntilAsync(m => Marker(m) == "Season 2 starts")).Last();
        Assert.Equal((NotificationEvents.Created, "announcement"), (got.Type(), got["data"]!["kind"]!.GetValue<string>()));
    }

    // The bot trading in this fixture writes public events all the time; none of them belongs on /ws/me.
    private const string BotEventsText = "decision.made";

    [Fact]
    public async Task The_session_cookie_signs_in_on_a_same_origin_handshake_and_is_ignored_on_a_cross_site_one()
    {
        var user = await Server.RegisterAsync();
        Action<ClientWebSocketOptions> Cookie(string origin) => o =>
        {
            o.Cookies = new CookieContainer();
            o.Cookies.Add(StreamClient.Url(Server, "/ws/me"), new Cookie("arena_session", user.Token));
            o.SetRequestHeader("Origin", origin);
        };

        await using (var sameOrigin = await ConnectAsync(configure: Cookie(Server.BaseAddress.GetLeftPart(UriPartial.Authority))))
        {
            Assert.True((await sameOrigin.NextAsync()).Is("snapshot"));
            await Server.AppendAsync(Own(user, "by cookie"));
            await sameOrigin.NextUntilAsync(m => Marker(m) == "by cookie");
        }
        await using var crossSite = await ConnectAsync(configure: Cookie("https://evil.example"));
        Assert.Equal(StreamCloseCodes.Unauthorized, await crossSite.EndAsync());
        Assert.Empty(crossSite.Raw);
    }

    [Fact]
    public async Task A_first_auth_message_signs_in()
    {
        var user = await Server.RegisterAsync();
        await using var stream = await ConnectAsync();
        await stream.SendAsync(JsonSerializer.Serialize(new { type = "auth", token = user.Token }));
        Assert.True((await stream.NextAsync()).Is("snapshot"));
        await Server.AppendAsync(Own(user, "by message"));
        await stream.NextUntilAsync(m => Marker(m) == "by message");
    }

    [Theory]
    [InlineData("header")]
    [InlineData("message")]
    [InlineData("not auth first")]
    [InlineData("silence")]
    public async Task Without_a_valid_session_the_stream_closes_with_4001_before_sending_anything(string how)
    {
        var wrong = Tampered((await Server.RegisterAsync()).Token);
        await using var stream = await ConnectAsync(configure: how == "header" ? Bearer(wrong) : null);
        if (how == "message") await stream.SendAsync(JsonSerializer.Serialize(new { type = "auth", token = wrong }));
        if (how == "not auth first") await stream.SendAsync("{\"type\":\"hello\"}");
        Assert.Equal(StreamCloseCodes.Unauthorized, await stream.EndAsync());
        Assert.Empty(stream.Raw);
    }

    // A live token with its first character replaced by a different one: still token-shaped, so the server looks it up
    // rather than rejecting its shape. A fixed prefix ("x" + token[1..]) would be the live token itself for the 1 token in 64
    // (base64url) that starts with 'x': that stream signs in, sends a snapshot and stays open.
    private static string Tampered(string token)
    {
        var tampered = (token[0] == 'A' ? 'B' : 'A') + token[1..];
        Assert.True(SessionToken.LooksValid(tampered));
        return tampered;
    }

    [Fact]
    public async Task A_session_token_in_the_url_is_refused_and_never_used()
    {
        var user = await Server.RegisterAsync();
        await using var stream = await StreamClient.ConnectAsync(Server, "/ws/me?token=" + user.Token);
        Assert.Equal(StreamCloseCodes.PolicyViolation, await stream.EndAsync());
        Assert.Empty(stream.Raw);
        // Refused, not consumed: the session is still good.
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/api/auth/session")).StatusCode);
    }

    [Fact]
    public async Task Signing_out_closes_the_stream_with_4001()
    {
        var user = await Server.RegisterAsync();
        await using var stream = await ConnectAsync(configure: Bearer(user.Token));
        await stream.NextAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.PostAsync("/api/auth/logout", null)).StatusCode);
        Assert.Equal(StreamCloseCodes.Unauthorized, await stream.EndAsync());
    }

    [Fact]
    public async Task A_resumed_personal_stream_replays_the_missed_own_events_once()
    {
        var user = await Server.RegisterAsync();
        var other = await Server.RegisterAsync();
        long cursor;
        await using (var first = await ConnectAsync(configure: Bearer(user.Token)))
        {
            await first.NextAsync();
            await Server.AppendAsync(Own(user, "seen"));
            cursor = (await first.NextUntilAsync(m => Marker(m) == "seen"))[^1].Seq();
            first.Socket.Abort();
        }
        await Server.AppendAsync(Own(user, "missed 1"), Own(other, "not mine"), Notification(user, "missed 2"));
        await Server.SettleAsync();

        await using var second = await ConnectAsync($"?since={cursor}", Bearer(user.Token));
        var replay = await second.NextUntilAsync(m => m.Is("resumed"));
        Assert.Equal(["missed 1", "missed 2"], replay.Where(m => m.IsEvent()).Select(Marker));
        await Server.AppendAsync(Own(user, "live"));
        var live = await second.NextUntilAsync(m => Marker(m) == "live");
        Assert.Equal(["live"], live.Where(m => m.IsEvent()).Select(Marker));
    }
}

public sealed class MeStreamTestsOnSqlite(SqliteStreams arena) : MeStreamTests(arena), IClassFixture<SqliteStreams>;

public sealed class MeStreamTestsOnPostgres(PostgresStreams arena) : MeStreamTests(arena), IClassFixture<PostgresStreams>;
