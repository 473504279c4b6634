using System.CommandLine;

namespace Arena.Benchmarks.Copy;

/// <summary>The <c>copy</c> subcommand: how long one silo takes to mirror one bot fill into N followers' desks.</summary>
public static class CopyCommand
{
    public static Command Create()
    {
        var followers = new Option<int>("--followers") { Description = "Users with an active copy run of the bot.", DefaultValueFactory = _ => 1000 };
        var postgres = new Option<string?>("--postgres") { Description = "PostgreSQL connection string (default: a throwaway cluster started for the run)." };
        var sqlite = new Option<bool>("--sqlite") { Description = "Use a temporary SQLite file instead of PostgreSQL." };
        var command = new Command("copy", "Time from one bot fill's commit to its mirror in the desks of N followers (one silo; target: 1,000 within 5 s).")
        {
            followers, postgres, sqlite,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new CopySettings(parse.GetValue(followers), parse.GetValue(postgres), parse.GetValue(sqlite));
            var row = await new CopyBenchmark(settings, Console.Out).RunAsync(cancellationToken);
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{settings.Followers} followers, one silo, {Environment.ProcessorCount} cores."));
            Console.WriteLine();
            Console.WriteLine("| database | followers | mirrored | skipped | first mirror ms | last mirror ms | mirrors/s |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Database} | {row.Followers} | {row.Mirrored} | {row.Skipped} | {row.FirstMs:F0} | {row.LastMs:F0} | {row.PerSecond:F0} |"));
            return row.Mirrored + row.Skipped == row.Followers ? 0 : 1;
        });
        return command;
    }
}
