using System.Text.Json.Serialization;

namespace Arena.Grains.Metrics;

[JsonConverter(typeof(JsonStringEnumConverter<LeaderboardSortKey>))]
public enum LeaderboardSortKey
{
    [JsonStringEnumMemberName("return")] Return,
    [JsonStringEnumMemberName("pnl")] Pnl,
    [JsonStringEnumMemberName("sharpe")] Sharpe,
    [JsonStringEnumMemberName("sortino")] Sortino,
    [JsonStringEnumMemberName("calmar")] Calmar,
    [JsonStringEnumMemberName("maxDrawdown")] MaxDrawdown,
    [JsonStringEnumMemberName("winRate")] WinRate,
    [JsonStringEnumMemberName("profitFactor")] ProfitFactor,
    [JsonStringEnumMemberName("expectancy")] Expectancy,
    [JsonStringEnumMemberName("trades")] Trades,
    [JsonStringEnumMemberName("fees")] Fees,
}

/// <summary>
/// Best first: descending, except max drawdown (a smaller fall is better). Bots without a value (no trades,
/// too short to annualize, not started) come last; equal values, at the rounded precision shown, fall back to
/// the bot id (ordinal), so the order is total and the same on every silo.
/// </summary>
public static class LeaderboardSort
{
    public static IReadOnlyList<T> Order<T>(IEnumerable<T> rows, LeaderboardSortKey key, Func<T, BotPerformance> performance) => key switch
    {
        LeaderboardSortKey.Return => By(rows, performance, p => p.Equity?.Return),
        LeaderboardSortKey.Pnl => By(rows, performance, p => p.Equity?.Pnl),
        LeaderboardSortKey.Sharpe => By(rows, performance, p => p.Equity?.Sharpe),
        LeaderboardSortKey.Sortino => By(rows, performance, p => p.Equity?.Sortino),
        LeaderboardSortKey.Calmar => By(rows, performance, p => p.Equity?.Calmar),
        LeaderboardSortKey.MaxDrawdown => By(rows, performance, p => p.Equity?.MaxDrawdown.Fraction, ascending: true),
        LeaderboardSortKey.WinRate => By(rows, performance, p => p.Trades.WinRate),
        LeaderboardSortKey.ProfitFactor => By(rows, performance, p => p.Trades.ProfitFactor),
        LeaderboardSortKey.Expectancy => By(rows, performance, p => p.Trades.Expectancy),
        LeaderboardSortKey.Trades => By(rows, performance, p => (int?)p.Trades.ClosedPositions),
        LeaderboardSortKey.Fees => By(rows, performance, p => (decimal?)p.Trades.Fees),
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, null),
    };

    private static IReadOnlyList<T> By<T, TValue>(
        IEnumerable<T> rows, Func<T, BotPerformance> performance, Func<BotPerformance, TValue?> value, bool ascending = false)
        where TValue : struct, IComparable<TValue>
    {
        var keyed = rows.Select(r => (Row: r, Value: value(performance(r)), Id: performance(r).BotId)).ToList();
        keyed.Sort((a, b) =>
        {
            if (a.Value is null || b.Value is null)
            {
                return a.Value is null == b.Value is null ? string.CompareOrdinal(a.Id, b.Id) : a.Value is null ? 1 : -1;
            }
            var order = a.Value.Value.CompareTo(b.Value.Value);
            return order != 0 ? (ascending ? order : -order) : string.CompareOrdinal(a.Id, b.Id);
        });
        return keyed.Select(k => k.Row).ToList();
    }
}
