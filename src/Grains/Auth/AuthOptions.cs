namespace Arena.Grains.Auth;

/// <summary>Configuration section <c>Arena:Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string Section = "Arena:Auth";

    /// <summary>OWASP Password Storage Cheat Sheet: PBKDF2-HMAC-SHA256 at 600,000 iterations; lower is refused.</summary>
    public const int MinimumPasswordIterations = 600_000;

    public int PasswordIterations { get; set; } = MinimumPasswordIterations;

    /// <summary>Absolute lifetime of a session.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>A session unused for this long ends.</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Password hashes (and checks) running at once on this silo; unset: half the cores, at least one.</summary>
    public int? PasswordHashConcurrency { get; set; }

    /// <summary>How long a registration or sign-in waits for a hashing slot before it is answered 503 + Retry-After.</summary>
    public TimeSpan PasswordHashWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Failed sign-ins to one account from one client address that cost nothing; each one after waits longer.</summary>
    public int FailuresBeforeDelay { get; set; } = 3;

    /// <summary>The wait after the first failure past <see cref="FailuresBeforeDelay"/>; it doubles with each further failure.</summary>
    public TimeSpan FirstSignInDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two sign-ins to one account from one client address.</summary>
    public TimeSpan MaxSignInDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Failed sign-ins to one account from all addresses within <see cref="ThrottleWindow"/> after which the account is
    /// under attack: an address that fails on it again waits <see cref="LockoutDuration"/>. An address with no failures
    /// on the account is never held back, so the owner still signs in.
    /// </summary>
    public int MaxFailuresPerAccount { get; set; } = 20;

    /// <summary>Failed sign-ins per client address (any accounts) within <see cref="ThrottleWindow"/> before the address is locked.</summary>
    public int MaxFailuresPerAddress { get; set; } = 20;

    /// <summary>The window failures are counted in; an (account, address) pair forgets its failures this long after its last wait ended.</summary>
    public TimeSpan ThrottleWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a locked address, or an address failing on an account under attack, is held back.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Mark the session cookie Secure. Default: only when the request came over HTTPS.</summary>
    public bool? SecureCookies { get; set; }
}
