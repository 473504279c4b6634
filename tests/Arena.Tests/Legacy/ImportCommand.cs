using Arena.Grains.Persistence;
using Arena.Silo;
using Microsoft.Extensions.Logging.Abstractions;

namespace Arena.Tests.Legacy;

/// <summary>Runs the silo's <c>import-state</c> command in-process against a test database.</summary>
public static class ImportCommand
{
    public sealed record Run(int ExitCode, string Output, string Error);

    public static async Task<Run> ImportAsync(DatabaseTarget target, string file, params string[] options)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        string[] args =
        [
            "import-state", file, .. options,
            $"--Arena:Database:Provider={target.Provider}", $"--Arena:Database:ConnectionString={target.ConnectionString}",
            "--Serilog:MinimumLevel:Default=Warning",
        ];
        var code = await SiloCommands.RunAsync(args, output, error);
        return new Run(code, output.ToString(), error.ToString());
    }

    /// <summary>A fresh database with the schema and nothing else.</summary>
    public static async Task<DatabaseTarget> MigratedAsync(Dialect dialect)
    {
        var target = await DatabaseTarget.CreateAsync(dialect);
        await using var database = target.Open();
        await new MigrationRunner(database, NullLogger<MigrationRunner>.Instance).ApplyAsync();
        return target;
    }

    /// <summary>A JSON file in a fresh temporary folder.</summary>
    public static string WriteTemp(string json, string name = "arena_state.json")
    {
        var directory = Path.Combine(Path.GetTempPath(), "arena-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, json);
        return path;
    }
}
