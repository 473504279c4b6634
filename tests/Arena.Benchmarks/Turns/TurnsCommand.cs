using System.CommandLine;

namespace Arena.Benchmarks.Turns;

/// <summary>The <c>turns</c> subcommand: bot turns per second one silo sustains on the rules provider.</summary>
public static class TurnsCommand
{
    public static Command Create()
    {
        var bots = new Option<int>("--bots") { Description = "Rule-based bots (the four strategies in turn).", DefaultValueFactory = _ => 100 };
        var warmup = new Option<double>("--warmup-seconds") { Description = "Trading before the measurement starts.", DefaultValueFactory = _ => 10 };
        var seconds = new Option<double>("--seconds") { Description = "How long turns are counted.", DefaultValueFactory = _ => 30 };
        var interval = new Option<double>("--turn-interval-ms") { Description = "Each bot's turn interval: far below what the silo can serve, so it runs flat out.", DefaultValueFactory = _ => 50 };
        var concurrency = new Option<int>("--concurrency") { Description = "Arena:Bots:MaxConcurrentTurns.", DefaultValueFactory = _ => 16 };
        var postgres = new Option<string?>("--postgres") { Description = "PostgreSQL connection string (default: a throwaway cluster started for the run)." };
        var sqlite = new Option<bool>("--sqlite") { Description = "Use a temporary SQLite file instead of PostgreSQL." };
        var command = new Command("turns", "Bot turns per second: N rules bots on one silo, turns due faster than it can run them; committed turns/s, turn latency, API latency meanwhile.")
        {
            bots, warmup, seconds, interval, concurrency, postgres, sqlite,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new TurnsSettings(parse.GetValue(bots), TimeSpan.FromSeconds(parse.GetValue(warmup)), TimeSpan.FromSeconds(parse.GetValue(seconds)),
                TimeSpan.FromMilliseconds(parse.GetValue(interval)), parse.GetValue(concurrency), parse.GetValue(postgres), parse.GetValue(sqlite));
            var report = await new TurnsBenchmark(settings, Console.Out).RunAsync(cancellationToken);
            Print(report, settings);
            return 0;
        });
        return command;
    }

    private static void Print(TurnsReport r, TurnsSettings s)
    {
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Bots} bots on {r.Database}, turns due every {s.TurnInterval.TotalMilliseconds:F0} ms (demand {r.DemandPerSecond:F0} turns/s), "
            + $"{s.Concurrency} turns in flight at most, {s.Measure.TotalSeconds:F0} s measured after {s.Warmup.TotalSeconds:F0} s warm-up, {Environment.ProcessorCount} cores."));
        Console.WriteLine();
        Console.WriteLine("| turns/s committed | failed turns/s | fills/s | turn p50 ms | turn p99 ms | turn max ms | silo CPU % | API requests | API p50 ms | API p99 ms |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {r.TurnsPerSecond:F1} | {r.FailedPerSecond:F1} | {r.FillsPerSecond:F1} | {r.TurnP50Ms:F1} | {r.TurnP99Ms:F1} | {r.TurnMaxMs:F1} | {r.CpuPercent:F0} | {r.ApiRequests} | {r.ApiP50Ms:F2} | {r.ApiP99Ms:F2} |"));
        Console.WriteLine();
        Console.WriteLine($"Decision rows: {r.RowsBefore} before the measurement, {r.RowsAfter} after ({r.RowsAfter - r.RowsBefore} written while measuring).");
    }
}
