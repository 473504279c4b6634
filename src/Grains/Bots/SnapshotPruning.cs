using Microsoft.Extensions.Hosting;

namespace Arena.Grains.Bots;

/// <summary>
/// Prunes snapshots older than the retention (the admin setting <c>snapshotRetention</c>) once per snapshot interval, in
/// batches. Any silo may prune (deleting is idempotent); each bot's own activation takes its snapshots.
/// </summary>
public sealed partial class SnapshotPruning(
    SettingsService settings,
    BotStore store,
    TimeProvider clock,
    ILogger<SnapshotPruning> logger) : BackgroundService
{
    private const int PruneBatch = 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot pruning failed; retrying next interval")]
    private partial void LogRoundFailed(Exception exception);
}
