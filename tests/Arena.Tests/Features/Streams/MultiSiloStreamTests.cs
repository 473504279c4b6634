using Arena.Tests.Events;

namespace Arena.Tests.Features.Streams;

/// <summary>Two silos on one PostgreSQL database: a spectator may move from one to the other with since and miss nothing.</summary>
public sealed class MultiSiloStreamTestsOnPostgres
{
    private static string? Marker(JsonObject m) => m.IsEvent() ? m["data"]!["marker"]?.GetValue<string>() : null;

    [Fact]
    public async Task A_spectator_moving_to_another_silo_with_since_misses_nothing_and_both_silos_stream_the_same_order()
    {
        var database = await DatabaseTarget.CreateAsync(Dialect.Postgres);
        await using var one = await ArenaServer.StartAsync(database);
        await using var two = await ArenaServer.StartAsync(database);
        await using var watcherOnTwo = await StreamClient.ConnectAsync(two, "/ws/arena");
        var start = (await watcherOnTwo.NextAsync()).Seq();
        var mover = await StreamClient.ConnectAsync(one, $"/ws/arena?since={start}");

        // Writers on both silos; the spectator leaves silo one half-way through and comes back on silo two.
        var writers = Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var silo = w % 2 == 0 ? one : two;
            for (var i = 0; i < 20; i++) await silo.AppendAsync(StreamTestKit.PublicTestEvent($"{w}.{i}"), StreamTestKit.PublicTestEvent($"{w}.{i}b"));
        })));
        var seen = (await mover.NextUntilAsync(m => m.IsEvent() && m.Seq() >= start + 40)).Where(m => m.IsEvent()).Select(m => m.Seq()).ToList();
        mover.Socket.Abort();
        await mover.DisposeAsync();
        await writers;
        await one.AppendAsync(StreamTestKit.PublicTestEvent("end"));

        await using var back = await StreamClient.ConnectAsync(two, $"/ws/arena?since={seen[^1]}");
        seen.AddRange((await back.NextUntilAsync(m => Marker(m) == "end")).Where(m => m.IsEvent()).Select(m => m.Seq()));
        var expected = await one.PublicSeqsAsync(start + 1, seen[^1]);
        Assert.Equal(161, expected.Length);
        Assert.Equal(expected, seen);

        var onTwo = (await watcherOnTwo.NextUntilAsync(m => Marker(m) == "end")).Where(m => m.IsEvent()).Select(m => m.Seq());
        Assert.Equal(expected, onTwo);
    }
}
