using System.CommandLine;

namespace Arena.Benchmarks.Http;

/// <summary>The <c>http</c> subcommand: API requests per second and latency per route while rule bots trade on PostgreSQL.</summary>
public static class HttpCommand
{
    public static Command Create()
    {
        var bots = new Option<int>("--bots") { Description = "Rule-based bots trading meanwhile.", DefaultValueFactory = _ => 100 };
        var connections = new Option<int>("--connections") { Description = "Connections, each a signed-in user sending back to back.", DefaultValueFactory = _ => 64 };
        var warmup = new Option<double>("--warmup-seconds") { Description = "Trading before the first route; each route then warms up for half of it.", DefaultValueFactory = _ => 10 };
        var seconds = new Option<double>("--seconds") { Description = "Measured time per route.", DefaultValueFactory = _ => 20 };
        var interval = new Option<double>("--turn-interval-ms") { Description = "Each bot's turn interval.", DefaultValueFactory = _ => 1000 };
        var postgres = new Option<string?>("--postgres") { Description = "PostgreSQL connection string (default: a throwaway cluster started for the run)." };
        var command = new Command("http", "API requests per second and p50/p99 per route with C connections while N rules bots trade on PostgreSQL.")
        {
            bots, connections, warmup, seconds, interval, postgres,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new HttpSettings(parse.GetValue(bots), parse.GetValue(connections), TimeSpan.FromSeconds(parse.GetValue(warmup)),
                TimeSpan.FromSeconds(parse.GetValue(seconds)), TimeSpan.FromMilliseconds(parse.GetValue(interval)), parse.GetValue(postgres));
            var rows = await new HttpBenchmark(settings, Console.Out).RunAsync(cancellationToken);
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{settings.Bots} bots trading (turn every {settings.TurnInterval.TotalMilliseconds:F0} ms), "
                + $"{settings.Connections} connections, {settings.Measure.TotalSeconds:F0} s per route, {Environment.ProcessorCount} cores."));
            Console.WriteLine();
            Console.WriteLine("| route | requests | req/s | p50 ms | p99 ms | max ms | errors |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (var r in rows)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {r.Route} | {r.Requests} | {r.RequestsPerSecond:F0} | {r.P50Ms:F2} | {r.P99Ms:F2} | {r.MaxMs:F1} | {r.Errors} |"));
            return 0;
        });
        return command;
    }
}
