namespace Arena.Grains.Leaderboard;

/// <summary>Configuration section <c>Arena:Leaderboard</c>.</summary>
public sealed class LeaderboardOptions
{
    public const string Section = "Arena:Leaderboard";

    /// <summary>
    /// How long a computed board (per period) and a bot's prompt-version figures are fresh. After that the next request
    /// starts one recomputation and gets the previous answer until it completes. 0 computes on every request, which waits
    /// for it (concurrent requests still share one computation).
    /// </summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the standings (period <c>all</c>, by return) are compared with the last published ones; a new order is a <c>leaderboard.changed</c> event.</summary>
    public TimeSpan PublishInterval { get; set; } = TimeSpan.FromSeconds(30);
}
