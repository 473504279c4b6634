using Arena.Grains.Common;
using Arena.Grains.Users;

namespace Arena.Tests.Features.Watchlist;

public sealed class WatchlistRulesTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Theory]
    [InlineData(" btcusdt ", "BTCUSDT")]
    [InlineData("brk.b", "BRK.B")]
    [InlineData("nse:reliance", "NSE:RELIANCE")]
    [InlineData("eth/usdt", "ETH/USDT")]
    [InlineData("es_f-2025", "ES_F-2025")]
    public void Symbols_are_trimmed_and_upper_cased(string sent, string stored)
    {
        var entry = WatchlistRules.ToEntry(new WatchlistItem(sent), Now, new FieldErrors());
        Assert.Equal(stored, entry!.Symbol);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".BTC")]
    [InlineData("BTC USD")]
    [InlineData("BTC$")]
    [InlineData("ÄPFEL")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456")]
    public void Malformed_symbols_are_refused(string sent)
    {
        var errors = new FieldErrors();
        Assert.Null(WatchlistRules.ToEntry(new WatchlistItem(sent), Now, errors, "items[4]."));
        Assert.Equal(["items[4].symbol"], errors.ToDictionary().Keys);
    }

    [Fact]
    public void Replace_keeps_the_date_of_symbols_that_stay_and_orders_by_date_then_symbol()
    {
        var earlier = Now.AddDays(-3);
        var current = new[] { new WatchlistEntry("ZZZ", null, null, earlier), new WatchlistEntry("OLD", null, null, earlier) };

        var next = WatchlistRules.PlanReplace([new WatchlistItem("new"), new WatchlistItem("zzz", "nyse", "n")], current, Now).Value!;

        Assert.Equal([new WatchlistEntry("ZZZ", "NYSE", "n", earlier), new WatchlistEntry("NEW", null, null, Now)], next);
    }

    [Fact]
    public void Merge_skips_symbols_already_listed_or_repeated_and_refuses_to_pass_the_cap()
    {
        var current = Enumerable.Range(0, WatchlistRules.MaxEntries - 1).Select(i => new WatchlistEntry($"S{i}", null, null, Now)).ToArray();
        var merge = WatchlistRules.PlanMerge([new WatchlistItem("s0"), new WatchlistItem("x"), new WatchlistItem("X")], current, Now).Value!;
        Assert.Equal(["X"], merge.Added.Select(e => e.Symbol));
        Assert.Equal(["S0", "X"], merge.Skipped);

        var over = WatchlistRules.PlanMerge([new WatchlistItem("x"), new WatchlistItem("y")], current, Now);
        Assert.Equal(RejectionKind.Conflict, over.Rejection!.Kind);
    }
}
