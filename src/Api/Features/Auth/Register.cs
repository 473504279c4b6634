using Arena.Api.Infrastructure;
using Arena.Grains.Auth;
using Arena.Grains.Users;
using FastEndpoints;

namespace Arena.Api.Features.Auth;

public sealed record RegisterRequest(string? Email, string? Username, string? Password);

public sealed class RegisterValidator() : RulesValidator<RegisterRequest>((r, errors) => AccountRules.CheckRegistration(r.Email, r.Username, r.Password, errors));

/// <summary>Each registration costs a slow password hash, so it has its own limits: per client address and for all addresses together.</summary>
[RateLimited(RateLimits.RegistrationPolicy)]
public sealed class Register(AccountService accounts) : Endpoint<RegisterRequest, Results<Created<SignedInResponse>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/api/auth/register");
        Definition.Documented(AuthRoutes.Tag, "Create an account and sign in").Public().Rejects(409);
    }

    public override async Task<Results<Created<SignedInResponse>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(RegisterRequest request, CancellationToken ct)
    {
        var result = await accounts.RegisterAsync(request.Email, request.Username, request.Password, HttpContext.Client(), ct);
        return result.ToHttp(signedIn =>
        {
            SessionCookie.Issue(HttpContext, signedIn.Session);
            return TypedResults.Created("/api/auth/session", new SignedInResponse(signedIn.User, signedIn.Session.Token, signedIn.Session.ExpiresAt));
        });
    }
}
