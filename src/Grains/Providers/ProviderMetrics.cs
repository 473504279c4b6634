using System.Diagnostics.Metrics;

namespace Arena.Grains.Providers;

/// <summary>
/// Provider calls (meter "Arena.Providers"), tagged with the provider's id and kind: latency of each decision (retries
/// included), tokens used, and failed calls. Recorded by <see cref="MeteredSession"/> around every session, so no
/// provider can be left out.
/// </summary>
public static class ProviderMetrics
{
    public const string MeterName = "Arena.Providers";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Histogram<double> Latency = Meter.CreateHistogram<double>("arena.provider.duration", unit: "ms",
        description: "Wall time of a decision or chat call, retries included.");

    public static readonly Counter<long> Tokens = Meter.CreateCounter<long>("arena.provider.tokens",
        description: "Tokens used, tagged type=prompt|completion.");

    public static readonly Counter<long> Errors = Meter.CreateCounter<long>("arena.provider.errors",
        description: "Decision and chat calls that ended without an answer (timeout, transport or HTTP failure, cancellation).");
}

/// <summary>Records <see cref="ProviderMetrics"/> for every call of the session it wraps.</summary>
internal sealed class MeteredSession(IProviderSession inner) : IProviderSession
{
    private readonly KeyValuePair<string, object?> provider = new("provider", inner.Settings.Id);
    private readonly KeyValuePair<string, object?> kind = new("kind", inner.Settings.Kind);

    public ProviderSettings Settings => inner.Settings;

    public Task<ProviderAnswer> DecideAsync(DecisionRequest request, CancellationToken cancellationToken) =>
        MeteredAsync(() => inner.DecideAsync(request, cancellationToken));

    public Task<ProviderAnswer> ChatAsync(ChatRequest request, CancellationToken cancellationToken) =>
        MeteredAsync(() => inner.ChatAsync(request, cancellationToken));

    private async Task<ProviderAnswer> MeteredAsync(Func<Task<ProviderAnswer>> call)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var answer = await call().ConfigureAwait(false);
            if (!answer.Succeeded) ProviderMetrics.Errors.Add(1, provider, kind);
            if (answer.PromptTokens > 0) ProviderMetrics.Tokens.Add(answer.PromptTokens, provider, kind, new("type", "prompt"));
            if (answer.CompletionTokens > 0) ProviderMetrics.Tokens.Add(answer.CompletionTokens, provider, kind, new("type", "completion"));
            return answer;
        }
        catch
        {
            ProviderMetrics.Errors.Add(1, provider, kind);
            throw;
        }
        finally
        {
            ProviderMetrics.Latency.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, provider, kind);
        }
    }

    public void Dispose() => inner.Dispose();
}
