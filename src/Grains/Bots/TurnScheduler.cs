using Microsoft.Extensions.Hosting;

namespace Arena.Grains.Bots;

/// <summary>
/// Runs the turns of the bots this silo holds leases for. Each turn is prepare (in the grain) →
/// provider call (outside the grain) → complete (in the grain). A bot never has two turns in flight;
/// different bots run concurrently up to <see cref="BotsOptions.MaxConcurrentTurns"/>, so a slow provider
/// delays only its own bots. Turn work is asynchronous I/O on the thread pool and never blocks requests.
/// </summary>
public sealed partial class TurnScheduler(
    IGrainFactory grains,
    LeaseManager leases,
    TimeProvider clock,
    IOptions<BotsOptions> options,
    ILogger<TurnScheduler> logger) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private readonly BotsOptions bots = options.Value;
    private readonly ConcurrentDictionary<string, DateTimeOffset> nextDue = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> inFlight = new(StringComparer.Ordinal);
    private SemaphoreSlim? slots;

    // Released when a turn finishes, so a freed slot is used at once rather than at the next poll.
    private readonly SemaphoreSlim finished = new(0);

    /// <summary>Turns completed by this silo since start (all bots).</summary>
    public long CompletedTurns => Interlocked.Read(ref completed);

    private long completed;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!bots.RunEngine) return;
        slots = new SemaphoreSlim(bots.MaxConcurrentTurns);
        leases.Lost += botId =>
        {
            nextDue.TryRemove(botId, out _);
            _ = grains.GetGrain<IBotGrain>(botId).Release();
        };
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // Wake at the next poll (new due times), or as soon as a turn finishes (a free slot).
                await finished.WaitAsync(Poll, stoppingToken);
                var now = clock.GetUtcNow();
                foreach (var lease in leases.Owned)
                {
                    if (inFlight.ContainsKey(lease.BotId)) continue;
                    if (nextDue.TryGetValue(lease.BotId, out var due) && due > now) continue;
                    if (!slots.Wait(0)) break;
                    inFlight[lease.BotId] = RunTurnAsync(lease, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await Task.WhenAll(inFlight.Values);
    }

    private async Task RunTurnAsync(LeaseGrant lease, CancellationToken stoppingToken)
    {
        // Yield first, so the caller records this task in inFlight before the finally below can remove it.
        await Task.Yield();
        var bot = grains.GetGrain<IBotGrain>(lease.BotId);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var preparation = await bot.PrepareTurn(lease);
            if (preparation.Plan is not { } plan)
            {
                nextDue[lease.BotId] = preparation.NextDueAt;
                return;
            }
            var answer = await plan.Session.DecideAsync(plan.Request, stoppingToken);
            var report = await bot.CompleteTurn(plan.TurnId, answer);
            nextDue[lease.BotId] = report.NextDueAt;
            if (report.Committed)
            {
                Interlocked.Increment(ref completed);
                EngineMetrics.Turns.Add(1, new KeyValuePair<string, object?>("outcome", report.Failure is null ? "ok" : "failed"));
                EngineMetrics.TurnDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
        catch (LeaseLostException)
        {
            leases.MarkLost(lease.BotId);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // The grain recorded what it could; back off one interval so a failing bot does not spin.
            LogTurnFailed(ex, lease.BotId);
            nextDue[lease.BotId] = clock.GetUtcNow() + TimeSpan.FromSeconds(Math.Max(1, bots.TurnInterval.TotalSeconds / 4));
        }
        finally
        {
            inFlight.TryRemove(lease.BotId, out _);
            slots!.Release();
            finished.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Turn of bot {BotId} failed")]
    private partial void LogTurnFailed(Exception exception, string botId);
}
