using Arena.Grains.Auth.Wallet;

namespace Arena.Grains.Users;

public sealed partial class UserGrain
{
    private static readonly Rejection WalletNotLinked = Rejection.NotFound("This wallet is not linked to your account.");

    public Task<Result<UserView>> RegisterWithWallet(NewAccount account, WalletLink wallet) =>
        Create(account,
            (created, tx) => InsertWalletAsync(tx, created.Id, wallet, created.CreatedAt),
            s => s with { Wallets = [new LinkedWallet(wallet.Address, s.Account.CreatedAt)] });

    public async Task<Result<UserView>> LinkWallet(WalletLink wallet)
    {
        if (state is null) return Missing;
        if (state.Wallets.Any(w => w.Address == wallet.Address)) return UserView.From(state);
        var now = clock.Now();
        try
        {
            await Commit(tx => InsertWalletAsync(tx, state.Account.Id, wallet, now), s => s with { Wallets = s.Wallets.Add(new LinkedWallet(wallet.Address, now)) });
        }
        catch (DbException ex) when (DbErrors.IsUniqueViolation(ex, out var constraint))
        {
            return UserStore.UniqueViolation(constraint);
        }
        return UserView.From(state);
    }

    public async Task<Result<UserView>> UnlinkWallet(string address)
    {
        if (state is null) return Missing;
        var linked = state.Wallets.FirstOrDefault(w => w.Address == address);
        if (linked is null) return WalletNotLinked;
        if (state.Account.PasswordHash is null && state.Wallets.Count == 1)
            return Rejection.Conflict("This wallet is your only way to sign in; link another wallet first.", "address");

        var now = clock.Now();
        await Commit(async tx =>
        {
            // The version check makes the hot state current, so this deletes exactly the one row.
            await tx.ExecuteAsync("DELETE FROM user_wallets WHERE address = @address AND user_id = @id", new { address, id = state.Account.Id });
            await WalletStore.RecordAsync(tx, state.Account.Id, address, WalletAction.Unlink, chainId: null, now);
        }, s => s with { Wallets = s.Wallets.Remove(linked) });
        return UserView.From(state);
    }

    private static async Task InsertWalletAsync(Tx tx, Guid userId, WalletLink wallet, DateTimeOffset at)
    {
        await tx.ExecuteAsync("INSERT INTO user_wallets (address, user_id, linked_at) VALUES (@Address, @userId, @at)", new { wallet.Address, userId, at });
        await WalletStore.RecordAsync(tx, userId, wallet.Address, WalletAction.Link, wallet.ChainId, at);
    }
}
