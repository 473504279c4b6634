namespace Arena.Grains.Users;

/// <summary>A wallet proven to belong to the caller; <c>Address</c> is lower-case, <c>ChainId</c> the one the proof named.</summary>
public sealed record WalletLink(string Address, int ChainId);

public partial interface IUserGrain
{
    /// <summary>
    /// Creates the account with this grain's id and links <paramref name="wallet"/> to it in one
    /// transaction; a wallet that is already linked fails the whole creation (409 on <c>address</c>).
    /// </summary>
    Task<Result<UserView>> RegisterWithWallet(NewAccount account, WalletLink wallet);

    /// <summary>Links a wallet (no-op when it is already this user's); 409 on <c>address</c> when another user has it.</summary>
    Task<Result<UserView>> LinkWallet(WalletLink wallet);

    /// <summary>Unlinks one of this user's wallets: 404 when it is not theirs, 409 when it is their only way to sign in.</summary>
    Task<Result<UserView>> UnlinkWallet(string address);
}
