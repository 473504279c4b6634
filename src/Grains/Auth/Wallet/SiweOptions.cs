namespace Arena.Grains.Auth.Wallet;

/// <summary>Configuration section <c>Arena:Auth:Siwe</c>: what Sign-In with Ethereum messages say and accept.</summary>
public sealed class SiweOptions
{
    public const string Section = "Arena:Auth:Siwe";

    /// <summary>
    /// The domain (host[:port]) messages name. Unset: the request's Host, but only a Host the operator listed in
    /// AllowedHosts (one admitted only by "*" is refused with 400).
    /// </summary>
    public string? Domain { get; set; }

    /// <summary>The URI messages name. Unset: scheme://domain, the domain being the one above.</summary>
    public string? Uri { get; set; }

    /// <summary>EIP-155 chain id messages must carry (1 = Ethereum mainnet).</summary>
    public int ChainId { get; set; } = 1;

    /// <summary>The human-readable line the wallet shows; one line of SIWE statement characters.</summary>
    public string Statement { get; set; } = "Sign in to Arena.";

    /// <summary>How long a challenge (its nonce and the message's Expiration Time) stays valid.</summary>
    public TimeSpan NonceLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How far a client-built message's Issued At may precede the nonce's issue, and its Not Before lie ahead of the
    /// server's clock: wallets stamp messages with the browser's clock.
    /// </summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Challenges and nonces one client address may request per <see cref="ChallengeWindow"/> on one silo.</summary>
    public int ChallengeLimit { get; set; } = 10;

    public TimeSpan ChallengeWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Why the options cannot work, or null when they can.</summary>
    public string? Problem() =>
        ChainId < 1 ? "Arena:Auth:Siwe:ChainId must be at least 1."
        : !SiweMessage.IsValidStatement(Statement) ? "Arena:Auth:Siwe:Statement must be one non-empty line of URI characters and spaces (EIP-4361)."
        : Domain is not null && !SiweMessage.IsValidDomain(Domain) ? "Arena:Auth:Siwe:Domain must be a host or host:port."
        : Uri is not null && !SiweMessage.IsValidUri(Uri) ? "Arena:Auth:Siwe:Uri must be an absolute URI."
        : NonceLifetime <= TimeSpan.Zero ? "Arena:Auth:Siwe:NonceLifetime must be positive."
        : ClockSkew < TimeSpan.Zero ? "Arena:Auth:Siwe:ClockSkew must not be negative."
        : ChallengeLimit < 1 || ChallengeWindow <= TimeSpan.Zero ? "Arena:Auth:Siwe:ChallengeLimit and ChallengeWindow must be positive."
        : null;
}

/// <summary>Stops the silo at start with the specific reason when <see cref="SiweOptions"/> cannot work.</summary>
public sealed class SiweOptionsValidator : IValidateOptions<SiweOptions>
{
    public ValidateOptionsResult Validate(string? name, SiweOptions options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
