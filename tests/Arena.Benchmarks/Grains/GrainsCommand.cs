using System.CommandLine;

namespace Arena.Benchmarks.Grains;

/// <summary>The <c>grains</c> subcommand: calls/s and latency to user grains on one silo and across two.</summary>
public static class GrainsCommand
{
    public static Command Create()
    {
        var users = new Option<int>("--users") { Description = "User grains to call.", DefaultValueFactory = _ => 1000 };
        var seconds = new Option<double>("--seconds") { Description = "How long each workload is measured.", DefaultValueFactory = _ => 10 };
        var concurrency = new Option<int>("--concurrency") { Description = "Callers at once.", DefaultValueFactory = _ => 64 };
        var postgres = new Option<string?>("--postgres") { Description = "PostgreSQL connection string (default: a throwaway cluster started for the run)." };
        var command = new Command("grains", "Calls/s and p50/p99 latency to N user grains (a read and a write), on one silo and across two silos of one cluster.")
        {
            users, seconds, concurrency, postgres,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new GrainsSettings(parse.GetValue(users), TimeSpan.FromSeconds(parse.GetValue(seconds)), parse.GetValue(concurrency), parse.GetValue(postgres));
            var rows = await new GrainsBenchmark(settings, Console.Out).RunAsync(cancellationToken);
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{settings.Users} user grains, {settings.Concurrency} callers, {settings.Measure.TotalSeconds:F0} s per workload, {Environment.ProcessorCount} cores."));
            Console.WriteLine();
            Console.WriteLine("| silos | workload | calls | calls/s | p50 ms | p99 ms | max ms | errors |");
            Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|");
            foreach (var r in rows)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {r.Silos} | {r.Workload} | {r.Calls} | {r.CallsPerSecond:F0} | {r.P50Ms:F2} | {r.P99Ms:F2} | {r.MaxMs:F1} | {r.Errors} |"));
            return 0;
        });
        return command;
    }
}
