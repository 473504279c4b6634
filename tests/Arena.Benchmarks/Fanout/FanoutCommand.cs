using System.CommandLine;

namespace Arena.Benchmarks.Fanout;

/// <summary>The <c>fanout</c> subcommand: its options, and the report it prints.</summary>
public static class FanoutCommand
{
    public static Command Create()
    {
        var spectators = new Option<int>("--spectators") { Description = "WebSocket clients on /ws/arena.", DefaultValueFactory = _ => 1000 };
        var startRate = new Option<int>("--start-rate") { Description = "Events per second in the first step; each next step doubles it.", DefaultValueFactory = _ => 25 };
        var maxRate = new Option<int>("--max-rate") { Description = "The ramp stops after this rate.", DefaultValueFactory = _ => 3200 };
        var stepSeconds = new Option<double>("--step-seconds") { Description = "How long each rate is held.", DefaultValueFactory = _ => 4 };
        var payload = new Option<int>("--payload-bytes") { Description = "Padding in each event's payload.", DefaultValueFactory = _ => 256 };
        var p99Limit = new Option<double>("--p99-limit-ms") { Description = "A step whose p99 delivery latency exceeds this has degraded.", DefaultValueFactory = _ => 250 };
        var postgres = new Option<string?>("--postgres") { Description = "Run the silo against this PostgreSQL database (connection string) instead of a temporary SQLite file." };
        var command = new Command("fanout", "Event fan-out: N spectators on one silo; append events at a doubling rate and measure append-to-receipt latency.")
        {
            spectators, startRate, maxRate, stepSeconds, payload, p99Limit, postgres,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new FanoutSettings(parse.GetValue(spectators), parse.GetValue(startRate), parse.GetValue(maxRate),
                TimeSpan.FromSeconds(parse.GetValue(stepSeconds)), parse.GetValue(payload), parse.GetValue(p99Limit), parse.GetValue(postgres));
            var report = await new FanoutBenchmark(settings, Console.Out).RunAsync(cancellationToken);
            Print(report, settings, Console.Out);
            return 0;
        });
        return command;
    }

    private static void Print(FanoutReport report, FanoutSettings settings, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"{report.Connected} of {settings.Spectators} spectators connected in {report.ConnectSeconds:F1} s ({report.Database}); "
                         + $"{Environment.ProcessorCount} cores; peak working set {report.PeakWorkingSetMb} MB (silo and clients together).");
        output.WriteLine();
        output.WriteLine("| target events/s | appended events/s | deliveries/s | p50 ms | p99 ms | max ms | undelivered | out of order | closed | verdict |");
        output.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var s in report.Steps)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {s.TargetRate} | {s.AppendedRate:F0} | {s.DeliveryRate:F0} | {s.P50Ms:F1} | {s.P99Ms:F1} | {s.MaxMs:F1} | {s.Undelivered} | {s.OutOfOrder} | {s.Closed} | {(s.Degraded ? "degraded" : "ok")} |"));
        output.WriteLine();
        output.WriteLine(report.MaxSustained is { } best
            ? string.Create(CultureInfo.InvariantCulture, $"Maximum sustained: {best.AppendedRate:F0} events/s to {report.Connected} spectators ({best.DeliveryRate:F0} deliveries/s) with p99 {best.P99Ms:F1} ms <= {settings.P99LimitMs} ms.")
            : "No step stayed within the limits.");
        output.WriteLine($"Frames serialized: {report.FramesSerialized} for {report.EventsAppended} events appended (one per event, whatever the number of clients).");
    }
}
