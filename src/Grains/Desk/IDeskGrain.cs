namespace Arena.Grains.Desk;

/// <summary>
/// One user's trading desk (keyed by the user's id): the paper wallet and the open quick trades, hot and written
/// through. Every call answers 404 (<see cref="RejectionKind.NotFound"/>) for a user that does not exist.
/// </summary>
public interface IDeskGrain : ICopyDesk
{
    Task<Result<WalletView>> GetWallet();

    /// <summary>Opens a quick trade typed by the user (no origin).</summary>
    Task<Result<QuickTradeView>> OpenTrade(TradeOrder order);

    /// <summary>Closes one of the user's open trades at the live price (reason <c>manual</c>); a closed one is a 409.</summary>
    Task<Result<QuickTradeView>> CloseTrade(Guid tradeId);

    Task<Result<QuickTradeView>> GetTrade(Guid tradeId);

    Task<Result<QuickTradePage>> ListTrades(TradeListRequest request);

    /// <summary>Closes every open trade at the live price (reason <c>reset</c>) and restores the starting balance.</summary>
    Task<Result<WalletReset>> ResetWallet();

    /// <summary>Opens a quick trade from a signal and records the <c>convert</c> action with it.</summary>
    Task<Result<QuickTradeView>> ConvertSignal(long signalId, SignalConversion conversion);

    /// <summary>Closes what the live prices trigger (stop-loss, take-profit, liquidation), re-deciding on the desk's own state.</summary>
    Task<DeskRiskReport> CheckRisk();

    /// <summary>The wallet with the open and the most recent trades (the admin API's read).</summary>
    Task<Result<DeskOverview>> GetOverview();

    /// <summary>Takes over the legacy app's quick trades as closed history (<see cref="QuickTradeImport"/>); a trade already imported is skipped.</summary>
    Task<Result<QuickTradeTakeover>> ImportQuickTrades(IReadOnlyList<LegacyQuickTrade> trades);
}
