using Arena.Api.Infrastructure;
using Arena.Grains.Activity;
using FastEndpoints;

namespace Arena.Api.Features.Activity;

public sealed record GetActivityFeedRequest(string? Cursor, string? Limit, string? Types);

public sealed class GetActivityFeedValidator() : RulesValidator<GetActivityFeedRequest>((r, errors) => ActivityRules.CheckFeedQuery(r.Cursor, r.Limit, r.Types, errors));

public sealed class GetActivityFeed(ActivityFeed feed) : Endpoint<GetActivityFeedRequest, Results<Ok<ActivityPage>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/api/activity");
        Definition.Documented(ActivityRoutes.Tag, "The activity feed, newest first: public events, plus the caller's own when signed in").Public();
    }

    public override async Task<Results<Ok<ActivityPage>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(GetActivityFeedRequest request, CancellationToken ct) =>
        (await feed.ReadAsync(User.UserIdOrNull(), request.Cursor, request.Limit, request.Types, ct)).ToHttp(TypedResults.Ok);
}
