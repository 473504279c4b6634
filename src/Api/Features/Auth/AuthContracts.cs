using Arena.Grains.Users;

namespace Arena.Api.Features.Auth;

public sealed record RegisterRequest(string? Email, string? Username, string? Password);

public sealed record LoginRequest(string? Login, string? Password);

/// <summary>A new session: the token (also set as the <c>arena_session</c> cookie) and when it ends if unused.</summary>
public sealed record SignedInResponse(UserView User, string Token, DateTimeOffset ExpiresAt);

public sealed record SessionResponse(UserView User, DateTimeOffset ExpiresAt);

public sealed record SessionSummary(Guid Id, string AuthMethod, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, DateTimeOffset ExpiresAt, string? UserAgent, string? ClientAddress, bool Current);

public sealed record RevokedResponse(int Revoked);
