namespace Arena.Grains.Bots.Read;

// Row shapes of the public read side as Dapper reads them (snake_case columns map to these names).

internal sealed class ProviderLabelRow
{
    public string ProviderName { get; set; } = "";
    public string ProviderKind { get; set; } = "";
}

internal sealed class TradeReadRow
{
    public long Id { get; set; }
    public long? PositionId { get; set; }
    public long? DecisionId { get; set; }
    public string Symbol { get; set; } = "";
    public string Action { get; set; } = "";
    public string Fill { get; set; } = "";
    public decimal Price { get; set; }
    public decimal Quantity { get; set; }
    public decimal Notional { get; set; }
    public int Leverage { get; set; }
    public decimal Fee { get; set; }
    public decimal? RealizedPnl { get; set; }
    public string? Reason { get; set; }
    public int? PromptVersion { get; set; }
    public DateTimeOffset ExecutedAt { get; set; }

    public const string Columns = """
        id, position_id, decision_id, symbol, action, fill, price, quantity, notional, leverage, fee, realized_pnl, reason, prompt_version, executed_at
        """;

    public PublicTrade ToView() => new(Id, PositionId, DecisionId, Symbol, Action, Fill, Price, Quantity, Notional, Leverage, Fee, RealizedPnl, Reason,
        PromptVersion, ExecutedAt);
}

internal sealed class DecisionReadRow
{
    public long Id { get; set; }
    public long TurnNumber { get; set; }
    public int? PromptVersion { get; set; }
    public string DecisionsJson { get; set; } = "[]";
    public string NotesJson { get; set; } = "[]";
    public bool Success { get; set; }
    public string? Error { get; set; }
    public int? LatencyMs { get; set; }
    public int? PromptTokens { get; set; }
    public int? CompletionTokens { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    // Never prompt_context, prompt_sha256 or raw_answer: they are not even read.
    public const string Columns = """
        id, turn_number, prompt_version, decisions_json, notes_json, success, error, latency_ms, prompt_tokens, completion_tokens, created_at
        """;

    public PublicDecision ToView() => new(Id, TurnNumber, CreatedAt, PromptVersion, Success, PublicDecisionError.Summarize(Error), LatencyMs,
        PromptTokens, CompletionTokens, StoredDecision.Deserialize(DecisionsJson), Notes(NotesJson));

    private static string[] Notes(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<string[]>(json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}

internal sealed class SnapshotReadRow
{
    public long Id { get; set; }
    public DateTimeOffset TakenAt { get; set; }
    public decimal Balance { get; set; }
    public decimal Equity { get; set; }
    public decimal RealizedPnl { get; set; }
    public decimal UnrealizedPnl { get; set; }
    public int TradeCount { get; set; }
    public decimal? WinRate { get; set; }

    public const string Columns = "id, taken_at, balance, equity, realized_pnl, unrealized_pnl, trade_count, win_rate";

    public PublicSnapshot ToView() => new(Id, TakenAt, Balance, Equity, RealizedPnl, UnrealizedPnl, TradeCount, WinRate);
}
