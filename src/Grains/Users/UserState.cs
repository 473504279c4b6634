using Arena.Grains.Ethereum;

namespace Arena.Grains.Users;

[GenerateSerializer]
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

[GenerateSerializer, Immutable]
public sealed record WatchlistEntry([Id(0)] string Symbol, [Id(1)] string? Exchange, [Id(2)] string? Notes, [Id(3)] DateTimeOffset AddedAt);

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
    /// <summary>The signals the user tracks, oldest first (<see cref="TrackingChanges"/>).</summary>
    public ImmutableList<TrackedSignal> Tracked { get; init; } = [];

    public static UserState New(UserAccount account, UserProfile profile) => new(
        account, profile, StoredPreferences.Unset, [],
        ImmutableSortedDictionary<string, DateTimeOffset>.Empty.WithComparers(StringComparer.Ordinal),
        ImmutableSortedDictionary<string, UiStateEntry>.Empty.WithComparers(StringComparer.Ordinal),
        []);
}

/// <summary>What a client may see of a user (never the password hash).</summary>
[GenerateSerializer, Immutable]
public sealed record UserView(
    [Id(0)] Guid Id,
    [Id(1)] string Username,
    [Id(2)] string? Email,
    [Id(3)] string? DisplayName,
    [Id(4)] string? AvatarUrl,
    [Id(5)] string Role,
    [Id(6)] IReadOnlyList<string> Wallets,
    [Id(7)] DateTimeOffset CreatedAt)
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
