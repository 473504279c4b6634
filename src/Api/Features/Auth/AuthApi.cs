using Arena.Api.Infrastructure;
using Arena.Grains.Auth;
using Arena.Grains.Users;

namespace Arena.Api.Features.Auth;

public static class AuthApi
{
    public static IEndpointRouteBuilder MapAuth(this IEndpointRouteBuilder app)
    {
        var group = app.MapApiGroup("/api/auth").WithTags("Auth");
        group.MapPost("/register", Register).AllowAnonymous().Rejects(409).WithSummary("Create an account and sign in");
        group.MapPost("/login", Login).AllowAnonymous().Rejects(401, 429).WithSummary("Sign in with email or username and password");
        group.MapGet("/session", GetSession).RequireSignedIn().WithSummary("The signed-in user and when the session ends");
        group.MapPost("/logout", Logout).RequireSignedIn().WithSummary("End this session everywhere");
        group.MapGet("/sessions", ListSessions).RequireSignedIn().WithSummary("The caller's active sessions");
        group.MapDelete("/sessions/{sessionId:guid}", RevokeSession).RequireSignedIn().Rejects(404).WithSummary("End one of the caller's sessions");
        group.MapPost("/sessions/revoke-others", RevokeOtherSessions).RequireSignedIn().WithSummary("End every session except this one");
        return app;
    }

    public static async Task<Results<Created<SignedInResponse>, ValidationProblem, ProblemHttpResult>> Register(
        RegisterRequest request, AccountService accounts, HttpContext context)
    {
        var result = await accounts.RegisterAsync(request.Email, request.Username, request.Password, context.Client(), context.RequestAborted);
        return result.ToHttp(signedIn =>
        {
            SessionCookie.Issue(context, signedIn.Session);
            return TypedResults.Created("/api/auth/session", new SignedInResponse(signedIn.User, signedIn.Session.Token, signedIn.Session.ExpiresAt));
        });
    }

    public static async Task<Results<Ok<SignedInResponse>, ValidationProblem, ProblemHttpResult>> Login(
        LoginRequest request, AccountService accounts, HttpContext context)
    {
        var result = await accounts.SignInAsync(request.Login, request.Password, context.Client(), context.RequestAborted);
        return result.ToHttp(signedIn =>
        {
            SessionCookie.Issue(context, signedIn.Session);
            return TypedResults.Ok(new SignedInResponse(signedIn.User, signedIn.Session.Token, signedIn.Session.ExpiresAt));
        });
    }

    public static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> GetSession(ClaimsPrincipal principal, IGrainFactory grains)
    {
        var user = await grains.GetGrain<IUserGrain>(principal.UserId()).GetUser();
        if (user is null) return Rejection.Unauthorized("The account no longer exists.").ToProblem();
        return TypedResults.Ok(new SessionResponse(user, principal.SessionExpiresAt()));
    }

    public static async Task<NoContent> Logout(ClaimsPrincipal principal, SessionStore sessions, HttpContext context)
    {
        await sessions.RevokeAsync(principal.UserId(), principal.SessionId(), context.RequestAborted);
        SessionCookie.Clear(context);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<SessionSummary[]>> ListSessions(ClaimsPrincipal principal, SessionStore sessions, CancellationToken cancellationToken)
    {
        var current = principal.SessionId();
        var list = await sessions.ListAsync(principal.UserId(), cancellationToken);
        return TypedResults.Ok(list.Select(s => new SessionSummary(s.Id, s.AuthMethod, s.CreatedAt, s.LastSeenAt, s.ExpiresAt, s.UserAgent, s.ClientAddress, s.Id == current)).ToArray());
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeSession(Guid sessionId, ClaimsPrincipal principal, SessionStore sessions, CancellationToken cancellationToken) =>
        await sessions.RevokeAsync(principal.UserId(), sessionId, cancellationToken)
            ? TypedResults.NoContent()
            : Rejection.NotFound("No active session of yours has this id.").ToProblem();

    public static async Task<Ok<RevokedResponse>> RevokeOtherSessions(ClaimsPrincipal principal, SessionStore sessions, CancellationToken cancellationToken) =>
        TypedResults.Ok(new RevokedResponse(await sessions.RevokeOthersAsync(principal.UserId(), principal.SessionId(), cancellationToken)));
}
