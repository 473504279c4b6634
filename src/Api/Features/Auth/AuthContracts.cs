using Arena.Grains.Users;

namespace Arena.Api.Features.Auth;

/// <summary>What the auth slices share: their tag, and the answer to every way of signing in (password or wallet).</summary>
internal static class AuthRoutes
{
    public const string Tag = "Auth";
}

/// <summary>A new session: the token (also set as the <c>arena_session</c> cookie) and when it ends if unused.</summary>
public sealed record SignedInResponse(UserView User, string Token, DateTimeOffset ExpiresAt);
