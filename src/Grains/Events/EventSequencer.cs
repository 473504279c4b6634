using Microsoft.Extensions.Hosting;

namespace Arena.Grains.Events;

/// <summary>
/// Gives committed outbox rows their sequence numbers (0005_activity_events, design note 1). Runs in
/// every silo; woken by <see cref="OutboxSignal"/> (this silo's commits), by NOTIFY
/// <see cref="EventOutbox.PendingChannel"/> (any silo's commits) and by a fallback poll.
/// </summary>
/// <remarks>
/// Why readers tailing <c>seq &gt; last ORDER BY seq</c> never skip an event:
/// <list type="number">
/// <item>Only committed rows get a number: the sequencer's statement sees only rows whose inserting
/// transaction has committed, so a late commit is simply numbered later, after everything already read.</item>
/// <item>One sequencer at a time: a transaction-scoped advisory lock on PostgreSQL (a silo that cannot take
/// it skips the round: another silo is sequencing and will see the same rows), SQLite's single write lock.
/// Each round numbers from max(seq) + 1 with no holes, so the sequence is dense.</item>
/// <item>A round's numbers become visible atomically at its commit, and the next round cannot start before
/// that commit (the lock is released after the commit is visible). So whenever a reader sees seq n, it
/// also sees every seq below n.</item>
/// </list>
/// Pruning never deletes the newest sequenced row (see <see cref="EventRetention"/>), so max(seq) never goes
/// back and a number is never handed out twice.
/// </remarks>
public sealed partial class EventSequencer : BackgroundService
{
    /// <summary>NOTIFY channel carrying the new high-water mark after each round, to wake every silo's hub.</summary>
    public const string SequencedChannel = "arena_events";

    // An arbitrary constant that names "the event sequencer" among PostgreSQL advisory locks ("arenaseq" in ASCII).
    private const long AdvisoryLockKey = 0x6172656E61736571;

    private readonly Database database;
    private readonly OutboxSignal signal;
    private readonly EventHub hub;
    private readonly EventOptions options;
    private readonly ILogger<EventSequencer> logger;
    private readonly SemaphoreSlim oneRoundPerSilo = new(1, 1);

    public EventSequencer(Database database, OutboxSignal signal, EventHub hub, NotificationListener listener, IOptions<EventOptions> options, ILogger<EventSequencer> logger)
    {
        this.database = database;
        this.signal = signal;
        this.hub = hub;
        this.options = options.Value;
        this.logger = logger;
        // Subscribed at construction: hosted services are all constructed before the listener starts, so the
        // channel is LISTENed from its first connection. A reconnect may have lost notifications: look again.
        listener.Subscribe(EventOutbox.PendingChannel, _ => signal.Notify(), signal.Notify);
        database.EventsCommitted = signal.Notify;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SequencePendingAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogRoundFailed(ex);
            }
            await signal.WaitAsync(options.PollInterval, stoppingToken);
        }
    }

    /// <summary>
    /// Numbers every committed, unsequenced event this silo can (batch after batch) and returns how many it
    /// numbered. Returns 0 at once when another silo holds the sequencer lock: that silo numbers them.
    /// </summary>
    public async Task<int> SequencePendingAsync(CancellationToken cancellationToken = default)
    {
        await oneRoundPerSilo.WaitAsync(cancellationToken);
        try
        {
            // A plain read first, so an idle poll takes neither SQLite's write lock nor the advisory lock.
            if (!await database.ReadAsync(c => c.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM activity_events WHERE seq IS NULL)"), cancellationToken))
                return 0;
            var total = 0;
            while (true)
            {
                var (numbered, highWaterMark) = await RoundAsync(cancellationToken);
                total += numbered;
                if (numbered > 0) hub.OnSequenced(highWaterMark);
                if (numbered < options.SequenceBatchSize) return total;
            }
        }
        finally
        {
            oneRoundPerSilo.Release();
        }
    }

    private Task<(int Numbered, long HighWaterMark)> RoundAsync(CancellationToken cancellationToken) =>
        database.InTransactionAsync(async tx =>
        {
            if (tx.Dialect == SqlDialect.Postgres && !await tx.ExecuteScalarAsync<bool>("SELECT pg_try_advisory_xact_lock(@AdvisoryLockKey)", new { AdvisoryLockKey }))
                return (0, 0L);
            var max = await tx.ExecuteScalarAsync<long?>("SELECT max(seq) FROM activity_events") ?? 0;
            // The inner LIMIT picks the batch first, so row_number() runs over the batch only, not the whole backlog.
            var numbered = await tx.ExecuteAsync("""
                UPDATE activity_events SET seq = @max + batch.n
                FROM (SELECT id, row_number() OVER (ORDER BY id) AS n
                      FROM (SELECT id FROM activity_events WHERE seq IS NULL ORDER BY id LIMIT @limit) AS pending) AS batch
                WHERE activity_events.id = batch.id
                """, new { max, limit = options.SequenceBatchSize });
            var highWaterMark = max + numbered;
            if (numbered > 0) tx.NotifyOnCommit(SequencedChannel, highWaterMark.ToString(CultureInfo.InvariantCulture));
            return (numbered, highWaterMark);
        }, cancellationToken);

    [LoggerMessage(Level = LogLevel.Error, Message = "Event sequencing round failed; retrying at the next wake-up")]
    private partial void LogRoundFailed(Exception exception);
}
