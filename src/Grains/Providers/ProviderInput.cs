using System.Text.RegularExpressions;
using Arena.Grains.Providers.Rules;

namespace Arena.Grains.Providers;

/// <summary>
/// An <c>ai_providers</c> row as an admin submits it (create or full replacement). Omitted numbers
/// take the schema defaults; field names in rejections are these names in camelCase.
/// </summary>
public sealed record ProviderInput(
    string? Name,
    string? Kind,
    string? Strategy = null,
    string? BaseUrl = null,
    string? Model = null,
    Guid? CredentialId = null,
    int? TimeoutSeconds = null,
    int? MaxRetries = null,
    int? MaxConcurrency = null,
    decimal? Temperature = null,
    int? MaxTokens = null,
    bool? JsonMode = null,
    bool? IsActive = null);

/// <summary>A stored provider: its settings plus audit times.</summary>
public sealed record ProviderRecord(ProviderSettings Settings, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>The rules for provider rows that need no database (the credential's existence is checked by the store).</summary>
public static partial class ProviderValidation
{
    public const int DefaultTimeoutSeconds = 30;
    public const int DefaultMaxRetries = 2;
    public const int DefaultMaxConcurrency = 4;
    public const int MaxNameLength = 100;
    public const int MaxModelLength = 200;
    public const int MaxBaseUrlLength = 2048;

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{1,63}$")]
    private static partial Regex IdPattern();

    /// <summary>A provider with the schema's default for every optional field: active, JSON mode, no credential.</summary>
    public static ProviderSettings Defaults(string id, string name, string kind) => new(id, name, kind, Strategy: null, BaseUrl: null, Model: null,
        CredentialId: null, TimeSpan.FromSeconds(DefaultTimeoutSeconds), DefaultMaxRetries, DefaultMaxConcurrency, Temperature: null, MaxTokens: null,
        JsonMode: true, IsActive: true, Version: 0);

    public static void CheckId(string? id, FieldErrors errors) =>
        errors.Require(id is not null && IdPattern().IsMatch(id), "id",
            "Id must be 2-64 characters of a-z, 0-9, '_' or '-', starting with a letter or digit.");

    /// <summary>Validates <paramref name="input"/> and returns the settings to store (version set by the store).</summary>
    public static ProviderSettings? Check(string id, ProviderInput input, bool allowPrivateNetworks, FieldErrors errors)
    {
        CheckId(id, errors);
        var name = input.Name?.Trim();
        errors.Require(!string.IsNullOrEmpty(name) && name.Length <= MaxNameLength, "name", $"Name is required (at most {MaxNameLength} characters).");
        TextRules.CheckPublicText(name, "name", errors); // shown on every bot's public page

        string? baseUrl = null;
        string? model = null;
        switch (input.Kind)
        {
            case ProviderSettings.RulesKind:
                errors.Require(input.Strategy is not null && RuleStrategies.Names.Contains(input.Strategy), "strategy",
                    $"A rules provider needs a strategy: {string.Join(", ", RuleStrategies.Names)}.");
                foreach (var (field, present) in new[] { ("baseUrl", input.BaseUrl is not null), ("model", input.Model is not null), ("credentialId", input.CredentialId is not null) })
                    errors.Require(!present, field, "Only openai-compatible providers have this field.");
                break;
            case ProviderSettings.OpenAiCompatibleKind:
                errors.Require(input.Strategy is null, "strategy", "Only rules providers have a strategy.");
                if (input.BaseUrl is { Length: > MaxBaseUrlLength })
                    errors.Add("baseUrl", $"Base URL must be at most {MaxBaseUrlLength} characters.");
                else if (ProviderNetwork.NormalizeBaseUrl(input.BaseUrl, allowPrivateNetworks, out var urlError) is { } normalized)
                    baseUrl = normalized;
                else
                    errors.Add("baseUrl", urlError);
                model = input.Model?.Trim();
                errors.Require(!string.IsNullOrEmpty(model) && model.Length <= MaxModelLength, "model", $"Model is required (at most {MaxModelLength} characters).");
                break;
            default:
                errors.Add("kind", $"Kind must be '{ProviderSettings.RulesKind}' or '{ProviderSettings.OpenAiCompatibleKind}'.");
                break;
        }

        var timeout = input.TimeoutSeconds ?? DefaultTimeoutSeconds;
        var retries = input.MaxRetries ?? DefaultMaxRetries;
        var concurrency = input.MaxConcurrency ?? DefaultMaxConcurrency;
        errors.Require(timeout is >= 1 and <= 300, "timeoutSeconds", "Timeout must be 1-300 seconds.")
            .Require(retries is >= 0 and <= 5, "maxRetries", "Retries must be 0-5.")
            .Require(concurrency is >= 1 and <= 64, "maxConcurrency", "Concurrency must be 1-64.")
            .Require(input.Temperature is null or (>= 0m and <= 2m), "temperature", "Temperature must be 0-2.")
            .Require(input.MaxTokens is null or (>= 1 and <= 100_000), "maxTokens", "Max tokens must be 1-100000.");
        if (errors.Any) return null;

        return new ProviderSettings(id, name!, input.Kind!, input.Strategy, baseUrl, model, input.CredentialId,
            TimeSpan.FromSeconds(timeout), retries, concurrency, input.Temperature, input.MaxTokens,
            input.JsonMode ?? true, input.IsActive ?? true, Version: 0);
    }
}
