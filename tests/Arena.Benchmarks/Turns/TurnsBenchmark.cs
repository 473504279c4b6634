using System.Diagnostics.Metrics;
using Arena.Grains.Bots;

namespace Arena.Benchmarks.Turns;

public sealed record TurnsSettings(int Bots, TimeSpan Warmup, TimeSpan Measure, TimeSpan TurnInterval, int Concurrency, string? Postgres, bool Sqlite);

public sealed record TurnsReport(
    string Database,
    int Bots,
    double DemandPerSecond,
    double TurnsPerSecond,
    double FailedPerSecond,
    double FillsPerSecond,
    double TurnP50Ms,
    double TurnP99Ms,
    double TurnMaxMs,
    double CpuPercent,
    long ApiRequests,
    double ApiP50Ms,
    double ApiP99Ms,
    long RowsBefore,
    long RowsAfter);

/// <summary>
/// Bot turns per second on one silo: N rule-based bots whose turns are due far more often than the silo can run them
/// (every <see cref="TurnsSettings.TurnInterval"/>), so what it commits per second is its sustained capacity. Turn wall
/// times come from the engine's own meter; meanwhile one client reads the API at 100 requests/s, to show turns never block it.
/// </summary>
public sealed class TurnsBenchmark(TurnsSettings settings, TextWriter log)
{
    private readonly Lock gate = new();
    private readonly LatencyHistogram turnTimes = new();
    private long turnsOk;
    private long turnsFailed;
    private long fills;
    private bool measuring;

    public async Task<TurnsReport> RunAsync(CancellationToken cancellationToken)
    {
        var database = settings.Sqlite ? DatabaseTarget.NewSqlite()
            : settings.Postgres is { } connection ? new DatabaseTarget(Dialect.Postgres, connection)
            : await DatabaseTarget.CreateAsync(Dialect.Postgres);
        await using var server = await ArenaServer.StartAsync(database, new Dictionary<string, string?>
        {
            ["Arena:Bots:TurnInterval"] = settings.TurnInterval.ToString("c", CultureInfo.InvariantCulture),
            ["Arena:Bots:MaxConcurrentTurns"] = settings.Concurrency.ToString(CultureInfo.InvariantCulture),
            ["Arena:Bots:KeeperInterval"] = "00:00:01",
            ["Arena:Market:SymbolRefreshInterval"] = "00:00:01",
            ["Arena:Leaderboard:PublishInterval"] = "00:00:05",
        });
        log.WriteLine($"silo on {server.BaseAddress} ({database.Provider}); creating {settings.Bots} bots");
        var botIds = await RuleBots.CreateAsync(server, settings.Bots, cancellationToken);

        using var listener = Listen();
        await Task.Delay(settings.Warmup, cancellationToken);
        var rowsBefore = await CountDecisionsAsync(server);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var api = new LatencyHistogram();
        using var stopApi = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var apiLoop = ReadApiAsync(server, botIds, api, stopApi.Token);
        var started = Stopwatch.GetTimestamp();
        lock (gate) measuring = true;
        await Task.Delay(settings.Measure, cancellationToken);
        lock (gate) measuring = false;
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        await stopApi.CancelAsync();
        var apiRequests = await apiLoop;
        var rowsAfter = await CountDecisionsAsync(server);

        lock (gate)
            return new TurnsReport(database.Provider, settings.Bots, settings.Bots / settings.TurnInterval.TotalSeconds, turnsOk / seconds,
                turnsFailed / seconds, fills / seconds, turnTimes.PercentileMs(0.5), turnTimes.PercentileMs(0.99), turnTimes.MaxMs,
                cpu / seconds / Environment.ProcessorCount * 100, apiRequests, api.PercentileMs(0.5), api.PercentileMs(0.99), rowsBefore, rowsAfter);
    }

    private MeterListener Listen()
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) => { if (instrument.Meter.Name == EngineMetrics.MeterName) l.EnableMeasurementEvents(instrument); },
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            if (instrument.Name != "arena.turn.duration") return;
            lock (gate) if (measuring) turnTimes.Record((long)(value * Stopwatch.Frequency / 1000));
        });
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            lock (gate)
            {
                if (!measuring) return;
                if (instrument.Name == "arena.fills") fills += value;
                else if (instrument.Name == "arena.turns")
                {
                    var failed = false;
                    foreach (var tag in tags) failed |= tag.Key == "outcome" && (string?)tag.Value == "failed";
                    if (failed) turnsFailed += value; else turnsOk += value;
                }
            }
        });
        listener.Start();
        return listener;
    }

    /// <summary>
    /// One client reading a bot's trades and the health endpoint at a steady 100 requests per second for the whole
    /// measurement. Paced, not back to back: a client that takes all the CPU it is given would measure how the scheduler
    /// shares two cores between it and the turns, not the silo's turn capacity.
    /// </summary>
    private static async Task<long> ReadApiAsync(ArenaServer server, IReadOnlyList<string> bots, LatencyHistogram latencies, CancellationToken stop)
    {
        const double RequestsPerSecond = 100;
        using var client = server.CreateClient();
        long requests = 0;
        var begun = Stopwatch.GetTimestamp();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var due = TimeSpan.FromSeconds(requests / RequestsPerSecond) - Stopwatch.GetElapsedTime(begun);
                if (due > TimeSpan.Zero) await Task.Delay(due, stop);
                var path = requests % 2 == 0 ? $"/api/bots/{bots[(int)(requests / 2 % bots.Count)]}/trades?limit=20" : "/health/live";
                var started = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(path, stop);
                response.EnsureSuccessStatusCode();
                latencies.Record(Stopwatch.GetTimestamp() - started);
                requests++;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        return requests;
    }

    private static async Task<long> CountDecisionsAsync(ArenaServer server)
    {
        await using var connection = await server.GetService<Arena.Grains.Persistence.Database>().OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM bot_decisions";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
