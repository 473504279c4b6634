using System.CommandLine;
using Arena.Grains.Auth;

namespace Arena.Silo;

/// <summary>
/// The silo's command line. Any <c>--Section:Key=value</c> tokens a command does not know are passed
/// on as configuration, so every command reads the same settings as <c>serve</c>.
/// </summary>
public static class SiloCommands
{
    public static async Task<int> RunAsync(string[] args)
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
        migrate.SetAction((parse, ct) => MigrateAsync(parse.UnmatchedTokens, ct));
        root.Add(migrate);

        var users = new Command("users", "Manage user accounts.");
        var email = new Option<string>("--email") { Description = "Email of the admin account.", Required = true };
        var password = new Option<string?>("--password") { Description = "Password (default: the ARENA_ADMIN_PASSWORD environment variable)." };
        var username = new Option<string?>("--username") { Description = "Username (default: derived from the email)." };
        var createAdmin = new Command("create-admin", "Create an admin account, or make an existing account admin.") { email, password, username };
        createAdmin.TreatUnmatchedTokensAsErrors = false;
        createAdmin.SetAction((parse, ct) => CreateAdminAsync(parse.GetValue(email)!, parse.GetValue(password), parse.GetValue(username), parse.UnmatchedTokens, ct));
        users.Add(createAdmin);
        root.Add(users);

        return await root.Parse(args).InvokeAsync();
    }

    private static async Task<int> ServeAsync(IReadOnlyList<string> hostArgs, CancellationToken cancellationToken)
    {
        await using var app = SiloApplication.Build(hostArgs.ToArray());
        await app.RunAsync();
        return 0;
    }

    private static async Task<int> MigrateAsync(IReadOnlyList<string> hostArgs, CancellationToken cancellationToken)
    {
        await using var app = SiloApplication.Build(hostArgs.ToArray());
        var runner = app.Services.GetRequiredService<MigrationRunner>();
        var database = app.Services.GetRequiredService<Database>();
        try
        {
            var applied = await runner.ApplyAsync(cancellationToken);
            var status = await runner.GetStatusAsync(cancellationToken);
            Console.WriteLine($"{database.DisplayName}: applied {applied.Count} migration(s){(applied.Count > 0 ? ": " + string.Join(", ", applied) : "")}; {status.Applied.Count} in total, schema current.");
            return 0;
        }
        catch (MigrationChecksumException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 2;
        }
    }

    private static async Task<int> CreateAdminAsync(string email, string? password, string? username, IReadOnlyList<string> hostArgs, CancellationToken cancellationToken)
    {
        password ??= Environment.GetEnvironmentVariable("ARENA_ADMIN_PASSWORD");
        if (string.IsNullOrEmpty(password))
        {
            Console.Error.WriteLine("A password is required: pass --password or set ARENA_ADMIN_PASSWORD.");
            return 2;
        }
        await using var app = SiloApplication.Build(hostArgs.ToArray());
        await app.Services.GetRequiredService<MigrationRunner>().ApplyAsync(cancellationToken);
        var runtime = app.Services.GetRequiredService<GrainRuntime>();
        await runtime.StartAsync(cancellationToken);
        var result = await app.Services.GetRequiredService<AccountService>().EnsureAdminAsync(email, password, username, cancellationToken);
        await runtime.StopAsync(cancellationToken);
        if (!result.IsOk)
        {
            var rejection = result.Rejection!;
            Console.Error.WriteLine($"{rejection.Title} {rejection.Detail} {string.Join(" ", rejection.Errors?.SelectMany(e => e.Value) ?? [])}".Trim());
            return 1;
        }
        Console.WriteLine($"Admin ready: {result.Value!.Username} <{result.Value.Email}> ({result.Value.Id})");
        return 0;
    }
}
