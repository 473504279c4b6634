using Arena.Grains.Trading;

namespace Arena.Grains.Bots;

/// <summary>
/// One entry of <c>bot_decisions.decisions_json</c>: a proposal as the provider sent it and what became of
/// it (<c>accepted</c> / <c>rejected</c> with a code and reason), or a position a risk trigger closed since
/// the previous turn (<c>risk_close</c>). This is what the public decisions endpoint shows (never the prompt).
/// </summary>
public sealed record StoredDecision(
    string? Action,
    string? Symbol,
    decimal? Size,
    decimal? Leverage,
    decimal? StopLoss,
    decimal? TakeProfit,
    string? Reasoning,
    string Status,
    string? Code,
    string? Reason,
    decimal? RealizedPnl,
    string? CloseReason)
{
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
    public const string RiskClose = "risk_close";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        // Stored for people and APIs, never embedded in HTML: keep "+", "<", quotes etc. readable.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static StoredDecision From(DecisionVerdict v)
    {
        var p = v.Proposal;
        var realized = v.Order is PlannedClose close ? close.RealizedPnl : (decimal?)null;
        return new StoredDecision(v.Action is { } a ? WireEnum<DecisionAction>.Name(a) : p.Action, v.Symbol ?? p.Symbol, p.Size, p.Leverage, p.StopLoss,
            p.TakeProfit, p.Reasoning, v.Accepted ? Accepted : Rejected, v.Rejection?.CodeName, v.Rejection?.Reason, realized, null);
    }

    public static StoredDecision FromRiskClose(PastAction close) =>
        new("CLOSE", close.Symbol, null, null, null, null, null, RiskClose, null, null, close.RealizedPnl,
            close.CloseReason is { } r ? WireEnum<CloseReason>.Name(r) : null);

    public static string Serialize(IEnumerable<StoredDecision> decisions) => JsonSerializer.Serialize(decisions.ToArray(), Json);

    public static IReadOnlyList<StoredDecision> Deserialize(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<StoredDecision[]>(json, Json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>A stored decision row as the prompt window and the summarizer see it.</summary>
    public static PastTurn ToPastTurn(DecisionDigest d) => new(d.Id, d.At,
        Deserialize(d.DecisionsJson).Select(s => new PastAction(s.Action ?? "?", s.Symbol, s.Status == Rejected ? s.Code ?? "rejected" : null, s.RealizedPnl,
            s.CloseReason is not null && WireEnum<CloseReason>.TryParse(s.CloseReason, out var reason) ? reason : null)).ToArray(),
        d.Success ? null : d.Error ?? "failed");
}
