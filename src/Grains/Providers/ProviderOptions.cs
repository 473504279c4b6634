namespace Arena.Grains.Providers;

/// <summary>Configuration section <c>Arena:Providers</c>: how the silo talks to LLM providers.</summary>
public sealed class ProviderOptions
{
    public const string Section = "Arena:Providers";

    /// <summary>
    /// Allow provider addresses on loopback and private networks (127/8, 10/8, 172.16/12, 192.168/16,
    /// 100.64/10, ::1, fc00::/7): needed for a local Ollama or vLLM. The risk: whoever can edit providers
    /// (admins) can make the silo send requests into its own network. Link-local and cloud metadata
    /// addresses (169.254.0.0/16, fe80::/10, ...) are refused regardless.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; } = true;

    /// <summary>A provider response larger than this is refused unread (the answer is a few KiB of JSON).</summary>
    public int MaxResponseBytes { get; set; } = 1024 * 1024;

    /// <summary>First retry delay; doubles per attempt, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest wait between attempts; a <c>Retry-After</c> asking for more ends the retries.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsValid => MaxResponseBytes >= 1024 && RetryBaseDelay >= TimeSpan.Zero && MaxRetryDelay >= RetryBaseDelay;
}
