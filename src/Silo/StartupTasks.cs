using Arena.Grains.Auth;
using Arena.Grains.Bots;
using Arena.Grains.Market;

namespace Arena.Silo;

/// <summary>
/// Runs before the silo listens (hosted services start before Kestrel): applies pending migrations
/// (under the runner's lock), seeds the demo arena on an empty database (<c>Arena:Seed:Demo</c>), and
/// creates or promotes the first admin from ARENA_ADMIN_EMAIL / ARENA_ADMIN_PASSWORD. A changed applied
/// migration stops the start here with a clear error.
/// </summary>
public sealed partial class StartupTasks(
    MigrationRunner migrations,
    Database database,
    AccountService accounts,
    IConfiguration configuration,
    IOptions<DatabaseOptions> options,
    IOptions<SeedOptions> seed,
    DemoArena demo,
    TimeProvider clock,
    ILogger<StartupTasks> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        LogDatabase(database.DisplayName);
        if (options.Value.MigrateOnStart) await migrations.ApplyAsync(cancellationToken);
        else if (!(await migrations.GetStatusAsync(cancellationToken)).IsCurrent) LogPending();

        // A first start on an empty database gets the demo arena (bots, providers, leverage policies and the
        // simulated symbols, in one transaction), so `dotnet run` shows bots trading within a minute.
        if (seed.Value.Demo && options.Value.MigrateOnStart)
            await demo.SeedIfEmptyAsync(tx => MarketStore.SeedSymbolsIfEmptyAsync(tx, MarketSeed.DemoSymbols(), clock.Now()), cancellationToken);

        var email = configuration["ARENA_ADMIN_EMAIL"];
        var password = configuration["ARENA_ADMIN_PASSWORD"];
        if (!string.IsNullOrWhiteSpace(email) && !string.IsNullOrEmpty(password))
        {
            var result = await accounts.EnsureAdminAsync(email, password, configuration["ARENA_ADMIN_USERNAME"], cancellationToken);
            if (result.IsOk) LogAdmin(result.Value!.Id);
            else LogAdminFailed(result.Rejection!.Detail ?? result.Rejection.Title, string.Join("; ", result.Rejection.Errors?.SelectMany(e => e.Value) ?? []));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Database: {Database}")]
    private partial void LogDatabase(string database);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Migrations are pending and Arena:Database:MigrateOnStart is false; /health/ready reports unhealthy until `migrate` runs")]
    private partial void LogPending();

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin account {UserId} is ready (from ARENA_ADMIN_EMAIL)")]
    private partial void LogAdmin(Guid userId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not create the admin from ARENA_ADMIN_EMAIL: {Reason} {Errors}")]
    private partial void LogAdminFailed(string reason, string errors);
}
