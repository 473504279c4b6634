namespace Arena.Grains.Users;

/// <summary>A new account decided: the hot state it starts with and the rows that create it.</summary>
public sealed record CreatedAccount(UserState State, Func<Tx, Task> Rows);

/// <summary>Account and profile commands: creation, profile edits, role and password-hash changes. Pure.</summary>
public static class AccountChanges
{
    /// <summary>
    /// Checks the new account and decides its rows: the user, the profile, the welcome notification (every account is
    /// born with it) and, for a wallet sign-up, the wallet link and its history row, all in one transaction.
    /// </summary>
    public static Result<CreatedAccount> Create(Guid id, NewAccount account, WalletLink? wallet, DateTimeOffset now)
    {
        var errors = new FieldErrors();
        if (account.Email is not null || account.PasswordHash is not null) AccountRules.CheckEmail(account.Email, errors);
        AccountRules.CheckUsername(account.Username, errors);
        AccountRules.CheckDisplayName(account.DisplayName, errors);
        if (errors.Any) return errors.ToRejection();

        var created = new UserAccount(id, account.Email is null ? null : AccountRules.NormalizeEmail(account.Email), account.Username, account.Role,
            account.PasswordHash, Version: 1, now);
        var profile = new UserProfile(AccountRules.Clean(account.DisplayName), null);
        var state = UserState.New(created, profile);
        if (wallet is not null) state = state with { Wallets = [new LinkedWallet(wallet.Address, now)] };
        return new CreatedAccount(state, async tx =>
        {
            await UserRows.InsertAsync(tx, created, profile);
            await NotificationRows.InsertAsync(tx, id, NotificationRules.Welcome(created.Username), now);
            if (wallet is not null) await WalletRows.LinkAsync(tx, id, wallet, now);
        });
    }

    public static Result<UserDecision<ProfileView>> UpdateProfile(UserState s, ProfileUpdate update, DateTimeOffset now)
    {
        var errors = new FieldErrors();
        AccountRules.CheckProfile(update.Username, update.DisplayName, update.AvatarUrl, errors);
        if (errors.Any) return errors.ToRejection();

        var profile = new UserProfile(AccountRules.Clean(update.DisplayName), AccountRules.Clean(update.AvatarUrl));
        var username = update.Username!;
        var next = s with { Account = s.Account with { Username = username }, Profile = profile };
        if (next == s) return UserDecision.Reply(ProfileView.From(s));
        return UserDecision.Write(ProfileView.From(next), next, tx => UserRows.UpdateProfileAsync(tx, s.Account.Id, username, profile, now));
    }

    public static Result<UserDecision<UserView>> SetRole(UserState s, UserRole role)
    {
        if (s.Account.Role == role) return UserDecision.Reply(UserView.From(s));
        var next = s with { Account = s.Account with { Role = role } };
        return UserDecision.Write(UserView.From(next), next, tx => UserRows.SetRoleAsync(tx, s.Account.Id, role));
    }

    /// <summary>A re-hash is written only over the hash it was computed from; one changed meanwhile stays.</summary>
    public static Result<UserDecision<bool>> ReplacePasswordHash(UserState s, string expected, string replacement)
    {
        if (s.Account.PasswordHash != expected || expected == replacement) return UserDecision.Reply(false);
        var next = s with { Account = s.Account with { PasswordHash = replacement } };
        return UserDecision.Write(true, next, tx => UserRows.SetPasswordHashAsync(tx, s.Account.Id, replacement));
    }
}
