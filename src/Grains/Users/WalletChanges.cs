namespace Arena.Grains.Users;

/// <summary>Wallet links of the user aggregate (<c>user_wallets</c>, with their <c>wallet_connections</c> history). Pure.</summary>
public static class WalletChanges
{
    public static Result<UserDecision<UserView>> Link(UserState s, WalletLink wallet, DateTimeOffset now)
    {
        if (s.Wallets.Any(w => w.Address == wallet.Address)) return UserDecision.Reply(UserView.From(s));
        var next = s with { Wallets = s.Wallets.Add(new LinkedWallet(wallet.Address, now)) };
        // Another user holding the address makes the insert fail on the primary key: a 409 on "address".
        return UserDecision.Write(UserView.From(next), next, tx => WalletRows.LinkAsync(tx, s.Account.Id, wallet, now));
    }

    public static Result<UserDecision<UserView>> Unlink(UserState s, string address, DateTimeOffset now)
    {
        var linked = s.Wallets.FirstOrDefault(w => w.Address == address);
        if (linked is null) return Rejection.NotFound("This wallet is not linked to your account.");
        if (s.Account.PasswordHash is null && s.Wallets.Count == 1)
            return Rejection.Conflict("This wallet is your only way to sign in; link another wallet first.", "address");
        var next = s with { Wallets = s.Wallets.Remove(linked) };
        return UserDecision.Write(UserView.From(next), next, tx => WalletRows.UnlinkAsync(tx, s.Account.Id, address, now));
    }
}
