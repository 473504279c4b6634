using Arena.Grains.Providers.OpenAi;
using Arena.Grains.Providers.Rules;
using Arena.Grains.Secrets;

namespace Arena.Grains.Providers;

/// <summary>
/// Opens provider sessions. An <c>openai-compatible</c> session gets its API key here, decrypted once
/// for the life of the session (the peer re-derived its key on every call, ~50 ms each), and the
/// provider's concurrency gate, shared by every bot of this silo that uses the provider.
/// </summary>
internal sealed class DecisionProviders(
    ICredentialSecrets secrets,
    IHttpClientFactory httpClients,
    ProviderGates gates,
    IOptions<ProviderOptions> options,
    TimeProvider clock,
    ILogger<DecisionProviders> logger) : IDecisionProviders
{
    public const string HttpClientName = "arena-providers";

    public async Task<Result<IProviderSession>> OpenAsync(ProviderSettings settings, CancellationToken cancellationToken)
    {
        var opened = await OpenUnmeteredAsync(settings, cancellationToken).ConfigureAwait(false);
        return opened.IsOk ? new MeteredSession(opened.Value!) : opened;
    }

    private async Task<Result<IProviderSession>> OpenUnmeteredAsync(ProviderSettings settings, CancellationToken cancellationToken)
    {
        if (!settings.IsActive) return Rejection.Conflict($"Provider '{settings.Id}' is disabled.");
        switch (settings.Kind)
        {
            case ProviderSettings.RulesKind:
                if (settings.Strategy is null || !RuleStrategies.Names.Contains(settings.Strategy))
                    return Rejection.Invalid("strategy", $"Provider '{settings.Id}' has no known strategy.");
                return new RulesSession(settings);
            case ProviderSettings.OpenAiCompatibleKind:
                if (settings.BaseUrl is null || settings.Model is null)
                    return Rejection.Invalid("baseUrl", $"Provider '{settings.Id}' needs a base URL and a model.");
                string? apiKey = null;
                if (settings.CredentialId is { } credentialId)
                {
                    var secret = await secrets.DecryptAsync(credentialId, cancellationToken).ConfigureAwait(false);
                    if (!secret.IsOk) return secret.Rejection!;
                    apiKey = secret.Value;
                }
                return new ChatCompletionsSession(settings, apiKey, httpClients, gates.For(settings.Id, settings.MaxConcurrency),
                    options.Value, clock, logger);
            default:
                return Rejection.Invalid("kind", $"Provider '{settings.Id}' has an unknown kind.");
        }
    }
}

/// <summary>
/// One semaphore per provider id, sized by its <c>max_concurrency</c>: the limit holds across all bots of
/// this silo (each silo has its own). A changed size starts a new gate; sessions opened before the change
/// keep the old one until the bot reopens them.
/// </summary>
internal sealed class ProviderGates
{
    private readonly ConcurrentDictionary<string, (int Size, SemaphoreSlim Semaphore)> gates = new(StringComparer.Ordinal);

    public SemaphoreSlim For(string providerId, int size) => gates.AddOrUpdate(providerId,
        static (_, n) => (n, new SemaphoreSlim(n, n)),
        static (_, current, n) => current.Size == n ? current : (n, new SemaphoreSlim(n, n)),
        size).Semaphore;
}
