using Arena.Grains.Common;
using Arena.Grains.Metrics;
using static Arena.Tests.Metrics.MetricsSamples;

namespace Arena.Tests.Metrics;

public sealed class LeaderboardSortTests
{
    private static readonly EquityPoint Start = P("2025-01-01T00:00:00", 1000m);

    private static BotPerformance Row(string id, double? sharpe = null, decimal? drawdown = 0m, int trades = 0, decimal? profitFactor = null) =>
        new(id,
            new TimeWindow(Start.At, Start.At.AddDays(7)),
            drawdown is { } fall ? new EquityMetrics(Start, Start, 0m, 0m, new Drawdown(fall, null, null), 7, sharpe, null, null, null) : null,
            null,
            new TradeMetrics(trades, 0, 0, null, profitFactor, null, null, null, 0m, 0m, 0m, 0m));

    private static string[] Order(LeaderboardSortKey key, params BotPerformance[] rows) =>
        LeaderboardSort.Order(rows, key, r => r).Select(r => r.BotId).ToArray();

    [Fact]
    public void Higher_is_better_with_nulls_last_and_ties_broken_by_bot_id()
    {
        // d 2.0 first; b and c tie at 1.5 -> by id; a has no Sharpe and e has not started: last, by id.
        var order = Order(LeaderboardSortKey.Sharpe,
            Row("c", sharpe: 1.5), Row("e", drawdown: null), Row("a", sharpe: null), Row("d", sharpe: 2.0), Row("b", sharpe: 1.5), Row("f", sharpe: -3.0));

        Assert.Equal(["d", "b", "c", "f", "a", "e"], order);
    }

    [Fact]
    public void A_smaller_drawdown_ranks_first()
    {
        // 0 (no fall) beats 0.05 beats 0.1; y and w tie at 0.05 -> by id; z has not started: last.
        var order = Order(LeaderboardSortKey.MaxDrawdown,
            Row("x", drawdown: 0.1m), Row("z", drawdown: null), Row("y", drawdown: 0.05m), Row("w", drawdown: 0.05m), Row("v", drawdown: 0m));

        Assert.Equal(["v", "w", "y", "x", "z"], order);
    }

    [Fact]
    public void An_infinite_profit_factor_ranks_after_every_finite_one()
    {
        // "all" won every trade (no losses: null) yet ranks below "some" with 0.5.
        var order = Order(LeaderboardSortKey.ProfitFactor,
            Row("all", trades: 1, profitFactor: null), Row("some", trades: 4, profitFactor: 0.5m), Row("more", trades: 9, profitFactor: 2.1m));

        Assert.Equal(["more", "some", "all"], order);
    }

    [Fact]
    public void Trade_counts_sort_descending_with_the_id_breaking_ties()
    {
        var order = Order(LeaderboardSortKey.Trades, Row("b", trades: 3), Row("a", trades: 3), Row("c", trades: 10));

        Assert.Equal(["c", "a", "b"], order);
    }

    [Fact]
    public void Every_documented_sort_key_parses_from_its_wire_name()
    {
        string[] names = ["return", "pnl", "sharpe", "sortino", "calmar", "maxDrawdown", "winRate", "profitFactor", "expectancy", "trades", "fees"];

        Assert.Equal(names, WireEnum<LeaderboardSortKey>.Names);
        Assert.All(names, name => Assert.True(WireEnum<LeaderboardSortKey>.TryParse(name, out _)));
    }
}
