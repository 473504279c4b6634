using Arena.Grains.Users;

namespace Arena.Benchmarks.Grains;

public sealed record GrainsSettings(int Users, TimeSpan Measure, int Concurrency, string? Postgres);

/// <summary>One workload's figures: calls per second and latency percentiles.</summary>
public sealed record GrainsRow(string Silos, string Workload, long Calls, double CallsPerSecond, double P50Ms, double P99Ms, double MaxMs, long Errors);

/// <summary>
/// Calls per second and latency to N user grains: a read (the preferences, from the activation's memory) and a write
/// (a UI state value, one version-checked transaction per call), each with C callers at once for the measured time.
/// First on one silo, then on two silos of one cluster (same PostgreSQL) with every call made from the first silo, so
/// the grains placed on the second are reached over the silo-to-silo connection.
/// </summary>
public sealed class GrainsBenchmark(GrainsSettings settings, TextWriter log)
{
    public async Task<IReadOnlyList<GrainsRow>> RunAsync(CancellationToken cancellationToken)
    {
        var database = settings.Postgres is { } connection ? new DatabaseTarget(Dialect.Postgres, connection) : await DatabaseTarget.CreateAsync(Dialect.Postgres);
        var quiet = new Dictionary<string, string?> { ["Arena:Bots:RunEngine"] = "false" };
        var rows = new List<GrainsRow>();
        await using var first = await ArenaServer.StartAsync(database, quiet);
        var grains = first.GetService<IGrainFactory>();
        var users = new List<Guid>();
        for (var i = 0; i < settings.Users; i++)
        {
            var id = Guid.CreateVersion7();
            var created = await grains.GetGrain<IUserGrain>(id).Register(new NewAccount(null, $"bench_{i:D5}_{id.ToString("N")[..6]}", null));
            if (!created.IsOk) throw new InvalidOperationException(created.Rejection!.ToString());
            users.Add(id);
        }
        log.WriteLine($"{users.Count} users on {database.Provider}");
        rows.Add(await MeasureAsync("1", "read (GetPreferences)", grains, users, (g, _) => g.GetPreferences(), cancellationToken));
        rows.Add(await MeasureAsync("1", "write (SetUiStateValue)", grains, users, (g, n) => g.SetUiStateValue("bench", n.ToString(CultureInfo.InvariantCulture)), cancellationToken));

        await using var second = await ArenaServer.StartAsync(database, quiet);
        // Every user's activation is dropped, so the next call places it anew on either silo.
        var management = grains.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);
        var here = 0;
        foreach (var id in users) await grains.GetGrain<IUserGrain>(id).GetUser();
        foreach (var stat in await management.GetDetailedGrainStatistics([Orleans.Serialization.TypeSystem.RuntimeTypeNameFormatter.Format(typeof(UserGrain))]))
            if (stat.SiloAddress.Equals(first.GetService<ILocalSiloDetails>().SiloAddress)) here++;
        log.WriteLine($"two silos: {here} user activations on the calling silo, {users.Count - here} on the other");
        rows.Add(await MeasureAsync("2", "read (GetPreferences)", grains, users, (g, _) => g.GetPreferences(), cancellationToken));
        rows.Add(await MeasureAsync("2", "write (SetUiStateValue)", grains, users, (g, n) => g.SetUiStateValue("bench", n.ToString(CultureInfo.InvariantCulture)), cancellationToken));
        return rows;
    }

    private async Task<GrainsRow> MeasureAsync<T>(string silos, string workload, IGrainFactory grains, IReadOnlyList<Guid> users,
        Func<IUserGrain, long, Task<T>> call, CancellationToken cancellationToken)
    {
        // A short warm-up activates every grain, so activations (a load from the database) are not measured.
        await Task.WhenAll(users.Select(id => call(grains.GetGrain<IUserGrain>(id), 0)));
        var histograms = new LatencyHistogram[settings.Concurrency];
        long errors = 0;
        var until = Stopwatch.GetTimestamp() + (long)(settings.Measure.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, settings.Concurrency).Select(async worker =>
        {
            var histogram = histograms[worker] = new LatencyHistogram();
            var random = new Random(worker);
            for (long n = 1; Stopwatch.GetTimestamp() < until && !cancellationToken.IsCancellationRequested; n++)
            {
                var grain = grains.GetGrain<IUserGrain>(users[random.Next(users.Count)]);
                var begun = Stopwatch.GetTimestamp();
                try
                {
                    await call(grain, n);
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref errors);
                }
                histogram.Record(Stopwatch.GetTimestamp() - begun);
            }
        }));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var all = new LatencyHistogram();
        foreach (var h in histograms) all.Add(h);
        var row = new GrainsRow(silos, workload, all.Count, all.Count / seconds, all.PercentileMs(0.5), all.PercentileMs(0.99), all.MaxMs, errors);
        log.WriteLine($"{silos} silo(s), {workload}: {row.CallsPerSecond:F0} calls/s, p50 {row.P50Ms:F2} ms, p99 {row.P99Ms:F2} ms");
        return row;
    }
}
