using Arena.Grains.Auth;

namespace Arena.Grains.Users;

/// <summary>
/// Holds one user's aggregate in memory and writes every change through before replying:
/// validate, commit (version-checked), then replace the state. Feature commands live in
/// <c>UserGrain.*.cs</c> partial files.
/// </summary>
public sealed partial class UserGrain(UserStore store, PasswordHasher passwords, TimeProvider clock) : Grain, IUserGrain
{
    private static readonly Rejection Missing = Rejection.NotFound("No such user.");

    // Null until the account exists.
    private UserState? state;

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        state = await store.LoadAsync(GetPrimaryKey(), cancellationToken);

    public Task<Result<UserView>> Register(NewAccount account) => Create(account, alsoWrite: null, then: s => s);

    /// <summary>
    /// Inserts the account, its profile and whatever <paramref name="alsoWrite"/> adds in one transaction;
    /// <paramref name="then"/> brings the new hot state in line with those extra rows.
    /// </summary>
    private async Task<Result<UserView>> Create(NewAccount account, Func<UserAccount, Tx, Task>? alsoWrite, Func<UserState, UserState> then)
    {
        if (state is not null) return Rejection.Conflict("This account already exists.");
        var errors = new FieldErrors();
        if (account.Email is not null || account.Password is not null)
        {
            AccountRules.CheckEmail(account.Email, errors);
            AccountRules.CheckPassword(account.Password, errors);
        }
        AccountRules.CheckUsername(account.Username, errors);
        AccountRules.CheckDisplayName(account.DisplayName, errors);
        if (errors.Any) return errors.ToRejection();

        var created = new UserAccount(
            GetPrimaryKey(),
            account.Email is null ? null : AccountRules.NormalizeEmail(account.Email),
            account.Username,
            account.Role,
            account.Password is null ? null : passwords.Hash(account.Password),
            Version: 1,
            clock.Now());
        var profile = new UserProfile(AccountRules.Clean(account.DisplayName), null);
        // Every account is born with its welcome notification, plus whatever the caller adds (a wallet link), in one transaction.
        var welcome = WriteWelcome(created);
        var rejection = await store.CreateAsync(created, profile, async tx =>
        {
            await welcome(tx);
            if (alsoWrite is not null) await alsoWrite(created, tx);
        });
        if (rejection is not null) return rejection;
        state = then(UserState.New(created, profile));
        return UserView.From(state);
    }

    public Task<UserView?> GetUser() => Task.FromResult(state is null ? null : UserView.From(state));

    public async Task<bool> CheckPassword(string password)
    {
        if (state?.Account.PasswordHash is null)
        {
            passwords.SpendEquivalentTime(password);
            return false;
        }
        if (!passwords.Verify(password, state.Account.PasswordHash, out var needsRehash)) return false;
        if (needsRehash)
        {
            var hash = passwords.Hash(password);
            await Commit(
                tx => tx.ExecuteAsync("UPDATE users SET password_hash = @hash WHERE id = @id", new { hash, id = state.Account.Id }),
                s => s with { Account = s.Account with { PasswordHash = hash } });
        }
        return true;
    }

    public Task<Result<ProfileView>> GetProfile() =>
        Task.FromResult<Result<ProfileView>>(state is null ? Missing : ToProfileView(state));

    public async Task<Result<ProfileView>> UpdateProfile(ProfileUpdate update)
    {
        if (state is null) return Missing;
        var errors = new FieldErrors();
        AccountRules.CheckUsername(update.Username, errors);
        AccountRules.CheckDisplayName(update.DisplayName, errors);
        AccountRules.CheckAvatarUrl(update.AvatarUrl, errors);
        if (errors.Any) return errors.ToRejection();

        var profile = new UserProfile(AccountRules.Clean(update.DisplayName), AccountRules.Clean(update.AvatarUrl));
        var username = update.Username!;
        if (username == state.Account.Username && profile == state.Profile) return ToProfileView(state);
        var now = clock.Now();
        try
        {
            await Commit(async tx =>
            {
                await tx.ExecuteAsync("UPDATE users SET username = @username WHERE id = @id", new { username, id = state.Account.Id });
                await tx.ExecuteAsync("""
                    INSERT INTO user_profiles (user_id, display_name, avatar_url, updated_at) VALUES (@id, @DisplayName, @AvatarUrl, @now)
                    ON CONFLICT (user_id) DO UPDATE SET display_name = excluded.display_name, avatar_url = excluded.avatar_url, updated_at = excluded.updated_at
                    """, new { id = state.Account.Id, profile.DisplayName, profile.AvatarUrl, now });
            }, s => s with { Account = s.Account with { Username = username }, Profile = profile });
        }
        catch (DbException ex) when (DbErrors.IsUniqueViolation(ex, out var constraint))
        {
            return UserStore.UniqueViolation(constraint);
        }
        return ToProfileView(state);
    }

    public async Task<Result<UserView>> SetRole(UserRole role)
    {
        if (state is null) return Missing;
        if (state.Account.Role != role)
        {
            await Commit(
                tx => tx.ExecuteAsync("UPDATE users SET role = @role WHERE id = @id", new { role = UserStore.RoleName(role), id = state.Account.Id }),
                s => s with { Account = s.Account with { Role = role } });
        }
        return UserView.From(state);
    }

    public Task ObserveVersion(long version)
    {
        if (state is null || version > state.Account.Version) DeactivateOnIdle();
        return Task.CompletedTask;
    }

    /// <summary>
    /// The one write path: commits <paramref name="write"/> with the version check, then applies
    /// <paramref name="apply"/> to the hot state. A failed commit throws, so the runtime drops this
    /// activation and the next call reloads from the database.
    /// </summary>
    private async Task Commit(Func<Tx, Task> write, Func<UserState, UserState> apply)
    {
        var current = state ?? throw new InvalidOperationException("No such user.");
        var version = await store.CommitAsync(current.Account, write);
        var next = apply(current);
        state = next with { Account = next.Account with { Version = version } };
    }

    private static ProfileView ToProfileView(UserState s) => new(s.Account.Username, s.Profile.DisplayName, s.Profile.AvatarUrl);
}
