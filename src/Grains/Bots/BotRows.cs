using Arena.Grains.Trading;

namespace Arena.Grains.Bots;

// Row shapes as Dapper reads them (snake_case columns map to these names), converted to the domain records.

internal sealed class ConfigRow
{
    public string Id { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string? AvatarUrl { get; set; }
    public string ProviderId { get; set; } = "";
    public string TradingMode { get; set; } = "paper";
    public decimal InitialBalance { get; set; }
    public int MaxLeverage { get; set; }
    public int? DailyTokenBudget { get; set; }
    public bool IsActive { get; set; }
    public bool IsPaused { get; set; }
    public int? ActivePromptVersion { get; set; }
    public long Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public BotConfig ToConfig() => new(Id, DisplayName, AvatarUrl, ProviderId, TradingMode == "real" ? Bots.TradingMode.Real : Bots.TradingMode.Paper,
        InitialBalance, MaxLeverage, DailyTokenBudget, IsActive, IsPaused, ActivePromptVersion, Version, CreatedAt, UpdatedAt);
}

/// <summary>A <c>positions</c> row, open or closed: the engine loads open ones, the public read side both.</summary>
internal sealed class PositionRow
{
    public long Id { get; set; }
    public string Symbol { get; set; } = "";
    public string Side { get; set; } = "LONG";
    public string Status { get; set; } = "open";
    public decimal Quantity { get; set; }
    public decimal EntryPrice { get; set; }
    public int Leverage { get; set; }
    public decimal Margin { get; set; }
    public decimal EntryFee { get; set; }
    public decimal? StopLoss { get; set; }
    public decimal? TakeProfit { get; set; }
    public decimal LiquidationPrice { get; set; }
    public DateTimeOffset OpenedAt { get; set; }
    public long? OpenDecisionId { get; set; }
    public int? PromptVersion { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public decimal? ExitPrice { get; set; }
    public decimal? ExitFee { get; set; }
    public decimal? RealizedPnl { get; set; }
    public string? CloseReason { get; set; }

    /// <summary>Every column but <c>bot_id</c> and <c>external_id</c>.</summary>
    public const string Columns = """
        id, symbol, side, status, quantity, entry_price, leverage, margin, entry_fee, stop_loss, take_profit, liquidation_price,
        opened_at, open_decision_id, prompt_version, closed_at, exit_price, exit_fee, realized_pnl, close_reason
        """;

    public OpenPosition ToOpenPosition() => new(Id, Symbol, Side == "SHORT" ? PositionSide.Short : PositionSide.Long, Quantity, EntryPrice, Leverage,
        Margin, EntryFee, StopLoss, TakeProfit, LiquidationPrice, OpenedAt, PromptVersion);
}

internal static class DynamicParametersExtensions
{
    public static DynamicParameters Also(this DynamicParameters parameters, string name, object? value)
    {
        parameters.Add(name, value);
        return parameters;
    }
}

internal sealed class AccountRow
{
    /// <summary>Set only by queries that read several bots' accounts at once.</summary>
    public string BotId { get; set; } = "";
    public decimal Balance { get; set; }
    public decimal RealizedPnl { get; set; }
    public decimal FeesPaid { get; set; }
    public int TradeCount { get; set; }
    public int Wins { get; set; }
    public int Losses { get; set; }
    public long TurnCount { get; set; }
    public DateTimeOffset? LastTurnAt { get; set; }
    public int TokensUsedToday { get; set; }
    public string? TokenDay { get; set; }
    public DateTimeOffset? ResetAt { get; set; }
    public long Version { get; set; }

    public BotAccount ToAccount() => new(Balance, RealizedPnl, FeesPaid, TradeCount, Wins, Losses, TurnCount, LastTurnAt, TokensUsedToday, TokenDay, ResetAt, Version);
}

internal sealed class PromptRow
{
    public int Version { get; set; }
    public string Prompt { get; set; } = "";
    public string? Note { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public BotPrompt ToPrompt() => new(Version, Prompt, Note, CreatedAt);
}

internal sealed class SummaryRow
{
    public long Id { get; set; }
    public string Summary { get; set; } = "";
    public long ThroughDecisionId { get; set; }
    public int DecisionsFolded { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public HistorySummaryRecord ToRecord() => new(Id, Summary, ThroughDecisionId, DecisionsFolded, CreatedAt);
}

internal sealed class DigestRow
{
    public long Id { get; set; }
    public long TurnNumber { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public bool Success { get; set; }
    public string DecisionsJson { get; set; } = "[]";
    public string NotesJson { get; set; } = "[]";
    public string? Error { get; set; }

    public DecisionDigest ToDigest() => new(Id, TurnNumber, CreatedAt, Success, DecisionsJson, NotesJson, Error);
}
