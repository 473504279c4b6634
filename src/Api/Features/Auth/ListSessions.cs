using Arena.Api.Infrastructure;
using Arena.Grains.Auth;
using FastEndpoints;

namespace Arena.Api.Features.Auth;

public sealed record SessionSummary(Guid Id, string AuthMethod, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, DateTimeOffset ExpiresAt, string? UserAgent, string? ClientAddress, bool Current);

public sealed class ListSessions(SessionStore sessions) : EndpointWithoutRequest<Ok<SessionSummary[]>>
{
    public override void Configure()
    {
        Get("/api/auth/sessions");
        Definition.Documented(AuthRoutes.Tag, "The caller's active sessions").SignedIn();
    }

    public override async Task<Ok<SessionSummary[]>> ExecuteAsync(CancellationToken ct)
    {
        var current = User.SessionId();
        var list = await sessions.ListAsync(User.UserId(), ct);
        return TypedResults.Ok(list.Select(s => new SessionSummary(s.Id, s.AuthMethod, s.CreatedAt, s.LastSeenAt, s.ExpiresAt, s.UserAgent, s.ClientAddress, s.Id == current)).ToArray());
    }
}
