using Arena.Api.Infrastructure;
using Arena.Grains.Auth;
using Arena.Grains.Users;
using FastEndpoints;

namespace Arena.Api.Features.Auth;

public sealed record LoginRequest(string? Login, string? Password);

public sealed class LoginValidator() : RulesValidator<LoginRequest>((r, errors) => AccountRules.CheckSignIn(r.Login, r.Password, errors));

public sealed class Login(AccountService accounts) : Endpoint<LoginRequest, Results<Ok<SignedInResponse>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/api/auth/login");
        Definition.Documented(AuthRoutes.Tag, "Sign in with email or username and password").Public().Rejects(401, 429);
    }

    public override async Task<Results<Ok<SignedInResponse>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(LoginRequest request, CancellationToken ct)
    {
        var result = await accounts.SignInAsync(request.Login, request.Password, HttpContext.Client(), ct);
        return result.ToHttp(signedIn =>
        {
            SessionCookie.Issue(HttpContext, signedIn.Session);
            return TypedResults.Ok(new SignedInResponse(signedIn.User, signedIn.Session.Token, signedIn.Session.ExpiresAt));
        });
    }
}
