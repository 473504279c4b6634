using System.Buffers.Text;
using System.Security.Cryptography;
using Arena.Grains.Ethereum;
using Arena.Grains.Users;

namespace Arena.Grains.Auth.Wallet;

/// <summary>
/// Where a request arrived (Host as host[:port], and scheme), and whether the operator listed that Host in
/// AllowedHosts: a listed Host is the SIWE domain when none is configured; any other is refused.
/// </summary>
public sealed record RequestOrigin(string Host, string Scheme, bool HostListed);

public sealed record WalletChallenge(string Message, DateTimeOffset ExpiresAt);

/// <summary>A nonce for a message the client builds, with every value the message must carry to be accepted.</summary>
public sealed record WalletNonce(string Nonce, string Domain, string Uri, int ChainId, string Statement, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);

/// <summary>An issued nonce and the binding the caller must present with the message that uses it (the API keeps it in a cookie).</summary>
public sealed record BoundNonce(WalletNonce Nonce, string Binding);

/// <summary>A signed message as posted: the text, the signature, and the caller's nonce binding (null when it has none).</summary>
public sealed record WalletProof(string? Message, string? Signature, string? Binding);

/// <summary>
/// Sign-In with Ethereum: issues challenges (whole messages) and bare nonces (for messages the client builds), verifies
/// signed ones, and then signs the wallet's user in (creating a user on first use) or links the wallet to the signed-in
/// caller. Links are user-aggregate writes in <see cref="UserGrain"/>; nonces, owner lookups and sessions live here.
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

    // 32 bytes from the OS CSPRNG, base64url: 43 characters.
    private const int BindingLength = 43;

    private readonly SiweOptions siwe = options.Value;

    private enum Refusal
    {
        Unparseable, WrongDomain, WrongUri, WrongChain, Expired, NotYetValid, BadSignature, WrongSigner, UnknownNonce, NonceUsed,
        NotAsIssued, WrongCaller, WrongBinding, IssuedOutsideNonceLifetime,
    }

    private sealed record VerifiedProof(string Address, int ChainId, string Nonce);

    /// <summary>A message for <paramref name="address"/> to sign; <paramref name="callerId"/> set means it can only link to that user.</summary>
    public async Task<Result<WalletChallenge>> ChallengeAsync(string? address, Guid? callerId, RequestOrigin origin, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        if (WalletRules.CheckAddress(address, errors) is not { } normalized) return errors.ToRejection();
        var expected = Expected(origin);
        if (!expected.IsOk) return expected.Rejection!;
        var (domain, uri) = expected.Value!;

        var (now, expires) = NonceLifetime();
        var nonce = SiweMessage.NewNonce();
        var message = new SiweMessage(domain, EthereumAddress.ToChecksum(normalized), siwe.Statement, uri, siwe.ChainId, nonce, now, expires).Format();
        await store.IssueAsync(new IssuedNonce(nonce, normalized, callerId, WalletStore.Sha256(message), BindingSha256: null, now, expires, UsedAt: null), cancellationToken);
        return new WalletChallenge(message, expires);
    }

    /// <summary>
    /// A bare nonce for a message the client builds (the flow of viem and the wagmi/RainbowKit adapters). It is bound to
    /// the caller's <paramref name="binding"/> when it presents a well-formed one (so one browser may hold several nonces;
    /// choosing one's own binding only binds one's own nonces), else to a new random one; and, like a challenge, to
    /// <paramref name="callerId"/>: set, it can only link to that user.
    /// </summary>
    public async Task<Result<BoundNonce>> IssueNonceAsync(Guid? callerId, string? binding, RequestOrigin origin, CancellationToken cancellationToken = default)
    {
        var expected = Expected(origin);
        if (!expected.IsOk) return expected.Rejection!;
        var (domain, uri) = expected.Value!;

        if (!IsBinding(binding)) binding = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var (now, expires) = NonceLifetime();
        var nonce = SiweMessage.NewNonce();
        await store.IssueAsync(new IssuedNonce(nonce, Address: null, callerId, MessageSha256: null, WalletStore.Sha256(binding!), now, expires, UsedAt: null), cancellationToken);
        return new BoundNonce(new WalletNonce(nonce, domain, uri, siwe.ChainId, siwe.Statement, now, expires), binding!);
    }

    /// <summary>Signs in the wallet's user, creating one (no email, no password) on first use.</summary>
    public async Task<Result<SignedIn>> SignInAsync(WalletProof signed, RequestOrigin origin, ClientInfo client, CancellationToken cancellationToken = default)
    {
        var proof = await VerifyAsync(signed, callerId: null, origin, cancellationToken);
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
    public async Task<Result<UserView>> LinkAsync(Guid callerId, WalletProof signed, RequestOrigin origin, CancellationToken cancellationToken = default)
    {
        var proof = await VerifyAsync(signed, callerId, origin, cancellationToken);
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
    /// Every check a signed message must pass, none of which writes: the message parses and names this server and chain,
    /// has not expired and is already valid; the signature is low-s and recovers the message's address; the nonce was
    /// issued here to this caller, and is unused and unexpired. A challenge's message must be exactly the text issued
    /// with its nonce; a client-built one must come with the nonce's binding and be issued within the nonce's lifetime.
    /// </summary>
    private async Task<Result<VerifiedProof>> VerifyAsync(WalletProof signed, Guid? callerId, RequestOrigin origin, CancellationToken cancellationToken)
    {
        var (message, signature, binding) = signed;
        var errors = new FieldErrors();
        if (WalletRules.CheckProof(message, signature, errors) is not { } parsedSignature) return errors.ToRejection();
        var expected = Expected(origin);
        if (!expected.IsOk) return expected.Rejection!;
        var (domain, uri) = expected.Value!;

        var parsed = SiweMessage.TryParse(message);
        if (parsed is null) return Refuse(Refusal.Unparseable);
        if (parsed.Domain != domain) return Refuse(Refusal.WrongDomain);
        if (parsed.Uri != uri) return Refuse(Refusal.WrongUri);
        if (parsed.ChainId != siwe.ChainId) return Refuse(Refusal.WrongChain);
        var now = clock.Now();
        if (parsed.ExpirationTime <= now) return Refuse(Refusal.Expired);
        if (parsed.NotBefore > now + siwe.ClockSkew) return Refuse(Refusal.NotYetValid);

        var signer = PersonalSign.RecoverAddress(message!, parsedSignature);
        if (signer is null) return Refuse(Refusal.BadSignature);
        var address = parsed.Address.ToLowerInvariant();
        if (signer != address) return Refuse(Refusal.WrongSigner);

        var issued = await store.FindNonceAsync(parsed.Nonce, cancellationToken);
        if (issued is null) return Refuse(Refusal.UnknownNonce);
        if (issued.UsedAt is not null) return Refuse(Refusal.NonceUsed);
        if (issued.ExpiresAt <= now) return Refuse(Refusal.Expired);
        if (issued.UserId != callerId) return Refuse(Refusal.WrongCaller);
        if (issued.MessageSha256 is { } issuedText)
        {
            if (!CryptographicOperations.FixedTimeEquals(issuedText, WalletStore.Sha256(message!))) return Refuse(Refusal.NotAsIssued);
        }
        else
        {
            if (!IsBinding(binding) || !CryptographicOperations.FixedTimeEquals(issued.BindingSha256, WalletStore.Sha256(binding!))) return Refuse(Refusal.WrongBinding);
            if (parsed.IssuedAt < issued.IssuedAt - siwe.ClockSkew || parsed.IssuedAt > issued.ExpiresAt || parsed.IssuedAt > now + siwe.ClockSkew)
                return Refuse(Refusal.IssuedOutsideNonceLifetime);
        }
        return new VerifiedProof(address, parsed.ChainId, parsed.Nonce);
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

    /// <summary>
    /// The domain and URI messages name: the configured ones, else the request's Host, but only one the operator listed in
    /// AllowedHosts, so that a message never names a domain this server was not configured for (EIP-4361's phishing check).
    /// </summary>
    private Result<(string Domain, string Uri)> Expected(RequestOrigin origin)
    {
        var domain = siwe.Domain ?? origin.Host;
        if (siwe.Domain is null && !(origin.HostListed && SiweMessage.IsValidDomain(domain)))
            return Rejection.Invalid("host", $"Wallet sign-in does not name the host '{origin.Host}': it is not listed in AllowedHosts. Set Arena:Auth:Siwe:Domain, or list the host.");
        var uri = siwe.Uri ?? $"{origin.Scheme}://{domain}";
        return SiweMessage.IsValidUri(uri)
            ? (domain, uri)
            : Rejection.Invalid("host", $"'{uri}' is not a URI a message can name; set Arena:Auth:Siwe:Uri.");
    }

    /// <summary>Now and the expiry of a nonce issued now, in whole milliseconds: messages show them, and the stored times must be the ones shown.</summary>
    private (DateTimeOffset Now, DateTimeOffset Expires) NonceLifetime()
    {
        var now = clock.Now();
        now = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
        return (now, now + siwe.NonceLifetime);
    }

    private static bool IsBinding(string? value) =>
        value is { Length: BindingLength } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

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
