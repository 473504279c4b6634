using System.CommandLine;

namespace Arena.Benchmarks.Auth;

/// <summary>The <c>auth</c> subcommand: <c>/health/live</c> latency while one address registers accounts as fast as it can.</summary>
public static class AuthCommand
{
    public static Command Create()
    {
        var clients = new Option<int>("--clients") { Description = "Clients registering in parallel from one address.", DefaultValueFactory = _ => 8 };
        var seconds = new Option<double>("--seconds") { Description = "Measured time of each phase.", DefaultValueFactory = _ => 10 };
        var unbounded = new Option<int>("--unbounded-slots") { Description = "Hashing slots of the comparison run (as if there were no limit).", DefaultValueFactory = _ => 64 };
        var command = new Command("auth", "/health/live p50/p99 idle and during a registration burst (registration limits raised), with the default hashing slots and with effectively none.")
        {
            clients, seconds, unbounded,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new AuthSettings(parse.GetValue(clients), TimeSpan.FromSeconds(parse.GetValue(seconds)), parse.GetValue(unbounded));
            var rows = await new AuthBenchmark(settings, Console.Out).RunAsync(cancellationToken);
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{settings.Clients} clients registering from one address, {settings.Measure.TotalSeconds:F0} s per phase, SQLite, {Environment.ProcessorCount} cores."));
            Console.WriteLine();
            Console.WriteLine("| hashing slots | phase | health probes | p50 ms | p99 ms | max ms | registrations 201 | 503 busy | other |");
            Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var r in rows)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {r.Slots} | {r.Phase} | {r.Probes} | {r.P50Ms:F2} | {r.P99Ms:F2} | {r.MaxMs:F1} | {r.Created} | {r.Busy} | {r.Other} |"));
            return 0;
        });
        return command;
    }
}
