using Arena.Api.Infrastructure;
using Arena.Grains.Users;
using FastEndpoints;

namespace Arena.Api.Features.Auth;

public sealed record SessionResponse(UserView User, DateTimeOffset ExpiresAt);

public sealed class GetSession(IGrainFactory grains) : EndpointWithoutRequest<Results<Ok<SessionResponse>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/api/auth/session");
        Definition.Documented(AuthRoutes.Tag, "The signed-in user and when the session ends").SignedIn();
    }

    public override async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var user = await grains.GetGrain<IUserGrain>(User.UserId()).GetUser();
        if (user is null) return Rejection.Unauthorized("The account no longer exists.").ToProblem();
        return TypedResults.Ok(new SessionResponse(user, User.SessionExpiresAt()));
    }
}
