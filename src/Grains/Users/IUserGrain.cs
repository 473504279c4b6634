namespace Arena.Grains.Users;

/// <summary>A new account. The password arrives already hashed: plain passwords never travel in grain messages.</summary>
[GenerateSerializer, Immutable]
public sealed record NewAccount([Id(0)] string? Email, [Id(1)] string Username, [Id(2)] string? PasswordHash, [Id(3)] UserRole Role = UserRole.User,
    [Id(4)] string? DisplayName = null);

[GenerateSerializer, Immutable]
public sealed record ProfileView([Id(0)] string Username, [Id(1)] string? DisplayName, [Id(2)] string? AvatarUrl)
{
    public static ProfileView From(UserState s) => new(s.Account.Username, s.Profile.DisplayName, s.Profile.AvatarUrl);
}

[GenerateSerializer, Immutable]
public sealed record ProfileUpdate([Id(0)] string? Username, [Id(1)] string? DisplayName, [Id(2)] string? AvatarUrl);

/// <summary>A wallet proven to belong to the caller; <c>Address</c> is lower-case, <c>ChainId</c> the one the proof named.</summary>
[GenerateSerializer, Immutable]
public sealed record WalletLink([Id(0)] string Address, [Id(1)] int ChainId);

/// <summary>What a gap-filling import did: the JSON names of the fields it set, and the preferences after it.</summary>
[GenerateSerializer, Immutable]
public sealed record PreferencesFill([Id(0)] IReadOnlyList<string> Applied, [Id(1)] PreferencesView Preferences);

/// <summary>One UI state key and its JSON value, as sent.</summary>
[GenerateSerializer, Immutable]
public sealed record UiStateItem([Id(0)] string Key, [Id(1)] JsonText Value, [Id(2)] DateTimeOffset UpdatedAt);

/// <summary>
/// One user, keyed by user id: account, profile and everything the apps used to keep in localStorage. Every
/// change is one version-checked transaction on the user's rows (see <see cref="UserGrain"/>). Expected refusals
/// come back as <see cref="Rejection"/>s; an exception means the call failed and the activation reloads.
/// </summary>
public interface IUserGrain : IGrainWithGuidKey
{
    // Account and profile

    /// <summary>Creates the account with this grain's id. Fails if it exists or the email/username is taken.</summary>
    Task<Result<UserView>> Register(NewAccount account);

    /// <summary>
    /// Creates the account with this grain's id and links <paramref name="wallet"/> to it in one
    /// transaction; a wallet that is already linked fails the whole creation (409 on <c>address</c>).
    /// </summary>
    Task<Result<UserView>> RegisterWithWallet(NewAccount account, WalletLink wallet);

    /// <summary>The user, or null when no such account exists.</summary>
    Task<UserView?> GetUser();

    /// <summary>The stored password hash (null: no account, or a wallet-only account), for the caller to verify.</summary>
    Task<string?> GetPasswordHash();

    /// <summary>Replaces the hash (a re-hash at more iterations) unless it changed since <paramref name="expected"/> was read.</summary>
    Task ReplacePasswordHash(string expected, string replacement);

    Task<Result<ProfileView>> GetProfile();

    Task<Result<ProfileView>> UpdateProfile(ProfileUpdate update);

    Task<Result<UserView>> SetRole(UserRole role);

    // Preferences

    /// <summary>The preferences with defaults filled in for fields never set.</summary>
    Task<Result<PreferencesView>> GetPreferences();

    /// <summary>
    /// Applies a replacement or merge patch, checks the rules on the result, and writes it unless it changes nothing
    /// (then no write and no version bump).
    /// </summary>
    Task<Result<PreferencesView>> ChangePreferences(PreferencesPatch change);

    /// <summary>
    /// For imports (localStorage): sets each field of <paramref name="incoming"/> that is non-null there and never set
    /// on the server; fields the server has are left alone. The result must pass the same rules as any change,
    /// otherwise nothing is written and the rejection names the offending fields.
    /// </summary>
    Task<Result<PreferencesFill>> FillUnsetPreferences(StoredPreferences incoming);

    // Watchlist

    /// <summary>The watchlist, oldest entry first (then by symbol).</summary>
    Task<Result<ImmutableList<WatchlistEntry>>> GetWatchlist();

    /// <summary>Adds one symbol; a symbol already on the list, or a full list, is a conflict.</summary>
    Task<Result<WatchlistEntry>> AddToWatchlist(WatchlistItem item);

    /// <summary>Removes a symbol (matched after normalizing, so case does not matter); not found if absent. Returns the removed entry.</summary>
    Task<Result<WatchlistEntry>> RemoveFromWatchlist(string symbol);

    /// <summary>Replaces the whole list in one write; symbols that stay keep their <c>addedAt</c>.</summary>
    Task<Result<ImmutableList<WatchlistEntry>>> ReplaceWatchlist(IReadOnlyList<WatchlistItem?>? items);

    /// <summary>
    /// Adds, in one write, the items whose symbols are not on the list yet, and reports which were added
    /// and which skipped; existing entries are never changed (for imports of older client-side data).
    /// </summary>
    Task<Result<WatchlistMerge>> MergeIntoWatchlist(IReadOnlyList<WatchlistItem?>? items);

    // Dismissed insights

    /// <summary>The dismissed insights, oldest dismissal first.</summary>
    Task<Result<ImmutableList<DismissedInsight>>> GetDismissedInsights();

    /// <summary>Dismisses an insight. Idempotent: dismissing it again keeps the first date and writes nothing.</summary>
    Task<Result<DismissedInsight>> DismissInsight(string insightId);

    /// <summary>Un-dismisses an insight. Idempotent: true if it was dismissed, false (and no write) if not.</summary>
    Task<Result<bool>> RestoreInsight(string insightId);

    /// <summary>Dismisses, in one write, the ids not dismissed yet, and reports which were added and which skipped.</summary>
    Task<Result<InsightMerge>> MergeDismissedInsights(IReadOnlyList<string?>? insightIds);

    // UI state

    /// <summary>Every key with its value, in ordinal key order.</summary>
    Task<Result<IReadOnlyList<UiStateItem>>> GetUiState();

    Task<Result<UiStateItem>> GetUiStateValue(string key);

    /// <summary>
    /// Stores <paramref name="json"/> (any JSON value, at most 16 KiB of UTF-8) under <paramref name="key"/>.
    /// A new key beyond the 100th is a conflict; the same text again writes nothing.
    /// </summary>
    Task<Result<UiStateItem>> SetUiStateValue(string key, string json);

    /// <summary>Removes the key; true when it was removed.</summary>
    Task<Result<bool>> RemoveUiStateValue(string key);

    // Wallets

    /// <summary>Links a wallet (no-op when it is already this user's); 409 on <c>address</c> when another user has it.</summary>
    Task<Result<UserView>> LinkWallet(WalletLink wallet);

    /// <summary>Unlinks one of this user's wallets: 404 when it is not theirs, 409 when it is their only way to sign in.</summary>
    Task<Result<UserView>> UnlinkWallet(string address);

    // Notifications (appended by others; not part of the versioned aggregate)

    /// <summary>Appends a notification for this user (how other parts of the system tell a user something). Not found if the user does not exist.</summary>
    Task<Result<NotificationView>> Notify(NotificationDraft draft);

    /// <summary>A page of this user's notifications, newest first, with the unread count.</summary>
    Task<Result<NotificationPage>> ListNotifications(NotificationListRequest request);

    /// <summary>Marks one of this user's notifications read (idempotent: the first read time stays); not found if it is not theirs.</summary>
    Task<Result<DateTimeOffset>> MarkNotificationRead(Guid notificationId);

    /// <summary>Marks every unread notification read; returns how many changed.</summary>
    Task<Result<int>> MarkAllNotificationsRead();

    // Tracked signals (every change also appends its signal_actions audit row, in the same transaction)

    /// <summary>The signals the user tracks, oldest first.</summary>
    Task<Result<ImmutableList<TrackedSignal>>> GetTrackedSignals();

    /// <summary>Tracks a signal: not found when no signal has this id; tracking it again answers the existing row and writes nothing.</summary>
    Task<Result<TrackReply>> TrackSignal(long signalId);

    /// <summary>Stops tracking a signal: not found when the user does not track it.</summary>
    Task<Result<TrackedSignal>> UntrackSignal(long signalId);

    /// <summary>Records a dismiss action for the signal (not found when no signal has this id); returns when.</summary>
    Task<Result<DateTimeOffset>> DismissSignal(long signalId);

    // localStorage import

    /// <summary>Takes over the legacy apps' localStorage in one commit without overwriting newer server data (see docs/api.md).</summary>
    Task<Result<LocalStorageImportReport>> ImportLocalStorage(IReadOnlyDictionary<string, string?> entries, DateTimeOffset? exportedAt);
}
