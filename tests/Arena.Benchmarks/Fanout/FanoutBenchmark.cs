using Arena.Benchmarks;
using Arena.Api.Features.Streams;
using Arena.Grains.Events;
using Arena.Grains.Persistence;

namespace Arena.Benchmarks.Fanout;

public sealed record FanoutSettings(int Spectators, int StartRate, int MaxRate, TimeSpan Step, int PayloadBytes, double P99LimitMs, string? Postgres);

public sealed record StepResult(int TargetRate, double AppendedRate, double DeliveryRate, double P50Ms, double P99Ms, double MaxMs,
    long Undelivered, long OutOfOrder, int Closed, bool Degraded);

public sealed record FanoutReport(int Connected, double ConnectSeconds, string Database, long PeakWorkingSetMb, IReadOnlyList<StepResult> Steps,
    StepResult? MaxSustained, long FramesSerialized, long EventsAppended);

/// <summary>
/// Starts a silo in this process on a loopback port (SQLite in a temporary file, or the given PostgreSQL), connects
/// the spectators, then appends public events through the outbox (as the engine does: in transactions, then a local
/// wake-up) at a rate that doubles every step. Each event carries its append stamp; each spectator measures
/// receipt minus stamp. The ramp stops at the first step that degrades: p99 over the limit, an event not delivered
/// to every spectator within the drain time, or a spectator closed (a degraded step is repeated once first: the
/// machine is shared, and one pause elsewhere should not end the ramp).
/// </summary>
public sealed class FanoutBenchmark(FanoutSettings settings, TextWriter log)
{
    private sealed record BenchEvent(int Step, long Stamp, long N, string Pad);

    public async Task<FanoutReport> RunAsync(CancellationToken cancellationToken)
    {
        var rates = new List<int>();
        for (var rate = settings.StartRate; rate <= settings.MaxRate; rate *= 2) rates.Add(rate);
        var database = settings.Postgres is { } connection ? new DatabaseTarget(Dialect.Postgres, connection) : DatabaseTarget.NewSqlite();
        await using var server = await ArenaServer.StartAsync(database, new Dictionary<string, string?>
        {
            ["Arena:Bots:RunEngine"] = "false",
            ["Arena:Stream:MaxConnections"] = (settings.Spectators + 100).ToString(CultureInfo.InvariantCulture),
            ["Arena:Stream:MaxTicksPerSecond"] = "0",
            ["Arena:Stream:SnapshotEvents"] = "0",
        });

        // One histogram slot per step run: each rate at most twice (a degraded step is repeated once).
        var spectators = Enumerable.Range(0, settings.Spectators).Select(_ => new Spectator(2 * rates.Count)).ToArray();
        var connectTime = Stopwatch.StartNew();
        var connected = await ConnectAsync(server, spectators, cancellationToken);
        var readers = connected.Select(s => Task.Run(s.RunAsync, CancellationToken.None)).ToArray();
        await WaitAsync(() => connected.All(s => s.Ready || s.Gone), TimeSpan.FromSeconds(30));
        var connectSeconds = connectTime.Elapsed.TotalSeconds;
        log.WriteLine($"{connected.Count} spectators connected in {connectSeconds:F1} s; ramping {string.Join(", ", rates)} events/s, {settings.Step.TotalSeconds:0.#} s each");

        var frames = server.GetService<EventFrames>();
        var serializedBefore = frames.Serialized;
        var steps = new List<StepResult>();
        var slot = 0;
        // The whole run stays under two minutes: no step starts after 90 s.
        for (var r = 0; r < rates.Count && connectTime.Elapsed < TimeSpan.FromSeconds(90); r++)
        {
            var step = await RunStepAsync(server, connected, slot++, rates[r], cancellationToken);
            steps.Add(step);
            if (!step.Degraded || connectTime.Elapsed >= TimeSpan.FromSeconds(90)) continue;
            // Other processes share the machine: a degraded step is run once more before the ramp stops.
            step = await RunStepAsync(server, connected, slot++, rates[r], cancellationToken);
            steps.Add(step);
            if (step.Degraded) break;
        }
        var serialized = frames.Serialized - serializedBefore;

        await Task.WhenAll(connected.Select(s => s.CloseAsync()));
        await Task.WhenAll(readers).WaitAsync(TimeSpan.FromSeconds(10));
        foreach (var s in spectators) s.Dispose();
        var peak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024);
        return new FanoutReport(connected.Count, connectSeconds, database.Provider, peak, steps, steps.LastOrDefault(s => !s.Degraded),
            serialized, appended);
    }

    private long appended;

    /// <summary>One step: append at <paramref name="rate"/> for the step's time, let every spectator drain, measure.</summary>
    private async Task<StepResult> RunStepAsync(ArenaServer server, IReadOnlyList<Spectator> spectators, int slot, int rate, CancellationToken cancellationToken)
    {
        var (count, elapsed) = await AppendAtRateAsync(server, slot, rate, cancellationToken);
        appended += count;
        await WaitAsync(() => spectators.All(s => s.Gone || s.Steps[slot].Count >= count), TimeSpan.FromSeconds(Math.Max(2, settings.Step.TotalSeconds)));
        var step = Measure(spectators, slot, rate, count, elapsed);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {rate,5} events/s: appended {step.AppendedRate:F0}/s, p50 {step.P50Ms:F1} ms, p99 {step.P99Ms:F1} ms, max {step.MaxMs:F1} ms, undelivered {step.Undelivered}{(step.Degraded ? " -> degraded" : "")}"));
        return step;
    }

    private static async Task<List<Spectator>> ConnectAsync(ArenaServer server, Spectator[] spectators, CancellationToken cancellationToken)
    {
        var url = new Uri(new UriBuilder(server.BaseAddress) { Scheme = "ws" }.Uri, "/ws/arena");
        using var gate = new SemaphoreSlim(64);
        var connected = new System.Collections.Concurrent.ConcurrentBag<Spectator>();
        await Task.WhenAll(spectators.Select(async s =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                await s.ConnectAsync(url, cancellationToken);
                connected.Add(s);
            }
            catch (System.Net.WebSockets.WebSocketException)
            {
                // Counted as not connected (the report says how many did).
            }
            finally
            {
                gate.Release();
            }
        }));
        return connected.ToList();
    }

    /// <summary>Appends on schedule (rate × elapsed), each due batch in one transaction; returns how many and over how long.</summary>
    private async Task<(long Appended, TimeSpan Elapsed)> AppendAtRateAsync(ArenaServer server, int step, int rate, CancellationToken cancellationToken)
    {
        var database = server.GetService<Database>();
        var signal = server.GetService<OutboxSignal>();
        var padding = new string('x', settings.PayloadBytes);
        var started = Stopwatch.GetTimestamp();
        long appended = 0;
        while (Stopwatch.GetElapsedTime(started) is var elapsed && elapsed < settings.Step)
        {
            var due = (long)(rate * elapsed.TotalSeconds) - appended;
            if (due <= 0)
            {
                await Task.Delay(2, cancellationToken);
                continue;
            }
            var batch = (int)Math.Min(due, 500);
            var first = appended;
            // The drafts are enumerated as they are inserted, so each is stamped at its own append.
            var drafts = Enumerable.Range(0, batch).Select(k => EventDraft.Public("bench.fanout", new BenchEvent(step, Stopwatch.GetTimestamp(), first + k, padding)));
            await database.InTransactionAsync(tx => EventOutbox.AppendAsync(tx, drafts, DateTimeOffset.UtcNow), cancellationToken);
            signal.Notify();
            appended += batch;
        }
        return (appended, Stopwatch.GetElapsedTime(started));
    }

    private StepResult Measure(IReadOnlyList<Spectator> spectators, int step, int rate, long appended, TimeSpan elapsed)
    {
        var merged = new LatencyHistogram();
        foreach (var s in spectators) merged.Add(s.Steps[step]);
        var closed = spectators.Count(s => s.Gone);
        var undelivered = appended * spectators.Count - merged.Count;
        var p99 = merged.PercentileMs(0.99);
        var degraded = undelivered > 0 || closed > 0 || !(p99 <= settings.P99LimitMs);
        return new StepResult(rate, appended / elapsed.TotalSeconds, merged.Count / elapsed.TotalSeconds, merged.PercentileMs(0.50), p99, merged.MaxMs,
            undelivered, spectators.Sum(s => s.OutOfOrder), closed, degraded);
    }

    private static async Task WaitAsync(Func<bool> condition, TimeSpan limit)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        while (!condition() && Stopwatch.GetTimestamp() < deadline) await Task.Delay(20);
    }
}
