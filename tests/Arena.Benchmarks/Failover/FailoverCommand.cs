using System.CommandLine;

namespace Arena.Benchmarks.Failover;

/// <summary>The <c>failover</c> subcommand: the failover drill of the test suite, with Orleans' default and the fast-detection settings.</summary>
public static class FailoverCommand
{
    public static Command Create()
    {
        var silos = new Option<int>("--silos") { Description = "Silo processes.", DefaultValueFactory = _ => 3 };
        var bots = new Option<int>("--bots") { Description = "Rule-based bots.", DefaultValueFactory = _ => 30 };
        var interval = new Option<double>("--turn-interval-seconds") { Description = "Each bot's turn interval.", DefaultValueFactory = _ => 2 };
        var command = new Command("failover", "Silo processes on one PostgreSQL: kill -9 one, restart it, SIGTERM another; seconds until the bots trade again, with default and fast failure detection.")
        {
            silos, bots, interval,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var rows = new List<(string Detection, FailoverReport Report)>();
            foreach (var fast in new[] { false, true })
            {
                var settings = new FailoverSettings(parse.GetValue(silos), parse.GetValue(bots), parse.GetValue(interval), fast);
                Console.WriteLine($"--- {(fast ? "fast" : "default")} failure detection");
                rows.Add((fast ? "fast" : "default", await FailoverDrill.RunAsync(settings, Console.Out, cancellationToken)));
            }
            Console.WriteLine();
            Console.WriteLine("| detection | bots per silo | killed silo's bots | resumed p50 s | resumed max s | rejoin s | per silo after rejoin | handed over | longest gap s | turns | trades | lost | turn gaps | unbalanced |");
            Console.WriteLine("|---|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var (detection, r) in rows)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {detection} | {string.Join(" / ", r.Spread)} | {r.KilledBots} | {r.ResumeP50Seconds:F1} | {r.ResumeMaxSeconds:F1} | {r.RejoinSeconds:F1} | {string.Join(" / ", r.SpreadAfterRejoin)} | {r.HandedOverBots} | {r.HandoverMaxGapSeconds:F1} | {r.Turns} | {r.Trades} | {r.TradesLost} | {r.TurnNumberGaps} | {r.BooksOutOfBalance} |"));
            return 0;
        });
        return command;
    }
}
