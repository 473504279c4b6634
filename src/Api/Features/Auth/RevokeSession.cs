using Arena.Api.Infrastructure;
using Arena.Grains.Auth;
using FastEndpoints;

namespace Arena.Api.Features.Auth;

public sealed record RevokeSessionRequest(Guid SessionId);

public sealed class RevokeSession(SessionStore sessions) : Endpoint<RevokeSessionRequest, Results<NoContent, ProblemHttpResult>>
{
    public override void Configure()
    {
        Delete("/api/auth/sessions/{sessionId:guid}");
        Definition.Documented(AuthRoutes.Tag, "End one of the caller's sessions").SignedIn().Rejects(404);
    }

    public override async Task<Results<NoContent, ProblemHttpResult>> ExecuteAsync(RevokeSessionRequest request, CancellationToken ct) =>
        await sessions.RevokeAsync(User.UserId(), request.SessionId, ct)
            ? TypedResults.NoContent()
            : Rejection.NotFound("No active session of yours has this id.").ToProblem();
}
