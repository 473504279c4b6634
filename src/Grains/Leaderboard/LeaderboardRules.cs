using Arena.Grains.Metrics;

namespace Arena.Grains.Leaderboard;

/// <summary>What a leaderboard query must be. Field names are the API's query names.</summary>
public static class LeaderboardRules
{
    /// <summary>The period and sort, by their exact wire names (no other case, no padding); absent or empty takes the default.</summary>
    /// <param name="period"><c>24h</c>, <c>7d</c>, <c>30d</c> or <c>all</c> (the default).</param>
    /// <param name="sort">A <see cref="LeaderboardSortKey"/> wire name; <c>return</c> by default.</param>
    public static (LeaderboardPeriod Period, LeaderboardSortKey Sort) CheckQuery(string? period, string? sort, FieldErrors errors) =>
        (Parse(period, LeaderboardPeriod.All, "period", errors), Parse(sort, LeaderboardSortKey.Return, "sort", errors));

    private static T Parse<T>(string? text, T fallback, string field, FieldErrors errors) where T : struct, Enum
    {
        if (string.IsNullOrEmpty(text)) return fallback;
        if (WireEnum<T>.TryParseExact(text, out var value)) return value;
        errors.Add(field, $"Allowed values: {string.Join(", ", WireEnum<T>.Names)}.");
        return fallback;
    }
}
