using Arena.Api.Infrastructure;
using Arena.Grains.Auth;
using FastEndpoints;

namespace Arena.Api.Features.Auth;

public sealed record RevokedResponse(int Revoked);

public sealed class RevokeOtherSessions(SessionStore sessions) : EndpointWithoutRequest<Ok<RevokedResponse>>
{
    public override void Configure()
    {
        Post("/api/auth/sessions/revoke-others");
        Definition.Documented(AuthRoutes.Tag, "End every session except this one").SignedIn();
    }

    public override async Task<Ok<RevokedResponse>> ExecuteAsync(CancellationToken ct) =>
        TypedResults.Ok(new RevokedResponse(await sessions.RevokeOthersAsync(User.UserId(), User.SessionId(), ct)));
}
