using System.CommandLine;
using System.Diagnostics;
using Arena.Grains.Auth;
using Arena.Grains.Legacy;

namespace Arena.Silo;

/// <summary>
/// The silo's command line. Any <c>--Section:Key=value</c> tokens a command does not know are passed
/// on as configuration, so every command reads the same settings as <c>serve</c>.
/// </summary>
public static class SiloCommands
{
    /// <param name="output">Where commands report (default: the console); tests pass their own writers.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        var root = new RootCommand("Arena silo: the AI trading arena backend. Without a command it serves (same as `serve`).")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        root.SetAction((parse, ct) => ServeAsync(parse.UnmatchedTokens, ct));

        var serve = new Command("serve", "Apply pending migrations and serve HTTP/WebSocket until stopped (Ctrl+C).") { TreatUnmatchedTokensAsErrors = false };
        serve.SetAction((parse, ct) => ServeAsync(parse.UnmatchedTokens, ct));
        root.Add(serve);

        var migrate = new Command("migrate", "Apply pending database migrations and exit.") { TreatUnmatchedTokensAsErrors = false };
        migrate.SetAction((parse, ct) => MigrateAsync(parse.UnmatchedTokens, Io(parse), ct));
        root.Add(migrate);

        var users = new Command("users", "Manage user accounts.");
        var email = new Option<string>("--email") { Description = "Email of the admin account.", Required = true };
        var password = new Option<string?>("--password") { Description = "Password (default: the ARENA_ADMIN_PASSWORD environment variable)." };
        var username = new Option<string?>("--username") { Description = "Username (default: derived from the email)." };
        var createAdmin = new Command("create-admin", "Create an admin account, or make an existing account admin.") { email, password, username };
        createAdmin.TreatUnmatchedTokensAsErrors = false;
        createAdmin.SetAction((parse, ct) => CreateAdminAsync(parse.GetValue(email)!, parse.GetValue(password), parse.GetValue(username), parse.UnmatchedTokens, Io(parse), ct));
        users.Add(createAdmin);
        root.Add(users);

        var file = new Argument<string>("file") { Description = "The legacy arena_state JSON file (the `state` column of the old arena_state table)." };
        var provider = new Option<string?>("--provider") { Description = "Assign every imported bot to this existing ai_providers row instead of creating inactive legacy-<provider> rows." };
        var activate = new Option<bool>("--activate") { Description = "Create the bots active (by default they are inactive: their legacy providers have no credentials here)." };
        var importState = new Command("import-state", "Import a legacy arena_state blob into bots, trades, positions and decisions (one transaction; re-running adds nothing).")
        {
            file, provider, activate,
        };
        importState.TreatUnmatchedTokensAsErrors = false;
        importState.SetAction((parse, ct) => ImportStateAsync(parse.GetValue(file)!, new ImportOptions(parse.GetValue(provider), parse.GetValue(activate)),
            parse.UnmatchedTokens, Io(parse), ct));
        root.Add(importState);

        var configuration = new InvocationConfiguration { Output = output ?? Console.Out, Error = error ?? Console.Error };
        return await root.Parse(args).InvokeAsync(configuration);
    }

    private sealed record CommandIo(TextWriter Out, TextWriter Error);

    private static CommandIo Io(ParseResult parse) => new(parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);

    private static async Task<int> ServeAsync(IReadOnlyList<string> hostArgs, CancellationToken cancellationToken)
    {
        await using var app = SiloApplication.Build(hostArgs.ToArray());
        await app.RunAsync();
        return 0;
    }

    private static async Task<int> MigrateAsync(IReadOnlyList<string> hostArgs, CommandIo io, CancellationToken cancellationToken)
    {
        await using var app = SiloApplication.Build(hostArgs.ToArray());
        var runner = app.Services.GetRequiredService<MigrationRunner>();
        var database = app.Services.GetRequiredService<Database>();
        try
        {
            var applied = await runner.ApplyAsync(cancellationToken);
            var status = await runner.GetStatusAsync(cancellationToken);
            io.Out.WriteLine($"{database.DisplayName}: applied {applied.Count} migration(s){(applied.Count > 0 ? ": " + string.Join(", ", applied) : "")}; {status.Applied.Count} in total, schema current.");
            return 0;
        }
        catch (MigrationChecksumException ex)
        {
            io.Error.WriteLine(ex.Message);
            return 2;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> against the silo's services (not serving) after applying pending
    /// migrations, as every one-shot command that writes must; a changed applied migration exits 2.
    /// </summary>
    private static async Task<int> OnMigratedSiloAsync(IReadOnlyList<string> hostArgs, CommandIo io, CancellationToken cancellationToken, Func<IServiceProvider, Task<int>> work)
    {
        await using var app = SiloApplication.Build(hostArgs.ToArray());
        try
        {
            await app.Services.GetRequiredService<MigrationRunner>().ApplyAsync(cancellationToken);
        }
        catch (MigrationChecksumException ex)
        {
            io.Error.WriteLine(ex.Message);
            return 2;
        }
        return await work(app.Services);
    }

    private static async Task<int> CreateAdminAsync(string email, string? password, string? username, IReadOnlyList<string> hostArgs, CommandIo io, CancellationToken cancellationToken)
    {
        password ??= Environment.GetEnvironmentVariable("ARENA_ADMIN_PASSWORD");
        if (string.IsNullOrEmpty(password))
        {
            io.Error.WriteLine("A password is required: pass --password or set ARENA_ADMIN_PASSWORD.");
            return 2;
        }
        return await OnMigratedSiloAsync(hostArgs, io, cancellationToken, async services =>
        {
            var result = await services.GetRequiredService<AccountService>().EnsureAdminAsync(email, password, username, cancellationToken);
            if (!result.IsOk)
            {
                var rejection = result.Rejection!;
                io.Error.WriteLine($"{rejection.Title} {rejection.Detail} {string.Join(" ", rejection.Errors?.SelectMany(e => e.Value) ?? [])}".Trim());
                return 1;
            }
            io.Out.WriteLine($"Admin ready: {result.Value!.Username} <{result.Value.Email}> ({result.Value.Id})");
            return 0;
        });
    }

    /// <summary>
    /// Validates the whole file before the database is opened (a bad file changes nothing, not even the
    /// schema), then migrates and writes the plan in one transaction. Exit codes: 0 imported, 2 refused.
    /// </summary>
    private static async Task<int> ImportStateAsync(string file, ImportOptions options, IReadOnlyList<string> hostArgs, CommandIo io, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        // Configuration tokens are not options, so one placed before the file would be taken for it.
        if (file.StartsWith("--", StringComparison.Ordinal))
        {
            io.Error.WriteLine($"import-state: the file comes first: import-state <file> [--provider <id>] [--activate] [--Section:Key=value ...] (got '{file}').");
            return 2;
        }
        var read = await LegacyStateReader.ReadFileAsync(file, cancellationToken);
        if (!read.IsValid) return Refuse(io, $"{file} is not an importable arena_state blob", read.Errors);

        return await OnMigratedSiloAsync(hostArgs, io, cancellationToken, async services =>
        {
            var plan = LegacyImportPlanner.Plan(read.State!, options, services.GetRequiredService<TimeProvider>().Now());
            var outcome = await services.GetRequiredService<LegacyImportWriter>().ApplyAsync(plan, cancellationToken);
            if (!outcome.Succeeded) return Refuse(io, $"{file} was not imported", outcome.Errors);
            var database = services.GetRequiredService<Database>().DisplayName;
            io.Out.WriteLine($"import-state: {file} -> {database} in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.00} s (one transaction)");
            foreach (var line in outcome.Summary!.Lines()) io.Out.WriteLine(line);
            return 0;
        });
    }

    private static int Refuse(CommandIo io, string headline, IReadOnlyList<LegacyError> errors)
    {
        io.Error.WriteLine($"import-state: {headline}; nothing was written.");
        foreach (var e in errors) io.Error.WriteLine($"  {e}");
        if (errors.Count >= LegacyStateReader.MaxErrors) io.Error.WriteLine($"  (stopped after {LegacyStateReader.MaxErrors} errors)");
        return 2;
    }
}
