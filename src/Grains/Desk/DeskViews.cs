using Arena.Grains.Trading;

namespace Arena.Grains.Desk;

/// <summary>
/// A quick trade as the API shows it. For an open trade <see cref="MarkPrice"/> and <see cref="UnrealizedPnl"/> are the
/// live quote and <see cref="IsolatedMargin.UnrealizedPnl"/> at it (null when the symbol has no quote); for a closed one
/// the exit fields are set instead.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record QuickTradeView(
    [Id(0)] Guid Id,
    [Id(1)] string Symbol,
    [Id(2)] string Side,
    [Id(3)] string Status,
    [Id(4)] decimal Quantity,
    [Id(5)] decimal EntryPrice,
    [Id(6)] decimal Notional,
    [Id(7)] int Leverage,
    [Id(8)] decimal Margin,
    [Id(9)] decimal EntryFee,
    [Id(10)] decimal? StopLoss,
    [Id(11)] decimal? TakeProfit,
    [Id(12)] decimal LiquidationPrice,
    [Id(13)] DateTimeOffset OpenedAt,
    [Id(14)] decimal? MarkPrice,
    [Id(15)] decimal? UnrealizedPnl,
    [Id(16)] DateTimeOffset? ClosedAt,
    [Id(17)] decimal? ExitPrice,
    [Id(18)] decimal? ExitFee,
    [Id(19)] decimal? RealizedPnl,
    [Id(20)] string? CloseReason,
    [Id(21)] long? SignalId,
    [Id(22)] Guid? CopyRunId,
    [Id(23)] long? SourcePositionId)
{
    public static string SideName(PositionSide side) => side == PositionSide.Long ? "long" : "short";

    public static QuickTradeView From(QuickTrade t, decimal? markPrice)
    {
        var open = t.Exit is null;
        var mark = open ? markPrice : null;
        return new(t.Id, t.Symbol, SideName(t.Side), open ? "open" : "closed", t.Quantity, t.EntryPrice, Money.Round(t.Quantity * t.EntryPrice),
            t.Leverage, t.Margin, t.EntryFee, t.StopLoss, t.TakeProfit, t.LiquidationPrice, t.OpenedAt,
            mark, mark is { } m ? IsolatedMargin.UnrealizedPnl(t.ToPosition(), m) : null,
            t.Exit?.ClosedAt, t.Exit?.ExitPrice, t.Exit?.ExitFee, t.Exit?.RealizedPnl,
            t.Exit is { } exit ? WireEnum<QuickTradeCloseReason>.Name(exit.Reason) : null,
            t.Origin.SignalId, t.Origin.CopyRunId, t.Origin.SourcePositionId);
    }
}

/// <summary>
/// The paper wallet with its open trades valued at live prices: equity = balance + Σ (margin + unrealized PnL)
/// (<see cref="IsolatedMargin.Equity"/>). <see cref="RealizedPnl"/> and <see cref="FeesPaid"/> count since the last reset.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record WalletView(
    [Id(0)] decimal Balance,
    [Id(1)] decimal StartingBalance,
    [Id(2)] decimal Equity,
    [Id(3)] decimal RealizedPnl,
    [Id(4)] decimal UnrealizedPnl,
    [Id(5)] decimal FeesPaid,
    [Id(6)] decimal OpenMargin,
    [Id(7)] int OpenTrades,
    [Id(8)] int ResetCount,
    [Id(9)] DateTimeOffset? ResetAt,
    [Id(10)] DateTimeOffset UpdatedAt)
{
    public static WalletView From(DeskState s, IReadOnlyDictionary<string, Quote> quotes)
    {
        var positions = s.Open.Select(t => t.ToPosition()).ToArray();
        var equity = IsolatedMargin.Equity(s.Wallet.Balance, positions, quotes);
        var margin = positions.Sum(p => p.Margin);
        var w = s.Wallet;
        return new(w.Balance, w.StartingBalance, equity, w.RealizedPnl, equity - w.Balance - margin, w.FeesPaid, margin, positions.Length,
            w.ResetCount, w.ResetAt, w.UpdatedAt);
    }
}

/// <summary>One page of quick trades, newest first.</summary>
[GenerateSerializer, Immutable]
public sealed record QuickTradePage([Id(0)] IReadOnlyList<QuickTradeView> Items, [Id(1)] string? NextCursor);

/// <summary>What a wallet reset did: the closed trades (at live prices) and the wallet after.</summary>
[GenerateSerializer, Immutable]
public sealed record WalletReset([Id(0)] WalletView Wallet, [Id(1)] IReadOnlyList<QuickTradeView> ClosedTrades);

/// <summary>An admin's read of one user's desk: the wallet, the open trades and the most recent closed ones.</summary>
[GenerateSerializer, Immutable]
public sealed record DeskOverview([Id(0)] Guid UserId, [Id(1)] WalletView Wallet, [Id(2)] IReadOnlyList<QuickTradeView> OpenTrades, [Id(3)] IReadOnlyList<QuickTradeView> RecentTrades,
    [Id(4)] IReadOnlyList<CopyRunView> CopyRuns);

/// <summary>What a risk check closed.</summary>
[GenerateSerializer, Immutable]
public sealed record DeskRiskReport([Id(0)] IReadOnlyList<QuickTradeView> Closed);
