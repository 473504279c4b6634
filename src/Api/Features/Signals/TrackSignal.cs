using Arena.Api.Infrastructure;
using Arena.Grains.Users;
using FastEndpoints;

namespace Arena.Api.Features.Signals;

public sealed record TrackSignalRequest(long Id);

public sealed class TrackSignal(IGrainFactory grains) : Endpoint<TrackSignalRequest, Results<Created<TrackedSignal>, Ok<TrackedSignal>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/api/signals/{id:long}/track");
        Definition.Documented(SignalsRoutes.Tag, "Track a signal (201; tracking it again answers the existing row with 200 and records nothing)")
            .SignedIn().Rejects(404, 409);
    }

    public override async Task<Results<Created<TrackedSignal>, Ok<TrackedSignal>, ProblemHttpResult>> ExecuteAsync(TrackSignalRequest request, CancellationToken ct)
    {
        var result = await grains.GetGrain<IUserGrain>(User.UserId()).TrackSignal(request.Id);
        if (!result.IsOk) return result.Rejection!.ToProblem();
        var reply = result.Value!;
        return reply.Created ? TypedResults.Created("/api/tracked-signals", reply.Tracked) : TypedResults.Ok(reply.Tracked);
    }
}
