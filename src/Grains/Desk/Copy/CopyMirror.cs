using Arena.Grains.Bots;
using Arena.Grains.Events;
using Arena.Grains.Trading;
using Microsoft.Extensions.Hosting;

namespace Arena.Grains.Desk;

/// <summary>
/// Mirrors the bots' fills into their followers' desks, after the bot's turn committed, from the outbox (see
/// 0013_copy_mirror). Every silo runs one. A round reads the high-water mark, then the fills (trade.opened,
/// trade.closed, position.liquidated) between the shared cursor and it, in seq order; for each fill it calls
/// <see cref="ICopyDesk.MirrorFill"/> on every run that follows it (many followers at once) and moves the stored cursor to
/// the fill only when all of them answered. Any failure ends the round without moving further: the next round
/// replays from the cursor, and the ledger turns what was already done into no-ops. So a fill is never skipped and
/// never mirrored twice, however many silos or retries see it.
/// </summary>
/// <remarks>
/// Woken by the <see cref="EventHub"/> (a fill event reached this silo) or by the fallback poll
/// (<see cref="EventOptions.PollInterval"/>). A fill that keeps failing holds the cursor: later fills wait behind it
/// (logged each round) rather than be mirrored out of order.
/// </remarks>
public sealed partial class CopyMirror(Database database, EventHub hub, IGrainFactory grains, IOptions<EventOptions> options, ILogger<CopyMirror> logger)
    : BackgroundService
{
    public const string Consumer = "copy-mirror";

    /// <summary>Desk calls in flight for one fill: enough to keep the database busy, bounded so one fill cannot flood the silo.</summary>
    public const int Parallelism = 64;

    private const int Batch = 200;

    private static readonly string[] FillTypes = [BotEvents.TradeOpened, BotEvents.TradeClosed, BotEvents.PositionLiquidated];

    private readonly SemaphoreSlim oneRoundPerSilo = new(1, 1);

    /// <summary>Mirror calls this silo made that wrote something (for tests and the benchmark).</summary>
    public long Mirrored => Interlocked.Read(ref mirrored);

    private long mirrored;

    // Up to where this silo has seen every fill handled (at least the stored cursor): events that are not fills are read once.
    private long scanned;

    /// <summary>The seq up to which this silo has seen every fill mirrored (for tests and the benchmark).</summary>
    public long ScannedThrough => Interlocked.Read(ref scanned);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var subscription = await hub.SubscribeAsync(EventAudience.Public, cancellationToken: stoppingToken);
                while (!stoppingToken.IsCancellationRequested)
                {
                    await RunRoundGuardedAsync(stoppingToken);
                    await WaitForFillAsync(subscription, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (EventSubscriberOverflowException)
            {
                // Fell behind the hub: the subscription is only a wake-up, the cursor is in the database. Subscribe afresh.
            }
        }
    }

    private async Task RunRoundGuardedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await CatchUpAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogRoundFailed(ex);
        }
    }

    /// <summary>Returns when a fill event arrived, or after the poll interval.</summary>
    private async Task WaitForFillAsync(EventSubscription subscription, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.PollInterval);
        try
        {
            while (await subscription.Events.WaitToReadAsync(timeout.Token))
            {
                var fill = false;
                while (subscription.Events.TryRead(out var e)) fill |= FillTypes.Contains(e.Type);
                if (fill) return;
            }
            // Completed without an error: the silo is stopping.
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Mirrors every fill up to the current high-water mark; returns how many fills it handled.</summary>
    public async Task<int> CatchUpAsync(CancellationToken cancellationToken = default)
    {
        await oneRoundPerSilo.WaitAsync(cancellationToken);
        try
        {
            var handled = 0;
            while (true)
            {
                var (stored, highWaterMark) = await database.ReadAsync(async c => (
                    await c.ExecuteScalarAsync<long>("SELECT last_seq FROM copy_mirror_cursor WHERE consumer = @Consumer", new { Consumer }),
                    await c.ExecuteScalarAsync<long?>("SELECT max(seq) FROM activity_events") ?? 0), cancellationToken);
                var cursor = Math.Max(stored, Interlocked.Read(ref scanned));
                if (highWaterMark <= cursor) return handled;
                var events = await ReadFillsAsync(cursor, highWaterMark, cancellationToken);
                foreach (var e in events)
                {
                    if (Parse(e) is { } fill) await MirrorAsync(fill, cancellationToken);
                    await AdvanceAsync(e.Seq, cancellationToken);
                    handled++;
                }
                // Fewer than a batch: nothing else up to the high-water mark is a fill. Only this silo remembers that (the stored
                // cursor moves at fills only, so events that are not fills cost no write); a restart rescans from the last fill.
                if (events.Count < Batch)
                {
                    Interlocked.Exchange(ref scanned, highWaterMark);
                    return handled;
                }
            }
        }
        finally
        {
            oneRoundPerSilo.Release();
        }
    }

    private async Task<IReadOnlyList<(long Seq, string Type, string Payload)>> ReadFillsAsync(long cursor, long highWaterMark, CancellationToken cancellationToken)
    {
        var rows = await database.ReadAsync(c => c.QueryAsync<(long Seq, string Type, string Payload)>("""
            SELECT seq, type, payload FROM activity_events
            WHERE seq > @cursor AND seq <= @highWaterMark AND visibility = 'public' AND type IN (@opened, @closed, @liquidated)
            ORDER BY seq LIMIT @Batch
            """, new { cursor, highWaterMark, opened = FillTypes[0], closed = FillTypes[1], liquidated = FillTypes[2], Batch }), cancellationToken);
        return rows.ToArray();
    }

    /// <summary>Calls every following run's desk; throws (leaving the cursor before this fill) if any call failed.</summary>
    private async Task MirrorAsync(CopyFill fill, CancellationToken cancellationToken)
    {
        var followers = await database.ReadAsync(c => FollowersAsync(c, fill), cancellationToken);
        await Parallel.ForEachAsync(followers, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (follower, _) =>
            {
                var outcome = await grains.GetGrain<ICopyDesk>(follower.UserId).MirrorFill(follower.RunId, fill);
                if (!outcome.Duplicate && outcome.Result != MirrorResult.Ignored) Interlocked.Increment(ref mirrored);
            });
    }

    /// <summary>
    /// Entries: the bot's active runs published before the fill. Exits: the runs (active or paused) holding a mirror of
    /// the closed position. The desk re-checks against its own state, which is the authority.
    /// </summary>
    private static async Task<IReadOnlyList<(Guid RunId, Guid UserId)>> FollowersAsync(DbConnection connection, CopyFill fill) =>
        (await connection.QueryAsync<(Guid RunId, Guid UserId)>(fill.Kind == CopyFillKind.Entry
            ? """
              SELECT id, user_id FROM copy_trade_runs
              WHERE bot_id = @BotId AND status = 'active' AND after_trade_id < @TradeId ORDER BY id
              """
            : """
              SELECT r.id, r.user_id FROM quick_trades q JOIN copy_trade_runs r ON r.id = q.copy_run_id
              WHERE q.source_position_id = @PositionId AND q.copy_run_id IS NOT NULL AND r.bot_id = @BotId
                AND r.status IN ('active', 'paused') ORDER BY r.id
              """, new { fill.BotId, fill.TradeId, fill.PositionId })).ToArray();

    private Task AdvanceAsync(long seq, CancellationToken cancellationToken) =>
        database.InTransactionAsync(tx => tx.ExecuteAsync(
            "UPDATE copy_mirror_cursor SET last_seq = @seq WHERE consumer = @Consumer AND last_seq < @seq", new { seq, Consumer }), cancellationToken);

    /// <summary>The fill an event describes; null for a payload that is not one (never expected, skipped with a log).</summary>
    internal CopyFill? Parse((long Seq, string Type, string Payload) e)
    {
        try
        {
            return ParseFill(e.Seq, e.Type, e.Payload);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            LogUnreadableFill(ex, e.Seq);
            return null;
        }
    }

    public static CopyFill ParseFill(long seq, string type, string payload)
    {
        if (type == BotEvents.TradeOpened)
        {
            var o = JsonSerializer.Deserialize<BotEvents.TradeOpenedEvent>(payload, EventOutbox.PayloadJson)!;
            return new CopyFill(seq, o.BotId, CopyFillKind.Entry, o.TradeId, o.PositionId, o.Symbol, Side(o.Side), o.Quantity, o.Price, o.Leverage,
                o.StopLoss, o.TakeProfit, false);
        }
        var c = JsonSerializer.Deserialize<BotEvents.TradeClosedEvent>(payload, EventOutbox.PayloadJson)!;
        return new CopyFill(seq, c.BotId, CopyFillKind.Exit, c.TradeId, c.PositionId, c.Symbol, Side(c.Side), c.Quantity, c.ExitPrice, 1,
            null, null, type == BotEvents.PositionLiquidated);
    }

    private static PositionSide Side(string side) =>
        WireEnum<PositionSide>.TryParse(side, out var parsed) ? parsed : throw new InvalidOperationException($"Unknown side '{side}'.");

    [LoggerMessage(Level = LogLevel.Error, Message = "Copy mirror round failed; the cursor stays before the failed fill and the next round retries it")]
    private partial void LogRoundFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Event {Seq} is not a readable bot fill; it is not mirrored")]
    private partial void LogUnreadableFill(Exception exception, long seq);
}
