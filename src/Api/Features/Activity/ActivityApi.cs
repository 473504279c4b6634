using Arena.Api.Infrastructure;
using Arena.Grains.Activity;
using Arena.Grains.Events;

namespace Arena.Api.Features.Activity;

public sealed record ReactionRequest(string? Emoji, long? TargetSeq);

/// <summary>The reaction was stored but not yet sequenced when the reply was due; it appears in the feed shortly.</summary>
public sealed record ReactionAccepted(long Id);

/// <summary>The Live page: the activity feed and emoji reactions.</summary>
public static class ActivityApi
{
    public static IEndpointRouteBuilder MapActivity(this IEndpointRouteBuilder app)
    {
        var group = app.MapApiGroup("/api/activity").WithTags("Activity");
        group.MapGet("/", Feed).AllowAnonymous()
            .WithSummary("The activity feed, newest first: public events, plus the caller's own when signed in");
        group.MapPost("/reactions", React).RequireSignedIn().Rejects(404, 429)
            .WithSummary("Post an emoji reaction (a public event), optionally aimed at a public event's seq");
        return app;
    }

    public static async Task<Results<Ok<ActivityPage>, ValidationProblem, ProblemHttpResult>> Feed(
        string? cursor, string? limit, string? types, ClaimsPrincipal principal, ActivityFeed feed, CancellationToken cancellationToken) =>
        (await feed.ReadAsync(principal.UserIdOrNull(), cursor, limit, types, cancellationToken)).ToHttp(TypedResults.Ok);

    /// <summary>201 with the event once it is sequenced (the usual case), 202 if that took longer than the reply may wait.</summary>
    public static async Task<Results<Created<EventEnvelope>, Accepted<ReactionAccepted>, ValidationProblem, ProblemHttpResult>> React(
        ReactionRequest request, ClaimsPrincipal principal, ReactionService reactions, CancellationToken cancellationToken)
    {
        var posted = await reactions.PostAsync(principal.UserId(), request.Emoji, request.TargetSeq, cancellationToken);
        if (!posted.IsOk) return posted.Rejection!.Kind == RejectionKind.Invalid ? posted.Rejection.ToValidationProblem() : posted.Rejection.ToProblem();
        return posted.Value!.Event is { } e
            ? TypedResults.Created((string?)null, e)
            : TypedResults.Accepted((string?)null, new ReactionAccepted(posted.Value.Id));
    }
}
