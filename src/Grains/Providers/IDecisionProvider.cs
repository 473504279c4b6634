using Arena.Grains.Trading;

namespace Arena.Grains.Providers;

/// <summary>An <c>ai_providers</c> row: how to ask for decisions.</summary>
public sealed record ProviderSettings(
    string Id,
    string Name,
    string Kind,
    string? Strategy,
    string? BaseUrl,
    string? Model,
    Guid? CredentialId,
    TimeSpan Timeout,
    int MaxRetries,
    int MaxConcurrency,
    decimal? Temperature,
    int? MaxTokens,
    bool JsonMode,
    bool IsActive,
    long Version)
{
    public const string RulesKind = "rules";
    public const string OpenAiCompatibleKind = "openai-compatible";
}

/// <summary>What a provider sees of a bot at the start of a turn (structured; the prompt text is built from it).</summary>
public sealed record TurnContext(
    string BotId,
    long TurnNumber,
    DateTimeOffset At,
    decimal Balance,
    decimal Equity,
    int MaxLeverage,
    TradingRules Rules,
    IReadOnlyList<OpenPosition> Positions,
    IReadOnlyDictionary<string, Quote> Quotes,
    IReadOnlyDictionary<string, IReadOnlyList<decimal>> RecentCloses);

public sealed record DecisionRequest(string Prompt, TurnContext Context);

/// <summary>
/// A provider's answer: the raw text (parsed and validated by the engine, never trusted), usage and
/// latency. <see cref="Error"/> is set for a timeout, transport or HTTP failure; never a secret.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ProviderAnswer([Id(0)] string? Text, [Id(1)] int PromptTokens, [Id(2)] int CompletionTokens, [Id(3)] TimeSpan Latency, [Id(4)] string? Error)
{
    public bool Succeeded => Error is null && Text is not null;
}

/// <summary>
/// A provider ready for one bot activation: for <c>openai-compatible</c> it holds the API key, decrypted
/// once when the session is opened and dropped with the session (never per call, never logged).
/// </summary>
public interface IProviderSession : IDisposable
{
    ProviderSettings Settings { get; }

    Task<ProviderAnswer> DecideAsync(DecisionRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// The bot's reply, in character, to a user's chat message: plain text built from the request's public context and history
    /// only (never the bot's prompt). Failures come back as <see cref="ProviderAnswer.Error"/> like decisions.
    /// </summary>
    Task<ProviderAnswer> ChatAsync(ChatRequest request, CancellationToken cancellationToken);
}

/// <summary>Opens provider sessions for a configured provider.</summary>
public interface IDecisionProviders
{
    /// <summary>Fails (a <see cref="Rejection"/>) when the provider cannot be used, e.g. its credential is missing or the vault has no master key.</summary>
    Task<Result<IProviderSession>> OpenAsync(ProviderSettings settings, CancellationToken cancellationToken);
}
