using Arena.Grains.Auth;

namespace Arena.Grains.Users;

public sealed record NewAccount(string? Email, string Username, string? Password, UserRole Role = UserRole.User, string? DisplayName = null);

public sealed record ProfileView(string Username, string? DisplayName, string? AvatarUrl);

public sealed record ProfileUpdate(string? Username, string? DisplayName, string? AvatarUrl);

/// <summary>
/// One user: account, profile and everything the apps used to keep in localStorage. Keyed by user id.
/// Feature files add their methods to this partial interface.
/// </summary>
public partial interface IUserGrain : IGrainWithGuidKey
{
    /// <summary>Creates the account with this grain's id. Fails if it exists or the email/username is taken.</summary>
    Task<Result<UserView>> Register(NewAccount account);

    /// <summary>The user, or null when no such account exists.</summary>
    Task<UserView?> GetUser();

    /// <summary>Checks a password; re-hashes it when the stored hash used fewer iterations than configured.</summary>
    Task<bool> CheckPassword(string password);

    Task<Result<ProfileView>> GetProfile();

    Task<Result<ProfileView>> UpdateProfile(ProfileUpdate update);

    Task<Result<UserView>> SetRole(UserRole role);

    /// <summary>Another silo committed <paramref name="version"/>; drop this activation if it is behind.</summary>
    Task ObserveVersion(long version);
}
