using Arena.Grains.Auth.Ethereum;

namespace Arena.Grains.Users;

public enum UserRole { User, Admin }

public sealed record UserAccount(
    Guid Id,
    string? Email,
    string Username,
    UserRole Role,
    string? PasswordHash,
    long Version,
    DateTimeOffset CreatedAt);

public sealed record UserProfile(string? DisplayName, string? AvatarUrl)
{
    public static readonly UserProfile Empty = new(null, null);
}

public sealed record WatchlistEntry(string Symbol, string? Exchange, string? Notes, DateTimeOffset AddedAt);

public sealed record UiStateEntry(string Value, DateTimeOffset UpdatedAt);

public sealed record LinkedWallet(string Address, DateTimeOffset LinkedAt);

/// <summary>Hot state of one user: everything in the aggregate rooted at <c>users</c>, as loaded from its rows.</summary>
public sealed record UserState(
    UserAccount Account,
    UserProfile Profile,
    StoredPreferences Preferences,
    ImmutableList<WatchlistEntry> Watchlist,
    ImmutableSortedDictionary<string, DateTimeOffset> DismissedInsights,
    ImmutableSortedDictionary<string, UiStateEntry> UiState,
    ImmutableList<LinkedWallet> Wallets)
{
    public static UserState New(UserAccount account, UserProfile profile) => new(
        account, profile, StoredPreferences.Unset, [],
        ImmutableSortedDictionary<string, DateTimeOffset>.Empty.WithComparers(StringComparer.Ordinal),
        ImmutableSortedDictionary<string, UiStateEntry>.Empty.WithComparers(StringComparer.Ordinal),
        []);
}

/// <summary>What a client may see of a user (never the password hash).</summary>
public sealed record UserView(
    Guid Id,
    string Username,
    string? Email,
    string? DisplayName,
    string? AvatarUrl,
    string Role,
    IReadOnlyList<string> Wallets,
    DateTimeOffset CreatedAt)
{
    public static UserView From(UserState state) => new(
        state.Account.Id,
        state.Account.Username,
        state.Account.Email,
        state.Profile.DisplayName,
        state.Profile.AvatarUrl,
        state.Account.Role == UserRole.Admin ? "admin" : "user",
        state.Wallets.Select(w => EthereumAddress.ToChecksum(w.Address)).ToArray(),
        state.Account.CreatedAt);
}
