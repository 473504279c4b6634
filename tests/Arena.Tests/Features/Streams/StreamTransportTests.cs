using System.Net.WebSockets;
using Arena.Api.Features.Streams;
using Arena.Tests.Events;

namespace Arena.Tests.Features.Streams;

/// <summary>Keep-alive, backpressure, the connection cap and shutdown: each test runs its own silo with the limits it needs.</summary>
public abstract class StreamTransportTests(Dialect dialect)
{
    private async Task<ArenaServer> StartAsync(params (string Key, string Value)[] settings) =>
        await ArenaServer.StartAsync(await DatabaseTarget.CreateAsync(dialect), settings.ToDictionary(s => s.Key, s => (string?)s.Value));

    private static string? Marker(JsonObject m) => m.IsEvent() ? m["data"]!["marker"]?.GetValue<string>() : null;

    [Fact]
    public async Task A_client_that_stops_answering_pings_is_dropped_while_a_responsive_one_stays()
    {
        await using var server = await StartAsync(("Arena:Stream:PingInterval", "00:00:00.200"), ("Arena:Stream:PingTimeout", "00:00:00.600"));
        // The silent client takes its snapshot (however long the server takes to build it), then stops reading.
        await using var silent = await StreamClient.ConnectAsync(server, "/ws/arena", read: false);
        Assert.Contains("\"snapshot\"", await silent.ReceiveOneAsync());
        await using var responsive = await StreamClient.ConnectAsync(server, "/ws/arena");
        await responsive.NextAsync();

        await StreamTestKit.WaitUntilAsync(() => server.Connections().ClosedWith(StreamCloseCodes.Abnormal) == 1, "the silent client was dropped");
        Assert.Equal(1, server.Connections().Count);
        await Task.Delay(1000); // several more ping intervals: the responsive client answers them
        await server.AppendAsync(StreamTestKit.PublicTestEvent("still here"));
        await responsive.NextUntilAsync(m => Marker(m) == "still here");
        Assert.Equal(WebSocketState.Open, responsive.Socket.State);

        // The silent client finds nothing after its snapshot but a connection that ended without a close frame.
        Assert.Null(await silent.EndAsync());
        Assert.True(silent.Aborted);
        Assert.Single(silent.Raw);
    }

    [Fact]
    public async Task A_client_that_stops_reading_is_closed_with_4008_while_a_fast_client_gets_every_event_in_order()
    {
        // A long SendTimeout: the slow client must be cut off by its queue, not by the timeout.
        await using var server = await StartAsync(("Arena:Stream:SendQueueCapacity", "16"), ("Arena:Stream:SendTimeout", "00:01:00"));
        await using var slow = await StreamClient.ConnectAsync(server, "/ws/arena", read: false);
        await using var fast = await StreamClient.ConnectAsync(server, "/ws/arena");
        var start = (await fast.NextAsync()).Seq();

        // 32 KB events, 8 per transaction, until the slow client's socket buffers and its queue are full.
        var fastSeqs = new List<long>();
        for (var round = 0; server.Connections().ClosingWith(StreamCloseCodes.TooSlow) == 0; round++)
        {
            Assert.True(round < 200, "the slow client was never cut off");
            var last = $"round {round}";
            await server.AppendAsync(Enumerable.Range(0, 8).Select(i => StreamTestKit.PublicTestEvent(i == 7 ? last : $"{round}.{i}", 32 * 1024)).ToArray());
            fastSeqs.AddRange((await fast.NextUntilAsync(m => Marker(m) == last)).Where(m => m.IsEvent()).Select(m => m.Seq()));
        }
        Assert.Equal(await server.PublicSeqsAsync(start + 1, fastSeqs[^1]), fastSeqs);

        // The slow client reads what reached it (a gap-free prefix), then the close frame: 4008.
        slow.StartReading();
        Assert.Equal(StreamCloseCodes.TooSlow, await slow.EndAsync());
        var slowSeqs = slow.Drain().Where(m => m.IsEvent()).Select(m => m.Seq()).ToList();
        Assert.NotEmpty(slowSeqs);
        Assert.Equal(await server.PublicSeqsAsync(start + 1, slowSeqs[^1]), slowSeqs);
        Assert.Equal(1, server.Connections().ClosedWith(StreamCloseCodes.TooSlow));

        // It comes back with since and catches up from the store, missing nothing.
        await using var back = await StreamClient.ConnectAsync(server, $"/ws/arena?since={slowSeqs[^1]}");
        slowSeqs.AddRange((await back.NextUntilAsync(m => m.Is("resumed"))).Where(m => m.IsEvent()).Select(m => m.Seq()));
        Assert.Equal(await server.PublicSeqsAsync(start + 1, fastSeqs[^1]), slowSeqs);
    }

    [Fact]
    public async Task A_client_that_takes_no_message_within_the_send_timeout_is_dropped()
    {
        await using var server = await StartAsync(("Arena:Stream:SendTimeout", "00:00:01"));
        await using var stuck = await StreamClient.ConnectAsync(server, "/ws/arena", read: false);
        await StreamTestKit.WaitUntilAsync(() => server.Connections().Count == 1, "the client is connected");
        // Enough 32 KB events to fill the socket buffers (far fewer than the 1024 the queue holds): a send then blocks.
        for (var round = 0; server.Connections().ClosedWith(StreamCloseCodes.Abnormal) == 0; round++)
        {
            Assert.True(round < 100, "the stuck client was never dropped");
            await server.AppendAsync(Enumerable.Range(0, 8).Select(i => StreamTestKit.PublicTestEvent($"{round}.{i}", 32 * 1024)).ToArray());
            await Task.Delay(100);
        }
        Assert.Equal(0, server.Connections().ClosedWith(StreamCloseCodes.TooSlow));
        Assert.Null(await stuck.EndAsync());
        Assert.True(stuck.Aborted);
    }

    [Fact]
    public async Task Streams_over_the_connection_limit_are_refused_before_the_upgrade()
    {
        await using var server = await StartAsync(("Arena:Stream:MaxConnections", "2"));
        var first = await StreamClient.ConnectAsync(server, "/ws/arena");
        await using var second = await StreamClient.ConnectAsync(server, "/ws/arena");
        using var http = server.CreateClient();
        var refused = await http.SendAsync(ArenaStreamTests.UpgradeRequest("/ws/arena"));
        await refused.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(refused.Headers.RetryAfter);

        await first.DisposeAsync();
        await StreamTestKit.WaitUntilAsync(() => server.Connections().Count == 1, "the closed stream gave its slot back");
        await using var third = await StreamClient.ConnectAsync(server, "/ws/arena");
        Assert.True((await third.NextAsync()).Is("snapshot"));
    }

    [Fact]
    public async Task Stopping_the_silo_closes_every_stream_with_1001()
    {
        var server = await StartAsync();
        await using var spectator = await StreamClient.ConnectAsync(server, "/ws/arena");
        var user = await server.RegisterAsync();
        await using var personal = await StreamClient.ConnectAsync(server, "/ws/me", o => o.SetRequestHeader("Authorization", "Bearer " + user.Token));
        await spectator.NextAsync();
        await personal.NextAsync();

        var stopping = server.DisposeAsync().AsTask();
        Assert.Equal(StreamCloseCodes.GoingAway, await spectator.EndAsync());
        Assert.Equal(StreamCloseCodes.GoingAway, await personal.EndAsync());
        await stopping;
    }
}

public sealed class StreamTransportTestsOnSqlite() : StreamTransportTests(Dialect.Sqlite);

public sealed class StreamTransportTestsOnPostgres() : StreamTransportTests(Dialect.Postgres);
