using Arena.Grains.Trading;

namespace Arena.Grains.Legacy;

// The legacy arena_state blob (seed 001) after validation: every value here has passed the reader's
// checks, so the planner never sees a missing or out-of-range field. `Index` is the element's position
// in its JSON array, kept only to name it in messages.

public enum OrderFill { Entry, Exit }

/// <summary>A legacy order. <see cref="Size"/> is the USD notional; <see cref="Action"/> is LONG/SHORT (entries) or CLOSE.</summary>
public sealed record LegacyOrder(
    int Index,
    string Id,
    string Symbol,
    string Action,
    OrderFill Fill,
    decimal Price,
    decimal Size,
    int Leverage,
    DateTimeOffset At,
    decimal? Pnl);

/// <summary>A position of <c>portfolio.positions</c>: open when the blob was saved. <see cref="Size"/> is the USD notional.</summary>
public sealed record LegacyPosition(
    int Index,
    string Id,
    string Symbol,
    PositionSide Side,
    decimal EntryPrice,
    decimal Size,
    int Leverage,
    decimal? StopLoss,
    decimal? TakeProfit,
    decimal? LiquidationPrice);

/// <summary>One entry of <c>botLogs</c>: a turn's full prompt, the decisions the model proposed and the execution notes.</summary>
public sealed record LegacyLog(
    int Index,
    DateTimeOffset At,
    string? Prompt,
    IReadOnlyList<ProposedDecision> Decisions,
    IReadOnlyList<string> Notes);

public sealed record LegacyBot(
    int Index,
    string Id,
    string Name,
    string Prompt,
    string? Provider,
    bool RealTrading,
    decimal InitialBalance,
    decimal Balance,
    decimal? RealizedPnl,
    int? TradeCount,
    decimal? WinRate,
    bool IsPaused,
    IReadOnlyList<LegacyOrder> Orders,
    IReadOnlyList<LegacyLog> Logs,
    IReadOnlyList<LegacyPosition> Positions);

/// <summary>A <c>marketData</c> entry; only its symbol and price are read (for symbol metadata).</summary>
public sealed record LegacyQuote(string Symbol, decimal Price);

public sealed record LegacyState(IReadOnlyList<LegacyBot> Bots, IReadOnlyList<LegacyQuote> MarketData, int MarketDataCount);

/// <summary>A validation error: the JSON path of the offending value and what is wrong with it.</summary>
public sealed record LegacyError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
