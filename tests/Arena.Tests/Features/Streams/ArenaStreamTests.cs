using Arena.Api.Features.Streams;
using Arena.Grains.Bots;
using Arena.Grains.Events;
using Arena.Tests.Bots;
using Arena.Tests.Events;
using Dapper;

namespace Arena.Tests.Features.Streams;

/// <summary><c>GET /ws/arena</c> end to end: real ClientWebSockets against the real silo, with a bot trading every 200 ms.</summary>
public abstract partial class ArenaStreamTests(StreamFixture arena)
{
    private ArenaServer Server => arena.Server;

    private Task<StreamClient> ConnectAsync(string query = "") => StreamClient.ConnectAsync(Server, "/ws/arena" + query);

    /// <summary>Takes messages until <paramref name="count"/> live events arrived; returns those events.</summary>
    private static async Task<List<JsonObject>> LiveEventsAsync(StreamClient client, int count)
    {
        var events = new List<JsonObject>();
        while (events.Count < count)
            if (await client.NextAsync() is { } m && m.IsEvent()) events.Add(m);
        return events;
    }

    [Fact]
    public async Task A_spectator_gets_one_snapshot_then_every_public_event_in_seq_order()
    {
        await using var client = await ConnectAsync();
        var snapshot = await client.NextAsync();
        Assert.True(snapshot.Is("snapshot"), snapshot.ToJsonString());
        Assert.False(snapshot["resync"]!.GetValue<bool>());
        var seq = snapshot.Seq();
        Assert.All(snapshot.Events(), e => Assert.True(e.Seq() <= seq));
        Assert.Contains(snapshot["arena"]!["bots"]!.AsArray(), b => b!["id"]!.GetValue<string>() == arena.BotId);

        var live = await LiveEventsAsync(client, 8);
        var seqs = live.Select(e => e.Seq()).ToArray();
        Assert.True(seqs[0] > seq);
        Assert.Equal(await Server.PublicSeqsAsync(seq + 1, seqs[^1]), seqs);
        Assert.Contains(live, e => e.Type() == BotEvents.DecisionMade && e["data"]!["botId"]!.GetValue<string>() == arena.BotId);
    }

    [Fact]
    public async Task The_snapshot_shows_the_bots_standings_open_positions_and_prices_as_stored()
    {
        await EngineHarness.WaitUntilAsync(async () => await arena.Harness.CountAsync(
            "SELECT count(*) FROM positions WHERE bot_id = @id AND status = 'open'", new { id = arena.BotId }) > 0, "the bot opened a position");
        var bot = arena.Harness.Grains.GetGrain<IBotGrain>(arena.BotId);
        Assert.True((await bot.SetPaused(true)).IsOk);
        try
        {
            await WaitForQuietBotAsync();
            await using var client = await ConnectAsync();
            var snapshot = await client.NextAsync();
            var content = snapshot["arena"]!;

            var listed = content["bots"]!.AsArray().Single(b => b!["id"]!.GetValue<string>() == arena.BotId)!;
            Assert.Equal("paused", listed["status"]!.GetValue<string>());
            Assert.Equal("Bot " + arena.BotId, listed["displayName"]!.GetValue<string>());
            Assert.Equal("paper", listed["tradingMode"]!.GetValue<string>());

            var stored = await arena.Harness.QueryAsync<(long Id, string Symbol, string Side, decimal Quantity, decimal EntryPrice)>(
                "SELECT id, symbol, side, quantity, entry_price FROM positions WHERE bot_id = @id AND status = 'open' ORDER BY id", new { id = arena.BotId });
            var shown = content["positions"]!.AsArray().Where(p => p!["botId"]!.GetValue<string>() == arena.BotId)
                .Select(p => (p!["id"]!.GetValue<long>(), p["symbol"]!.GetValue<string>(), p["side"]!.GetValue<string>(),
                    p["quantity"]!.GetValue<decimal>(), p["entryPrice"]!.GetValue<decimal>())).ToArray();
            Assert.Equal(stored, shown);

            var balance = (await arena.Harness.QueryAsync<decimal>("SELECT balance FROM bot_accounts WHERE bot_id = @id", new { id = arena.BotId })).Single();
            var standings = content["standings"]!.AsArray().Select(s => s!.AsObject()).ToArray();
            Assert.Equal(balance, standings.Single(s => s["botId"]!.GetValue<string>() == arena.BotId)["balance"]!.GetValue<decimal>());
            Assert.Equal(Enumerable.Range(1, standings.Length), standings.Select(s => s["rank"]!.GetValue<int>()));
            Assert.Equal(standings.Select(s => s["equity"]!.GetValue<decimal>()).OrderDescending(), standings.Select(s => s["equity"]!.GetValue<decimal>()));

            var quotes = arena.Harness.Market!.Quotes;
            Assert.Equal(quotes.Values.OrderBy(q => q.Symbol, StringComparer.Ordinal).Select(q => (q.Symbol, q.Price)),
                content["prices"]!.AsArray().Select(p => (p!["symbol"]!.GetValue<string>(), p["price"]!.GetValue<decimal>())));

            var recent = snapshot.Events().ToArray();
            Assert.InRange(recent.Length, 1, 20);
            Assert.Equal(recent.Select(e => e.Seq()).Order(), recent.Select(e => e.Seq()));
            Assert.Contains(recent, e => e.Type() == BotEvents.Paused && e["data"]!["botId"]!.GetValue<string>() == arena.BotId);
        }
        finally
        {
            Assert.True((await bot.SetPaused(false)).IsOk);
        }
    }

    /// <summary>A paused bot may still finish the turn it was in: wait until its turn count stops moving.</summary>
    private async Task WaitForQuietBotAsync()
    {
        long previous = -1;
        await EngineHarness.WaitUntilAsync(async () =>
        {
            var turns = await arena.Harness.CountAsync("SELECT turn_count FROM bot_accounts WHERE bot_id = @id", new { id = arena.BotId });
            var quiet = turns == previous;
            previous = turns;
            await Task.Delay(300);
            return quiet;
        }, "the paused bot stopped taking turns");
        await Server.SettleAsync();
    }

    [Fact]
    public async Task Snapshot_and_live_events_meet_exactly_while_events_are_being_written()
    {
        var clients = new List<StreamClient>();
        var end = "end-" + Guid.NewGuid().ToString("N");
        try
        {
            // Three writers, no pauses: events are sequenced while each client subscribes and reads its snapshot.
            var writers = Task.WhenAll(Enumerable.Range(0, 3).Select(w => Task.Run(async () =>
            {
                for (var i = 0; i < 30; i++)
                    await Server.AppendAsync(Enumerable.Range(0, 3).Select(j => StreamTestKit.PublicTestEvent($"w{w}.{i}.{j}")).ToArray());
            })));
            // Clients connect while the writer and the bot are writing: each one's subscription point falls somewhere in it.
            for (var i = 0; i < 6; i++)
            {
                clients.Add(await ConnectAsync());
                await Task.Delay(20);
            }
            await writers;
            await Server.AppendAsync(StreamTestKit.PublicTestEvent(end));

            foreach (var client in clients)
            {
                var messages = await client.NextUntilAsync(m => m.IsEvent() && m["data"]!["marker"]?.GetValue<string>() == end);
                var snapshot = messages[0];
                Assert.True(snapshot.Is("snapshot"));
                var recent = snapshot.Events().Select(e => e.Seq()).ToArray();
                var live = messages.Skip(1).Where(m => m.IsEvent()).Select(m => m.Seq()).ToArray();
                Assert.All(recent, s => Assert.True(s <= snapshot.Seq()));
                Assert.All(live, s => Assert.True(s > snapshot.Seq()));
                // Everything from the snapshot's oldest event to the end marker, each exactly once and in order.
                var from = recent.Length > 0 ? recent[0] : snapshot.Seq() + 1;
                Assert.Equal(await Server.PublicSeqsAsync(from, live[^1]), recent.Concat(live).ToArray());
            }
        }
        finally
        {
            foreach (var client in clients) await client.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_client_that_resumes_with_since_misses_nothing_and_gets_nothing_twice()
    {
        var seen = new List<long>();
        long cursor;
        await using (var first = await ConnectAsync())
        {
            var snapshot = await first.NextAsync();
            seen.AddRange((await LiveEventsAsync(first, 5)).Select(e => e.Seq()));
            cursor = seen[^1];
            first.Socket.Abort(); // dropped, not closed: as a lost network would
        }
        // Events keep happening while the client is away.
        var away = await Server.AppendAsync(StreamTestKit.PublicTestEvent("while away"), StreamTestKit.PublicTestEvent("while away too"));
        await Server.SettleAsync();

        await using var second = await ConnectAsync($"?since={cursor}");
        var messages = await second.NextUntilAsync(m => m.Is("resumed"));
        var resumed = messages[^1];
        Assert.Equal(cursor, resumed["since"]!.GetValue<long>());
        Assert.DoesNotContain(messages, m => m.Is("snapshot"));
        seen.AddRange(messages.Where(m => m.IsEvent()).Select(m => m.Seq()));
        seen.AddRange((await LiveEventsAsync(second, 5)).Select(e => e.Seq()));

        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.Equal(await Server.PublicSeqsAsync(seen[0], seen[^1]), seen);
        Assert.Contains(messages, m => m.IsEvent() && m["data"]!["marker"]?.GetValue<string>() == "while away");
    }

    [Fact]
    public async Task A_since_older_than_the_retained_window_gets_a_fresh_snapshot_flagged_resync()
    {
        var old = await Server.SettleAsync();
        await Task.Delay(1500); // the fixture's retention is one second
        await Server.AppendAsync(StreamTestKit.PublicTestEvent("newest"));
        await Server.SettleAsync();
        Assert.True(await Server.GetService<EventRetention>().PruneAsync() > 0);
        Assert.True((await Server.GetService<EventStore>().ReadWindowAsync()).OldestRetainedSeq > old);

        await using var client = await ConnectAsync($"?since={old - 1}");
        var snapshot = await client.NextAsync();
        Assert.True(snapshot.Is("snapshot"), snapshot.ToJsonString());
        Assert.True(snapshot["resync"]!.GetValue<bool>());
        Assert.True(snapshot.Seq() > old);
        Assert.NotNull(snapshot["arena"]);
        var live = await LiveEventsAsync(client, 2);
        Assert.All(live, e => Assert.True(e.Seq() > snapshot.Seq()));
    }

    [Fact]
    public async Task A_since_ahead_of_the_sequence_gets_a_resync_snapshot()
    {
        var now = await Server.SettleAsync();
        await using var client = await ConnectAsync($"?since={now + 1_000_000}");
        var snapshot = await client.NextAsync();
        Assert.True(snapshot.Is("snapshot") && snapshot["resync"]!.GetValue<bool>(), snapshot.ToJsonString());
    }

    [Fact]
    public async Task Price_ticks_are_coalesced_per_window_and_the_latest_price_wins()
    {
        await using var client = await ConnectAsync();
        await client.NextAsync(); // snapshot
        var market = arena.Harness.Market!;
        var final = 100m + Random.Shared.Next(1, 9) / 100m;
        for (var i = 1; i <= 40; i++) market.Set(("BTCUSDT", 100m + i / 1000m));
        market.Set(("BTCUSDT", final));

        var messages = await client.NextUntilAsync(m => m.Is("ticks") && m["prices"]!.AsArray()
            .Any(p => p!["symbol"]!.GetValue<string>() == "BTCUSDT" && p["price"]!.GetValue<decimal>() == final));
        var ticks = messages.Where(m => m.Is("ticks")).ToArray();
        Assert.True(ticks.Length < 41, $"{ticks.Length} ticks messages for 41 price changes");
        Assert.All(ticks, t => Assert.Equal(t["prices"]!.AsArray().Count, t["prices"]!.AsArray().Select(p => p!["symbol"]!.GetValue<string>()).Distinct().Count()));
        Assert.All(ticks, t => Assert.Null(t["seq"]));
        market.Set(("BTCUSDT", 100m));
    }

    [Fact]
    public async Task An_event_is_serialized_once_however_many_clients_receive_it()
    {
        var clients = new List<StreamClient>();
        try
        {
            for (var i = 0; i < 5; i++) clients.Add(await ConnectAsync());
            foreach (var c in clients) await c.NextAsync();
            var frames = Server.GetService<EventFrames>();
            var from = await Server.SettleAsync();
            var before = frames.Serialized;
            var markers = Enumerable.Range(0, 10).Select(i => $"once-{Guid.NewGuid():N}").ToArray();
            await Server.AppendAsync(markers.Select(m => StreamTestKit.PublicTestEvent(m)).ToArray());
            foreach (var c in clients)
            {
                var got = (await c.NextUntilAsync(m => Marker(m) == markers[^1])).Select(Marker).Where(markers.Contains);
                Assert.Equal(markers, got);
            }
            var to = await Server.SettleAsync();
            // 5 clients × at least 10 events were delivered; at most one frame was built per event sequenced meanwhile.
            Assert.InRange(frames.Serialized - before, markers.Length, to - from);
        }
        finally
        {
            foreach (var c in clients) await c.DisposeAsync();
        }
    }

    private static string? Marker(JsonObject m) => m.IsEvent() ? m["data"]!["marker"]?.GetValue<string>() : null;
}

