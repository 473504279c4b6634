using Arena.Grains.Providers;

namespace Arena.Api.Features.Admin.Providers;

/// <summary><c>/api/admin/providers</c>: the decision providers bots call (rules strategies and OpenAI-compatible endpoints).</summary>
internal static class AdminProviderRoutes
{
    public const string Tag = "Admin: providers";
}

/// <summary>An AI provider as the admin API shows it: settings and the credential's id, never a secret.</summary>
public sealed record ProviderView(
    string Id, string Name, string Kind, string? Strategy, string? BaseUrl, string? Model, Guid? CredentialId,
    int TimeoutSeconds, int MaxRetries, int MaxConcurrency, decimal? Temperature, int? MaxTokens, bool JsonMode, bool IsActive,
    long Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static ProviderView From(ProviderRecord r)
    {
        var s = r.Settings;
        return new ProviderView(s.Id, s.Name, s.Kind, s.Strategy, s.BaseUrl, s.Model, s.CredentialId, (int)s.Timeout.TotalSeconds, s.MaxRetries,
            s.MaxConcurrency, s.Temperature, s.MaxTokens, s.JsonMode, s.IsActive, s.Version, r.CreatedAt, r.UpdatedAt);
    }
}
