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

    /// <summary>Failed sign-ins allowed per account within <see cref="ThrottleWindow"/> before it is locked.</summary>
    public int MaxFailuresPerAccount { get; set; } = 5;

    /// <summary>Failed sign-ins allowed per client address within <see cref="ThrottleWindow"/>.</summary>
    public int MaxFailuresPerAddress { get; set; } = 20;

    public TimeSpan ThrottleWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a throttled account or address stays locked.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Mark the session cookie Secure. Default: only when the request came over HTTPS.</summary>
    public bool? SecureCookies { get; set; }
}
