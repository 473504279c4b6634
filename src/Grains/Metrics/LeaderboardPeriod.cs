using System.Text.Json.Serialization;

namespace Arena.Grains.Metrics;

/// <summary>The leaderboard's rolling periods; each ends at "now".</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LeaderboardPeriod>))]
public enum LeaderboardPeriod
{
    [JsonStringEnumMemberName("24h")] Day,
    [JsonStringEnumMemberName("7d")] Week,
    [JsonStringEnumMemberName("30d")] Month,
    [JsonStringEnumMemberName("all")] All,
}

public static class LeaderboardPeriods
{
    /// <summary>
    /// [now − length, now]: rolling, not calendar, periods (a 24h board at 09:00 covers 09:00 yesterday onward).
    /// "all" starts at <see cref="DateTimeOffset.MinValue"/>; the equity curve clips it to each bot's start.
    /// </summary>
    public static TimeWindow Window(LeaderboardPeriod period, DateTimeOffset now) => period switch
    {
        LeaderboardPeriod.Day => new TimeWindow(now.AddHours(-24), now),
        LeaderboardPeriod.Week => new TimeWindow(now.AddDays(-7), now),
        LeaderboardPeriod.Month => new TimeWindow(now.AddDays(-30), now),
        LeaderboardPeriod.All => new TimeWindow(DateTimeOffset.MinValue, now),
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, null),
    };

    /// <summary>Maps a wire name ("24h", "7d", "30d", "all") and now to the window; false for any other name.</summary>
    public static bool TryGetWindow(string? name, DateTimeOffset now, out TimeWindow window)
    {
        var known = WireEnum<LeaderboardPeriod>.TryParse(name, out var period);
        window = known ? Window(period, now) : default;
        return known;
    }
}
