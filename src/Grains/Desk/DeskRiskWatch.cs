using Arena.Grains.Market;
using Arena.Grains.Trading;
using Microsoft.Extensions.Hosting;

namespace Arena.Grains.Desk;

/// <summary>
/// Protects the users' open quick trades whether or not their desk grains are active: on every market tick it checks the
/// trades in <see cref="OpenQuickTrades"/> against the new prices (<see cref="RiskTriggers"/>, pure and in memory) and
/// asks only a desk whose stop-loss, take-profit or liquidation price was crossed to <see cref="IDeskGrain.CheckRisk"/>.
/// It loads every open trade at start (so a restart protects them at once) and re-reads them every
/// <see cref="RefreshInterval"/> for trades other silos opened or closed. Every silo watches every trade: two silos asking
/// one desk is harmless, the desk re-decides on its own state and the second ask closes nothing.
/// </summary>
public sealed partial class DeskRiskWatch(
    IGrainFactory grains,
    OpenQuickTrades open,
    DeskStore store,
    IMarketFeed market,
    DeskMarketSource source,
    TimeProvider clock,
    ILogger<DeskRiskWatch> logger) : BackgroundService
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<Guid, bool> checking = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = market.Subscribe(capacity: 4);
        var refreshedAt = DateTimeOffset.MinValue;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (clock.GetUtcNow() - refreshedAt >= RefreshInterval)
                {
                    await RefreshAsync(stoppingToken);
                    refreshedAt = clock.GetUtcNow();
                }
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                wait.CancelAfter(RefreshInterval);
                try
                {
                    if (!await subscription.Reader.WaitToReadAsync(wait.Token)) return;
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    continue;
                }
                while (subscription.Reader.TryRead(out _)) { }
                var rules = (await source.CurrentAsync(stoppingToken)).Rules;
                foreach (var (userId, trades) in open.WithTrades)
                    if (trades.Any(t => Crossed(t, rules)) && checking.TryAdd(userId, true)) _ = CheckAsync(userId);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            var mark = open.Mark();
            open.Refresh(mark, await store.AllOpenAsync(cancellationToken));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRefreshFailed(ex);
        }
    }

    private bool Crossed(QuickTrade trade, TradingRules rules) =>
        market.TryGetQuote(trade.Symbol, out var quote) && market.TryGetSymbol(trade.Symbol, out var info)
        && RiskTriggers.Evaluate(trade.ToPosition(), quote.Price, info, rules) is not null;

    private async Task CheckAsync(Guid userId)
    {
        try
        {
            await grains.GetGrain<IDeskGrain>(userId).CheckRisk();
        }
        catch (Exception ex)
        {
            LogCheckFailed(ex, userId);
        }
        finally
        {
            checking.TryRemove(userId, out _);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Risk check of the desk of user {UserId} failed")]
    private partial void LogCheckFailed(Exception exception, Guid userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the open quick trades failed; the risk watch keeps what it knows and retries")]
    private partial void LogRefreshFailed(Exception exception);
}
