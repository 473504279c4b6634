using Arena.Api.Infrastructure;
using Arena.Grains.Leaderboard;

namespace Arena.Api.Features.Leaderboard;

/// <summary>
/// The public leaderboard: every active bot with every metric over a rolling period, plus a buy-and-hold BTC reference.
/// Computed at most once per period per <c>Arena:Leaderboard:CacheDuration</c> on each silo; <c>computedAt</c> says when.
/// Definitions: docs/metrics.md.
/// </summary>
public static class LeaderboardApi
{
    public static IEndpointRouteBuilder MapLeaderboard(this IEndpointRouteBuilder app)
    {
        var group = app.MapApiGroup("/api/leaderboard").WithTags("Leaderboard").AllowAnonymous();
        group.MapGet("/", Get)
            .WithSummary("Active bots ranked over a period (period=24h|7d|30d|all, sort=return|pnl|sharpe|...), with a buy-and-hold BTC reference");
        return app;
    }

    public static async Task<Results<Ok<LeaderboardBoard>, ValidationProblem, ProblemHttpResult>> Get(
        string? period, string? sort, LeaderboardService leaderboard, CancellationToken cancellationToken) =>
        (await leaderboard.GetAsync(period, sort, cancellationToken)).ToHttp(TypedResults.Ok);
}
