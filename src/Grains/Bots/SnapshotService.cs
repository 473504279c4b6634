using Microsoft.Extensions.Hosting;

namespace Arena.Grains.Bots;

/// <summary>
/// Snapshots the balance and equity of the bots this silo runs every snapshot interval, and prunes
/// snapshots older than the retention in batches (any silo may prune; deleting is idempotent).
/// </summary>
public sealed partial class SnapshotService(
    IGrainFactory grains,
    LeaseManager leases,
    SettingsService settings,
    BotStore store,
    TimeProvider clock,
    IOptions<BotsOptions> options,
    ILogger<SnapshotService> logger) : BackgroundService
{
    private const int PruneBatch = 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunEngine) return;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // A failing round (say the schema is not migrated yet) is logged and retried; it must not stop the silo.
                var interval = TimeSpan.FromMinutes(1);
                try
                {
                    var current = await settings.CurrentAsync(stoppingToken);
                    interval = current.SnapshotInterval;
                    await Task.Delay(interval, clock, stoppingToken);
                    await SnapshotAllAsync();
                    await PruneAsync(clock.Now() - current.SnapshotRetention, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogRoundFailed(ex);
                    await Task.Delay(interval, clock, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Snapshots every bot this silo runs, now.</summary>
    public async Task<int> SnapshotAllAsync()
    {
        var taken = 0;
        foreach (var lease in leases.Owned)
        {
            try
            {
                if (await grains.GetGrain<IBotGrain>(lease.BotId).TakeSnapshot(lease)) taken++;
            }
            catch (LeaseLostException)
            {
                leases.MarkLost(lease.BotId);
            }
            catch (Exception ex)
            {
                LogFailed(ex, lease.BotId);
            }
        }
        return taken;
    }

    /// <summary>Deletes snapshots taken before <paramref name="cutoff"/>, a batch per transaction; returns how many.</summary>
    public async Task<int> PruneAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        var total = 0;
        while (true)
        {
            var deleted = await store.PruneSnapshotsAsync(cutoff, PruneBatch, cancellationToken);
            total += deleted;
            if (deleted < PruneBatch) return total;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot round failed; retrying next interval")]
    private partial void LogRoundFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot of bot {BotId} failed")]
    private partial void LogFailed(Exception exception, string botId);
}
