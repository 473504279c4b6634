using System.Collections.Immutable;
using Arena.Api.Infrastructure;
using Arena.Grains.Users;

namespace Arena.Api.Features.Insights;

public static class InsightsApi
{
    /// <summary>Seed 004 published the /api/v1 paths; both prefixes serve the same handlers.</summary>
    public static readonly string[] Prefixes = ["/api/insights", "/api/v1/insights"];

    public static IEndpointRouteBuilder MapInsights(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in Prefixes)
        {
            var group = app.MapApiGroup(prefix).WithTags("Insights").RequireSignedIn();
            group.MapGet("/dismissed", GetDismissed).Rejects(404).WithSummary("The insights the caller dismissed, oldest first");
            group.MapPost("/{insightId}/dismiss", Dismiss).Rejects(404, 409).WithSummary("Dismiss an insight (idempotent: the first dismissal time stays)");
            group.MapDelete("/{insightId}/dismiss", Restore).Rejects(404).WithSummary("Un-dismiss an insight (idempotent)");
        }
        return app;
    }

    public static async Task<Results<Ok<ImmutableList<DismissedInsight>>, ValidationProblem, ProblemHttpResult>> GetDismissed(ClaimsPrincipal user, IGrainFactory grains) =>
        (await grains.GetGrain<IUserGrain>(user.UserId()).GetDismissedInsights()).ToHttp(TypedResults.Ok);

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Dismiss(string insightId, ClaimsPrincipal user, IGrainFactory grains) =>
        (await grains.GetGrain<IUserGrain>(user.UserId()).DismissInsight(insightId)).ToHttp(_ => TypedResults.NoContent());

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Restore(string insightId, ClaimsPrincipal user, IGrainFactory grains) =>
        (await grains.GetGrain<IUserGrain>(user.UserId()).RestoreInsight(insightId)).ToHttp(_ => TypedResults.NoContent());
}
