using Microsoft.Extensions.Hosting;

namespace Arena.Grains.Events;

/// <summary>
/// Deletes sequenced events older than <see cref="EventOptions.Retention"/>, oldest first, one seq range per
/// transaction. Runs in every silo: the deletes are idempotent, so two silos pruning at once only repeat work.
/// </summary>
/// <remarks>
/// Only a prefix of the sequence is pruned (it stops at the first event still inside the retention, even if
/// later ones are older), so everything from <see cref="EventWindow.OldestRetainedSeq"/> up is still there and a
/// resume can tell replay from resync. The newest sequenced event is never deleted: the sequencer numbers
/// from max(seq) + 1, and deleting the maximum would hand its number out again.
/// </remarks>
public sealed partial class EventRetention(Database database, TimeProvider clock, IOptions<EventOptions> options, ILogger<EventRetention> logger) : BackgroundService
{
    private readonly EventOptions settings = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first prune is one interval after start, not at start: nothing is urgent about old events, and
        // a silo starting under load should serve before it housekeeps.
        using var timer = new PeriodicTimer(settings.PruneInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var deleted = await PruneAsync(stoppingToken);
                    if (deleted > 0) LogPruned(deleted);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogPruneFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Prunes batch after batch until the oldest remaining event is inside the retention; returns how many it deleted.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = clock.Now() - settings.Retention;
        var total = 0;
        while (true)
        {
            var (deleted, more) = await PruneBatchAsync(cutoff, cancellationToken);
            total += deleted;
            if (!more) return total;
        }
    }

    private Task<(int Deleted, bool More)> PruneBatchAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        database.InTransactionAsync(async tx =>
        {
            var oldest = (await tx.QueryAsync<(long Seq, DateTimeOffset At)>("""
                SELECT seq, created_at FROM activity_events
                WHERE seq IS NOT NULL AND seq < (SELECT max(seq) FROM activity_events)
                ORDER BY seq LIMIT @limit
                """, new { limit = settings.PruneBatchSize })).ToArray();
            var expired = oldest.TakeWhile(e => e.At < cutoff).ToArray();
            if (expired.Length == 0) return (0, false);
            var deleted = await tx.ExecuteAsync("DELETE FROM activity_events WHERE seq >= @from AND seq <= @to",
                new { from = expired[0].Seq, to = expired[^1].Seq });
            return (deleted, expired.Length == oldest.Length && oldest.Length == settings.PruneBatchSize);
        }, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Count} events older than the retention")]
    private partial void LogPruned(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Pruning old events failed; retrying at the next interval")]
    private partial void LogPruneFailed(Exception exception);
}
