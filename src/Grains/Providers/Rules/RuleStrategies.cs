using System.Text.Encodings.Web;
using Arena.Grains.Trading;

namespace Arena.Grains.Providers.Rules;

/// <summary>
/// The built-in strategies of the <c>rules</c> provider: deterministic, offline, and answering in the
/// same JSON an LLM is asked for, so the engine parses and validates both the same way.
/// </summary>
public static class RuleStrategies
{
    public static IReadOnlyList<string> Names { get; } = [MomentumStrategy.Name, MeanReversionStrategy.Name, RandomWalkStrategy.Name, BreakoutStrategy.Name];

    /// <summary>
    /// The answer text for <paramref name="context"/>: <c>{"decisions":[{"action","symbol","size","leverage",
    /// "stopLoss","takeProfit","reasoning"}]}</c>, every key present (null where it does not apply).
    /// The same context always gives the same text.
    /// </summary>
    public static string Decide(string strategy, TurnContext context) => Write(strategy switch
    {
        MomentumStrategy.Name => MomentumStrategy.Decide(context),
        MeanReversionStrategy.Name => MeanReversionStrategy.Decide(context),
        RandomWalkStrategy.Name => RandomWalkStrategy.Decide(context),
        BreakoutStrategy.Name => BreakoutStrategy.Decide(context),
        _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "Unknown rules strategy."),
    });

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Write(IReadOnlyList<RuleDecision> decisions)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteStartArray("decisions");
            foreach (var d in decisions)
            {
                json.WriteStartObject();
                json.WriteString("action", WireEnum<DecisionAction>.Name(d.Action));
                json.WriteString("symbol", d.Symbol);
                WriteNumber(json, "size", d.Size);
                if (d.Leverage is { } leverage) json.WriteNumber("leverage", leverage); else json.WriteNull("leverage");
                WriteNumber(json, "stopLoss", d.StopLoss);
                WriteNumber(json, "takeProfit", d.TakeProfit);
                json.WriteString("reasoning", d.Reasoning);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, decimal? value)
    {
        if (value is { } v) json.WriteNumber(name, v);
        else json.WriteNull(name);
    }
}

/// <summary>A <c>rules</c> provider session: stateless, no network, no tokens (a rule is not a model: usage is reported as 0).</summary>
internal sealed class RulesSession(ProviderSettings settings) : IProviderSession
{
    public ProviderSettings Settings { get; } = settings;

    public Task<ProviderAnswer> DecideAsync(DecisionRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var started = Stopwatch.GetTimestamp();
        var text = RuleStrategies.Decide(Settings.Strategy!, request.Context);
        return Task.FromResult(new ProviderAnswer(text, 0, 0, Stopwatch.GetElapsedTime(started), null));
    }

    public Task<ProviderAnswer> ChatAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var started = Stopwatch.GetTimestamp();
        var text = RulesChatReply.Reply(request.Context, request.Message);
        return Task.FromResult(new ProviderAnswer(text, 0, 0, Stopwatch.GetElapsedTime(started), null));
    }

    public void Dispose()
    {
    }
}
