using Arena.Api.Infrastructure;
using Arena.Grains.Leaderboard;
using FastEndpoints;

namespace Arena.Api.Features.Leaderboard;

public sealed record GetLeaderboardRequest(string? Period, string? Sort);

public sealed class GetLeaderboardValidator() : RulesValidator<GetLeaderboardRequest>((r, errors) => LeaderboardRules.CheckQuery(r.Period, r.Sort, errors));

/// <summary>
/// The public leaderboard: every active bot with every metric over a rolling period, plus a buy-and-hold BTC reference.
/// Computed at most once per period per <c>Arena:Leaderboard:CacheDuration</c> on each silo; <c>computedAt</c> says when.
/// Definitions: docs/metrics.md.
/// </summary>
public sealed class GetLeaderboard(LeaderboardService leaderboard) : Endpoint<GetLeaderboardRequest, Results<Ok<LeaderboardBoard>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/api/leaderboard");
        Definition.Documented("Leaderboard", "Active bots ranked over a period (period=24h|7d|30d|all, sort=return|pnl|sharpe|...), with a buy-and-hold BTC reference")
            .Public();
    }

    public override async Task<Results<Ok<LeaderboardBoard>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(GetLeaderboardRequest request, CancellationToken ct) =>
        (await leaderboard.GetAsync(request.Period, request.Sort, ct)).ToHttp(TypedResults.Ok);
}
