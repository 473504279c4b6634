using System.Security.Cryptography;
using Arena.Grains.Ethereum;
using Arena.Grains.Users;

namespace Arena.Grains.Auth.Wallet;

/// <summary>Where a request arrived (Host as host[:port], and scheme): the SIWE domain and URI when none are configured.</summary>
public sealed record RequestOrigin(string Host, string Scheme);

public sealed record WalletChallenge(string Message, DateTimeOffset ExpiresAt);

/// <summary>
/// Sign-In with Ethereum: issues challenges, verifies signed ones, and then signs the wallet's user in
/// (creating a user on first use) or links the wallet to the signed-in caller. Links are user-aggregate
/// writes in <see cref="UserGrain"/>; nonces, owner lookups and sessions live here.
/// </summary>
public sealed partial class WalletService(
    IGrainFactory grains,
    WalletStore store,
    SessionStore sessions,
    IOptions<SiweOptions> options,
    TimeProvider clock,
    ILogger<WalletService> logger)
{
    // One answer for every failed proof, so a caller cannot probe which check failed; the log says which.
    private static readonly Rejection Refused = Rejection.Unauthorized("The signed message could not be verified. Request a new challenge and sign it.");

    private readonly SiweOptions siwe = options.Value;

    private enum Refusal { Unparseable, WrongDomain, WrongUri, WrongChain, Expired, NotYetValid, BadSignature, WrongSigner, UnknownNonce, NonceUsed, NotAsIssued, WrongCaller }

    private sealed record Proof(string Address, int ChainId, string Nonce);

    /// <summary>A message for <paramref name="address"/> to sign; <paramref name="callerId"/> set means it can only link to that user.</summary>
    public async Task<Result<WalletChallenge>> ChallengeAsync(string? address, Guid? callerId, RequestOrigin origin, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        if (WalletRules.CheckAddress(address, errors) is not { } normalized) return errors.ToRejection();
        var (domain, uri) = Expected(origin);
        if (!SiweMessage.IsValidDomain(domain) || !SiweMessage.IsValidUri(uri))
            return Rejection.Invalid("host", "The request's Host cannot name this server in a message; configure Arena:Auth:Siwe:Domain and Uri.");

        // Whole milliseconds: the message shows them, and the stored expiry must be the one it shows.
        var now = clock.Now();
        now = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
        var expires = now + siwe.NonceLifetime;
        var nonce = SiweMessage.NewNonce();
        var message = new SiweMessage(domain, EthereumAddress.ToChecksum(normalized), siwe.Statement, uri, siwe.ChainId, nonce, now, expires).Format();
        await store.IssueAsync(new IssuedNonce(nonce, normalized, callerId, WalletStore.MessageHash(message), now, expires, UsedAt: null), cancellationToken);
        return new WalletChallenge(message, expires);
    }

    /// <summary>Signs in the wallet's user, creating one (no email, no password) on first use.</summary>
    public async Task<Result<SignedIn>> SignInAsync(string? message, string? signature, RequestOrigin origin, ClientInfo client, CancellationToken cancellationToken = default)
    {
        var proof = await VerifyAsync(message, signature, callerId: null, origin, cancellationToken);
        if (!proof.IsOk) return proof.Rejection!;
        var (address, chainId, nonce) = proof.Value!;
        if (!await store.TryConsumeAsync(nonce, clock.Now(), cancellationToken)) return Refuse(Refusal.NonceUsed);

        var user = await FindOrCreateUserAsync(address, chainId, cancellationToken);
        if (!user.IsOk) return user.Rejection!;
        var id = user.Value!.Id;
        var session = await sessions.CreateAsync(id, AuthMethod.Wallet, client.UserAgent, client.Address,
            tx => WalletRows.RecordAsync(tx, id, address, WalletAction.SignIn, chainId, clock.Now()), cancellationToken);
        LogSignedIn(id);
        return new SignedIn(user.Value, session);
    }

    /// <summary>Links the wallet to the signed-in caller; 409 when another user has it.</summary>
    public async Task<Result<UserView>> LinkAsync(Guid callerId, string? message, string? signature, RequestOrigin origin, CancellationToken cancellationToken = default)
    {
        var proof = await VerifyAsync(message, signature, callerId, origin, cancellationToken);
        if (!proof.IsOk) return proof.Rejection!;
        var (address, chainId, nonce) = proof.Value!;
        // Checked before the nonce is spent, so this refusal writes nothing; a link racing in between
        // is still refused by the address primary key inside the grain's commit.
        if (await store.FindOwnerAsync(address, cancellationToken) is { } owner && owner != callerId)
            return UserStore.WalletLinkedElsewhere;
        if (!await store.TryConsumeAsync(nonce, clock.Now(), cancellationToken)) return Refuse(Refusal.NonceUsed);

        var linked = await grains.GetGrain<IUserGrain>(callerId).LinkWallet(new WalletLink(address, chainId));
        if (linked.IsOk) LogLinked(callerId);
        return linked;
    }

    public async Task<Result<UserView>> UnlinkAsync(Guid callerId, string? address)
    {
        var errors = new FieldErrors();
        if (WalletRules.CheckAddress(address, errors) is not { } normalized) return errors.ToRejection();
        return await grains.GetGrain<IUserGrain>(callerId).UnlinkWallet(normalized);
    }

    /// <summary>
    /// Every check a signed challenge must pass, none of which writes: the message parses and names this
    /// server, chain and an unexpired window; the signature is low-s and recovers the message's address;
    /// the nonce was issued here for exactly this text and this caller, and is unused and unexpired.
    /// </summary>
    private async Task<Result<Proof>> VerifyAsync(string? message, string? signature, Guid? callerId, RequestOrigin origin, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (WalletRules.CheckProof(message, signature, errors) is not { } parsedSignature) return errors.ToRejection();

        var parsed = SiweMessage.TryParse(message);
        if (parsed is null) return Refuse(Refusal.Unparseable);
        var (domain, uri) = Expected(origin);
        if (parsed.Domain != domain) return Refuse(Refusal.WrongDomain);
        if (parsed.Uri != uri) return Refuse(Refusal.WrongUri);
        if (parsed.ChainId != siwe.ChainId) return Refuse(Refusal.WrongChain);
        var now = clock.Now();
        if (parsed.ExpirationTime is not { } expires || expires <= now) return Refuse(Refusal.Expired);
        if (parsed.NotBefore > now) return Refuse(Refusal.NotYetValid);

        var signer = PersonalSign.RecoverAddress(message!, parsedSignature);
        if (signer is null) return Refuse(Refusal.BadSignature);
        var address = parsed.Address.ToLowerInvariant();
        if (signer != address) return Refuse(Refusal.WrongSigner);

        var issued = await store.FindNonceAsync(parsed.Nonce, cancellationToken);
        if (issued is null) return Refuse(Refusal.UnknownNonce);
        if (issued.UsedAt is not null) return Refuse(Refusal.NonceUsed);
        if (issued.ExpiresAt <= now) return Refuse(Refusal.Expired);
        if (!CryptographicOperations.FixedTimeEquals(issued.MessageSha256, WalletStore.MessageHash(message!))) return Refuse(Refusal.NotAsIssued);
        if (issued.UserId != callerId) return Refuse(Refusal.WrongCaller);
        return new Proof(address, parsed.ChainId, parsed.Nonce);
    }

    /// <summary>
    /// The wallet's owner, or a new wallet-only user. Two first sign-ins with one new wallet may race:
    /// user and wallet are inserted in one transaction, the address primary key lets one commit, and the
    /// loser finds the winner on its next look.
    /// </summary>
    private async Task<Result<UserView>> FindOrCreateUserAsync(string address, int chainId, CancellationToken cancellationToken)
    {
        foreach (var username in UsernameCandidates(address))
        {
            if (await store.FindOwnerAsync(address, cancellationToken) is { } owner)
                return await grains.GetGrain<IUserGrain>(owner).GetUser() is { } existing ? existing : Refused;

            var id = Guid.CreateVersion7();
            var created = await grains.GetGrain<IUserGrain>(id).RegisterWithWallet(new NewAccount(null, username, null), new WalletLink(address, chainId));
            if (created.IsOk)
            {
                LogCreated(id);
                return created;
            }
            // A conflict is a taken username (try a longer one) or a lost race for the wallet (look again).
            if (created.Rejection!.Kind != RejectionKind.Conflict) return created.Rejection;
        }
        return Rejection.Conflict("No account could be created for this wallet; try again.");
    }

    /// <summary>"wallet_" and more and more of the address's hex, then a random tail; all fit the 32-character username rule.</summary>
    private static IEnumerable<string> UsernameCandidates(string address)
    {
        var hex = address[2..];
        foreach (var length in new[] { 8, 12, 16, 20, 25 }) yield return "wallet_" + hex[..length];
        yield return "wallet_" + hex[..8] + "_" + SiweMessage.NewNonce()[..12];
    }

    private (string Domain, string Uri) Expected(RequestOrigin origin) =>
        (siwe.Domain ?? origin.Host, siwe.Uri ?? $"{origin.Scheme}://{origin.Host}");

    private Rejection Refuse(Refusal reason)
    {
        LogRefused(reason);
        return Refused;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Wallet proof refused: {Reason}")]
    private partial void LogRefused(Refusal reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} created by a first wallet sign-in")]
    private partial void LogCreated(Guid userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} signed in with a wallet")]
    private partial void LogSignedIn(Guid userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} linked a wallet")]
    private partial void LogLinked(Guid userId);
}
