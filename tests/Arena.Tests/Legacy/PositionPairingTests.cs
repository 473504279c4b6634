using Arena.Grains.Legacy;
using Arena.Grains.Trading;

namespace Arena.Tests.Legacy;

public sealed class PositionPairingTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_730_912_100_000);

    private static LegacyOrder Entry(int index, string id, string symbol, int minute, string action = "LONG", decimal size = 100) =>
        new(index, id, symbol, action, OrderFill.Entry, 2.5m, size, 3, T0.AddMinutes(minute), 0);

    private static LegacyOrder Exit(int index, string id, string symbol, int minute, decimal size = 100) =>
        new(index, id, symbol, "CLOSE", OrderFill.Exit, 2.6m, size, 3, T0.AddMinutes(minute), 4);

    private static LegacyPosition Open(string id, string symbol, PositionSide side = PositionSide.Long) =>
        new(0, id, symbol, side, 2.5m, 100, 3, null, null, null);

    [Fact]
    public void Entries_pair_with_the_next_exit_of_their_symbol_in_time_order_whatever_the_array_order()
    {
        // Newest first, as the legacy engine stored them, with two symbols interleaved.
        LegacyOrder[] orders =
        [
            Entry(0, "x3", "XRPUSDT", 50), Exit(1, "s2", "SOLUSDT", 40), Exit(2, "x2", "XRPUSDT", 30), Entry(3, "s1", "SOLUSDT", 25),
            Entry(4, "x2e", "XRPUSDT", 20), Exit(5, "x1", "XRPUSDT", 10), Entry(6, "x1e", "XRPUSDT", 0),
        ];

        var pairing = PositionPairing.Pair("bot", orders, [Open("p9", "XRPUSDT")]);

        Assert.Equal([("s1", "s2"), ("x1e", "x1"), ("x2e", "x2")], pairing.Closed.Select(c => (c.Entry.Id, c.Exit.Id)));
        Assert.Equal("x3", pairing.OpenEntries["p9"].Id);
        Assert.Empty(pairing.Warnings);
    }

    [Fact]
    public void A_close_and_a_reopen_at_the_same_instant_close_first()
    {
        var pairing = PositionPairing.Pair("bot", [Entry(0, "b", "XRPUSDT", 10), Exit(1, "a-exit", "XRPUSDT", 10), Entry(2, "a", "XRPUSDT", 0)], [Open("p", "XRPUSDT")]);

        Assert.Equal(("a", "a-exit"), (pairing.Closed.Single().Entry.Id, pairing.Closed.Single().Exit.Id));
        Assert.Equal("b", pairing.OpenEntries["p"].Id);
    }

    [Fact]
    public void Orders_that_cannot_be_paired_are_reported_and_left_without_a_position()
    {
        LegacyOrder[] orders =
        [
            Exit(0, "orphan-exit", "BTCUSDT", 0),
            Entry(1, "superseded", "ETHUSDT", 0), Entry(2, "e2", "ETHUSDT", 5), Exit(3, "e2x", "ETHUSDT", 9),
            Entry(4, "dangling", "SOLUSDT", 0),
            Entry(5, "short", "XRPUSDT", 0, "SHORT"),
        ];

        var pairing = PositionPairing.Pair("bot", orders, [Open("p", "XRPUSDT", PositionSide.Long)]);

        Assert.Equal(("e2", "e2x"), (pairing.Closed.Single().Entry.Id, pairing.Closed.Single().Exit.Id));
        Assert.Empty(pairing.OpenEntries);
        Assert.Collection(pairing.Warnings,
            w => Assert.Contains("exit order orphan-exit (BTCUSDT, 2024-11-06 16:55:00Z) has no open entry", w),
            w => Assert.Contains("entry order superseded (ETHUSDT) is followed by entry e2 before any exit", w),
            w => Assert.Contains("entry order dangling (SOLUSDT) has no exit and no open position", w),
            w => Assert.Contains("entry order short (XRPUSDT SHORT) does not match the open LONG position p", w));
    }

    [Fact]
    public void An_exit_of_another_size_is_paired_and_reported()
    {
        var pairing = PositionPairing.Pair("bot", [Entry(0, "a", "XRPUSDT", 0), Exit(1, "b", "XRPUSDT", 5, size: 90)], []);

        Assert.Single(pairing.Closed);
        Assert.Contains("exit order b (XRPUSDT) has size 90, its entry a has 100", Assert.Single(pairing.Warnings));
    }
}
