using Arena.Grains.Market;
using Microsoft.Extensions.Hosting;

namespace Arena.Grains.Bots;

/// <summary>
/// Between turns, on every market tick, asks each bot this silo runs to close positions whose
/// stop-loss, take-profit or liquidation price was crossed (through the same write path as a turn).
/// A bot still being checked from the previous tick is skipped, so a slow commit never queues up checks.
/// </summary>
public sealed partial class RiskMonitor(
    IGrainFactory grains,
    LeaseManager leases,
    IMarketFeed market,
    IOptions<BotsOptions> options,
    ILogger<RiskMonitor> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, bool> checking = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunEngine) return;
        using var subscription = market.Subscribe(capacity: 4);
        try
        {
            await foreach (var tick in subscription.Reader.ReadAllAsync(stoppingToken))
                foreach (var lease in leases.Owned)
                    if (checking.TryAdd(lease.BotId, true)) _ = CheckAsync(lease);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task CheckAsync(LeaseGrant lease)
    {
        try
        {
            await grains.GetGrain<IBotGrain>(lease.BotId).CheckRisk(lease);
        }
        catch (LeaseLostException)
        {
            leases.MarkLost(lease.BotId);
        }
        catch (Exception ex)
        {
            LogFailed(ex, lease.BotId);
        }
        finally
        {
            checking.TryRemove(lease.BotId, out _);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Risk check of bot {BotId} failed")]
    private partial void LogFailed(Exception exception, string botId);
}
