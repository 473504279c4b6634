using Arena.Api.Infrastructure;
using Arena.Grains.Activity;
using Arena.Grains.Events;
using FastEndpoints;

namespace Arena.Api.Features.Activity;

public sealed record PostReactionRequest(string? Emoji, long? TargetSeq);

/// <summary>The reaction was stored but not yet sequenced when the reply was due; it appears in the feed shortly.</summary>
public sealed record ReactionAccepted(long Id);

public sealed class PostReactionValidator() : RulesValidator<PostReactionRequest>((r, errors) => ActivityRules.CheckReaction(r.Emoji, r.TargetSeq, errors));

/// <summary>201 with the event once it is sequenced (the usual case), 202 if that took longer than the reply may wait.</summary>
public sealed class PostReaction(ReactionService reactions)
    : Endpoint<PostReactionRequest, Results<Created<EventEnvelope>, Accepted<ReactionAccepted>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/api/activity/reactions");
        Definition.Documented(ActivityRoutes.Tag, "Post an emoji reaction (a public event), optionally aimed at a public event's seq").SignedIn().Rejects(404, 429);
    }

    public override async Task<Results<Created<EventEnvelope>, Accepted<ReactionAccepted>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(
        PostReactionRequest request, CancellationToken ct)
    {
        var posted = await reactions.PostAsync(User.UserId(), request.Emoji, request.TargetSeq, ct);
        if (!posted.IsOk) return posted.Rejection!.Kind == RejectionKind.Invalid ? posted.Rejection.ToValidationProblem() : posted.Rejection.ToProblem();
        return posted.Value!.Event is { } e
            ? TypedResults.Created((string?)null, e)
            : TypedResults.Accepted((string?)null, new ReactionAccepted(posted.Value.Id));
    }
}
