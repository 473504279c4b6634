using Arena.Grains.Bots;
using Arena.Grains.Events;
using Arena.Grains.Secrets;
using Arena.Tests.Bots;
using Arena.Tests.Events;

namespace Arena.Tests.Features.Streams;

public abstract partial class ArenaStreamTests
{
    [Fact]
    public async Task Nothing_private_ever_reaches_a_spectator_in_snapshots_live_events_or_replays()
    {
        var id = Guid.NewGuid().ToString("N");
        var (promptMarker, secretMarker, privateMarker, adminMarker) = ($"PROMPT-{id}", $"SECRET-{id}", $"PRIVATE-{id}", $"ADMIN-{id}");
        var (email, username) = ($"mail-{id}@example.test", "u" + id[..12]);

        await using var watcher = await ConnectAsync();
        var since = (await watcher.NextAsync()).Seq();

        // A bot whose prompt (and a second prompt version and its note) carry a marker; it trades like the others.
        var botId = await arena.Harness.CreateBotAsync(await arena.Harness.RulesProviderAsync("random_walk"), prompt: "Trade with care. " + promptMarker);
        Assert.True((await arena.Harness.Grains.GetGrain<IBotGrain>(botId).AddPrompt("v2 " + promptMarker, "note " + promptMarker)).IsOk);
        var credential = await Server.GetService<CredentialVault>().CreateAsync(new NewCredential("key-" + id[..12], CredentialVault.ApiKeyKind, "sk-" + secretMarker));
        Assert.True(credential.IsOk, credential.Rejection?.ToString());

        // A user with an email who reacts in public, and events only that user, or only admins, may see.
        using var anonymous = Server.CreateClient();
        var registered = await (await anonymous.PostAsJsonAsync("/api/auth/register", new { email, username, password = TestUsers.Password }))
            .AssertOkJsonAsync(HttpStatusCode.Created);
        var token = registered["token"]!.GetValue<string>();
        var userId = registered["user"]!["id"]!.GetValue<string>();
        using var user = Server.CreateClient(token);
        Assert.True((await user.PostAsJsonAsync("/api/activity/reactions", new { emoji = "🚀" })).IsSuccessStatusCode);
        await Server.AppendAsync(
            EventDraft.ForUser(Guid.Parse(userId), "test.private", new { marker = privateMarker, email }),
            EventDraft.ForAdmins("test.admin", new { marker = adminMarker, email }));
        await EngineHarness.WaitUntilAsync(async () => await arena.Harness.CountAsync(
            "SELECT count(*) FROM bot_decisions WHERE bot_id = @botId", new { botId }) >= 3, "the marked bot took turns");
        var end = "end-" + id;
        await Server.AppendAsync(StreamTestKit.PublicTestEvent(end));
        await watcher.NextUntilAsync(m => Marker(m) == end);

        await using var fresh = await ConnectAsync();
        var snapshot = await fresh.NextAsync();
        await using var replay = await ConnectAsync($"?since={since}");
        await replay.NextUntilAsync(m => m.Is("resumed"));

        var everything = string.Join("\n", watcher.Raw.Concat(fresh.Raw).Concat(replay.Raw));
        // Positive controls: the window did carry the public side of all this.
        Assert.Contains(username, everything);
        Assert.Contains(snapshot["arena"]!["bots"]!.AsArray(), b => b!["id"]!.GetValue<string>() == botId);
        Assert.Contains(replay.Raw, m => m.Contains(BotEvents.PromptChanged, StringComparison.Ordinal));
        foreach (var secret in new[] { promptMarker, secretMarker, privateMarker, adminMarker, email, token, userId, "test.private", "test.admin" })
            Assert.DoesNotContain(secret, everything);
    }

    [Fact]
    public async Task Every_kind_of_message_occurs_and_every_event_type_a_spectator_sees_is_documented()
    {
        // Every message every StreamClient receives is checked against the page's shapes; here each kind shows up at least once.
        var since = await Server.SettleAsync();
        var kinds = new HashSet<string>();
        var eventTypes = new HashSet<string>();
        void Note(IEnumerable<JsonObject> messages)
        {
            foreach (var m in messages)
            {
                kinds.Add(m.IsEvent() ? "event" : m.Type());
                foreach (var e in m.Events()) eventTypes.Add(e.Type());
            }
        }

        await using (var live = await ConnectAsync())
        {
            Note([await live.NextAsync()]);
            await live.SendAsync("not even json");
            arena.Harness.Market!.Set(("ETHUSDT", 50.5m));
            Note(await live.NextUntilAsync(m => m.Is("error")));
            Note(await live.NextUntilAsync(m => m.Is("ticks")));
            Note(await live.NextUntilAsync(m => m.IsEvent() && m.Type() == BotEvents.DecisionMade));
            arena.Harness.Market!.Set(("ETHUSDT", 50m));
        }
        await using (var replay = await ConnectAsync($"?since={since}"))
            Note(await replay.NextUntilAsync(m => m.Is("resumed")));
        await using (var resync = await ConnectAsync($"?since={since + 1_000_000}"))
            Note([await resync.NextAsync()]);

        Assert.Superset(new HashSet<string> { "snapshot", "resumed", "ticks", "error", "event" }, kinds);
        // Types of this test suite's own events ("test.*") are not part of the product.
        var undocumented = eventTypes.Where(t => !t.StartsWith("test.", StringComparison.Ordinal) && !ProtocolShapes.EventTypes.Contains(t)).ToArray();
        Assert.True(undocumented.Length == 0, "Event types missing from docs/stream-protocol.md: " + string.Join(", ", undocumented));
        Assert.Contains(BotEvents.DecisionMade, eventTypes);
    }
}

public sealed class ArenaStreamTestsOnSqlite(SqliteStreams arena) : ArenaStreamTests(arena), IClassFixture<SqliteStreams>;

public sealed class ArenaStreamTestsOnPostgres(PostgresStreams arena) : ArenaStreamTests(arena), IClassFixture<PostgresStreams>;
