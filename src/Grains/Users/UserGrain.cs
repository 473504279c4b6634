using Arena.Grains.Desk;

using Arena.Grains.Signals;

namespace Arena.Grains.Users;

/// <summary>
/// One user's aggregate, hot in memory and written through: each command asks a pure decider what to do with the
/// current state, commits the decided rows in one transaction that also bumps <c>users.version</c> from the version
/// this activation holds (<see cref="UserStore.CommitAsync"/>), and only then takes the decided state. If another
/// writer got there first, nothing is written and <see cref="AggregateGrain"/> reloads and re-decides once.
/// Notifications are appended by others and read in pages, so they go straight to their rows (scoped by this user).
/// </summary>
public sealed class UserGrain(UserStore store, SignalStore signals, TimeProvider clock) : AggregateGrain, IUserGrain
{
    private static readonly Rejection Missing = Rejection.NotFound("No such user.");

    // Null until the account exists.
    private UserState? state;

    private Guid Id => this.GetPrimaryKey();

    protected override async Task LoadAsync(CancellationToken cancellationToken) => state = await store.LoadAsync(Id, cancellationToken);

    public Task<Result<UserView>> Register(NewAccount account) => Create(account, wallet: null);

    public Task<Result<UserView>> RegisterWithWallet(NewAccount account, WalletLink wallet) => Create(account, wallet);

    private async Task<Result<UserView>> Create(NewAccount account, WalletLink? wallet)
    {
        if (state is not null) return Rejection.Conflict("This account already exists.");
        var created = AccountChanges.Create(Id, account, wallet, clock.Now());
        if (!created.IsOk) return created.Rejection!;
        var rejection = await store.CreateAsync(created.Value!);
        if (rejection is not null) return rejection;
        state = created.Value!.State;
        return UserView.From(state);
    }

    public Task<UserView?> GetUser() => Task.FromResult(state is null ? null : UserView.From(state));

    public Task<string?> GetPasswordHash() => Task.FromResult(state?.Account.PasswordHash);

    public Task ReplacePasswordHash(string expected, string replacement) =>
        Decide((s, _) => AccountChanges.ReplacePasswordHash(s, expected, replacement));

    public Task<Result<ProfileView>> GetProfile() => Read(ProfileView.From);

    public Task<Result<ProfileView>> UpdateProfile(ProfileUpdate update) => Decide((s, now) => AccountChanges.UpdateProfile(s, update, now));

    public Task<Result<UserView>> SetRole(UserRole role) => Decide((s, _) => AccountChanges.SetRole(s, role));

    public Task<Result<PreferencesView>> GetPreferences() => Read(s => PreferencesView.From(s.Preferences));

    public Task<Result<PreferencesView>> ChangePreferences(PreferencesPatch change) => Decide((s, now) => PreferenceChanges.Change(s, change, now));

    public Task<Result<PreferencesFill>> FillUnsetPreferences(StoredPreferences incoming) => Decide((s, now) => PreferenceChanges.FillUnset(s, incoming, now));

    public Task<Result<ImmutableList<WatchlistEntry>>> GetWatchlist() => Read(s => s.Watchlist);

    public Task<Result<WatchlistEntry>> AddToWatchlist(WatchlistItem item) => Decide((s, now) => WatchlistChanges.Add(s, item, now));

    public Task<Result<WatchlistEntry>> RemoveFromWatchlist(string symbol) => Decide((s, _) => WatchlistChanges.Remove(s, symbol));

    public Task<Result<ImmutableList<WatchlistEntry>>> ReplaceWatchlist(IReadOnlyList<WatchlistItem?>? items) =>
        Decide((s, now) => WatchlistChanges.Replace(s, items, now));

    public Task<Result<WatchlistMerge>> MergeIntoWatchlist(IReadOnlyList<WatchlistItem?>? items) => Decide((s, now) => WatchlistChanges.Merge(s, items, now));

    public Task<Result<ImmutableList<DismissedInsight>>> GetDismissedInsights() => Read(s => InsightRules.Ordered(s.DismissedInsights));

    public Task<Result<DismissedInsight>> DismissInsight(string insightId) => Decide((s, now) => InsightChanges.Dismiss(s, insightId, now));

    public Task<Result<bool>> RestoreInsight(string insightId) => Decide((s, _) => InsightChanges.Restore(s, insightId));

    public Task<Result<InsightMerge>> MergeDismissedInsights(IReadOnlyList<string?>? insightIds) => Decide((s, now) => InsightChanges.Merge(s, insightIds, now));

    public Task<Result<IReadOnlyList<UiStateItem>>> GetUiState() => Read(UiStateChanges.All);

    public Task<Result<UiStateItem>> GetUiStateValue(string key) => Task.FromResult(state is null ? Missing : UiStateChanges.Get(state, key));

    public Task<Result<UiStateItem>> SetUiStateValue(string key, string json) => Decide((s, now) => UiStateChanges.Set(s, key, json, now));

    public Task<Result<bool>> RemoveUiStateValue(string key) => Decide((s, _) => UiStateChanges.Remove(s, key));

    public Task<Result<UserView>> LinkWallet(WalletLink wallet) => Decide((s, now) => WalletChanges.Link(s, wallet, now));

    public Task<Result<UserView>> UnlinkWallet(string address) => Decide((s, now) => WalletChanges.Unlink(s, address, now));

    public Task<Result<ImmutableList<TrackedSignal>>> GetTrackedSignals() => Read(s => s.Tracked);

    public async Task<Result<TrackReply>> TrackSignal(long signalId)
    {
        var signal = await signals.FindAsync(signalId);
        return await Decide((s, now) => TrackingChanges.Track(s, signalId, signal, now));
    }

    public Task<Result<TrackedSignal>> UntrackSignal(long signalId) => Decide((s, now) => TrackingChanges.Untrack(s, signalId, now));

    public async Task<Result<DateTimeOffset>> DismissSignal(long signalId)
    {
        var signal = await signals.FindAsync(signalId);
        return await Decide((s, now) => TrackingChanges.Dismiss(s, signalId, signal, now));
    }

    /// <summary>
    /// The user's own keys in one commit (<see cref="LocalStorageTakeover"/>); then the quick trades and copy-trade drafts,
    /// which belong to the user's desk, through the desk grain (<see cref="DeskKeysImport"/>). Every half is idempotent,
    /// so a retry after a failure between them is safe.
    /// </summary>
    public async Task<Result<LocalStorageImportReport>> ImportLocalStorage(IReadOnlyDictionary<string, string?> entries, DateTimeOffset? exportedAt)
    {
        if (entries.Count > LocalStorageImport.MaxEntries || !entries.Keys.Any(DeskKeysImport.Handles))
            return await Decide((s, now) => LocalStorageTakeover.Decide(s, entries, exportedAt, now));
        var own = entries.Where(e => !DeskKeysImport.Handles(e.Key)).ToDictionary(StringComparer.Ordinal);
        var report = await Decide((s, now) => LocalStorageTakeover.Decide(s, own, exportedAt, now));
        if (!report.IsOk) return report;
        var desk = await DeskKeysImport.ImportAsync(GrainFactory.GetGrain<IDeskGrain>(Id), entries.Where(e => DeskKeysImport.Handles(e.Key)), clock.Now());
        return report.Value! with
        {
            Keys = report.Value!.Keys.Concat(desk.Keys).OrderBy(k => k.Key, StringComparer.Ordinal).ToArray(),
            Changed = report.Value!.Changed || desk.Changed,
        };
    }

    public async Task<Result<NotificationView>> Notify(NotificationDraft draft)
    {
        if (state is null) return Missing;
        var checkedDraft = NotificationRules.Check(draft);
        if (!checkedDraft.IsOk) return checkedDraft.Rejection!;
        var now = clock.Now();
        return await store.Database.InTransactionAsync(tx => NotificationRows.InsertAsync(tx, Id, checkedDraft.Value!, now));
    }

    public async Task<Result<NotificationPage>> ListNotifications(NotificationListRequest request)
    {
        if (state is null) return Missing;
        var query = NotificationRules.ParseQuery(request);
        if (!query.IsOk) return query.Rejection!;
        return await store.Database.ReadAsync(c => NotificationRows.ListAsync(c, Id, query.Value!));
    }

    public async Task<Result<DateTimeOffset>> MarkNotificationRead(Guid notificationId)
    {
        if (state is null) return Missing;
        var now = clock.Now();
        var readAt = await store.Database.InTransactionAsync(tx => NotificationRows.MarkReadAsync(tx, Id, notificationId, now));
        return readAt is { } at ? at : Rejection.NotFound("You have no notification with this id.");
    }

    public async Task<Result<int>> MarkAllNotificationsRead()
    {
        if (state is null) return Missing;
        var now = clock.Now();
        return await store.Database.InTransactionAsync(tx => NotificationRows.MarkAllReadAsync(tx, Id, now));
    }

    private Task<Result<T>> Read<T>(Func<UserState, T> read) => Task.FromResult(state is null ? Missing : (Result<T>)read(state));

    /// <summary>
    /// The one write path: decide on the current state, commit the decided rows with the version check, then take
    /// the decided state. A unique violation (a username or wallet someone else took meanwhile) rolls the
    /// transaction back and becomes a 409 naming the field; the state stays as it was.
    /// </summary>
    private async Task<Result<T>> Decide<T>(Func<UserState, DateTimeOffset, Result<UserDecision<T>>> decide)
    {
        if (state is null) return Missing;
        var decided = decide(state, clock.Now());
        if (!decided.IsOk) return decided.Rejection!;
        var (reply, write) = decided.Value!;
        if (write is null) return reply;
        long version;
        try
        {
            version = await store.CommitAsync(state.Account, write.Rows);
        }
        catch (DbException ex) when (DbErrors.IsUniqueViolation(ex, out var constraint))
        {
            return UserStore.UniqueViolation(constraint);
        }
        state = write.Next with { Account = write.Next.Account with { Version = version } };
        return reply;
    }
}
