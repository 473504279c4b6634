using Arena.Api.Infrastructure;
using Arena.Grains.Auth;
using FastEndpoints;

namespace Arena.Api.Features.Auth;

public sealed class Logout(SessionStore sessions) : EndpointWithoutRequest<NoContent>
{
    public override void Configure()
    {
        Post("/api/auth/logout");
        Definition.Documented(AuthRoutes.Tag, "End this session everywhere").SignedIn();
    }

    public override async Task<NoContent> ExecuteAsync(CancellationToken ct)
    {
        await sessions.RevokeAsync(User.UserId(), User.SessionId(), ct);
        SessionCookie.Clear(HttpContext);
        return TypedResults.NoContent();
    }
}
