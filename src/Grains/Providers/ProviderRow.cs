namespace Arena.Grains.Providers;

/// <summary>An <c>ai_providers</c> row as Dapper reads it (snake_case columns map to these names).</summary>
internal sealed class ProviderRow
{
    /// <summary>Every column, in the order the inserts list them.</summary>
    public const string Columns = """
        id, name, kind, strategy, base_url, model, credential_id, timeout_ms, max_retries, max_concurrency,
        temperature, max_tokens, json_mode, is_active, version, created_at, updated_at
        """;

    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public string Kind { get; init; } = "";
    public string? Strategy { get; init; }
    public string? BaseUrl { get; init; }
    public string? Model { get; init; }
    public Guid? CredentialId { get; init; }
    public int TimeoutMs { get; init; }
    public int MaxRetries { get; init; }
    public int MaxConcurrency { get; init; }
    public decimal? Temperature { get; init; }
    public int? MaxTokens { get; init; }
    public bool JsonMode { get; init; }
    public bool IsActive { get; init; }
    public long Version { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public ProviderSettings ToSettings() => new(Id, Name, Kind, Strategy, BaseUrl, Model, CredentialId, TimeSpan.FromMilliseconds(TimeoutMs),
        MaxRetries, MaxConcurrency, Temperature, MaxTokens, JsonMode, IsActive, Version);

    public ProviderRecord ToRecord() => new(ToSettings(), CreatedAt, UpdatedAt);
}
