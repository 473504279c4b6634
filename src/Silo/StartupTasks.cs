using Arena.Grains.Auth;
using Arena.Grains.Bots;
using Arena.Grains.Market;

namespace Arena.Silo;

/// <summary>
/// Runs before the Orleans silo starts and before Kestrel listens (hosted services start in registration order):
/// applies pending migrations (under the runner's lock), or waits until `migrate` has applied them, seeds the demo
/// arena on an empty database (<c>Arena:Seed:Demo</c>), and creates or promotes the first admin from
/// ARENA_ADMIN_EMAIL / ARENA_ADMIN_PASSWORD. A changed applied migration stops the start here with a clear error.
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
    private static readonly TimeSpan MigrationPoll = TimeSpan.FromMilliseconds(500);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        LogDatabase(database.DisplayName);
        if (options.Value.MigrateOnStart) await migrations.ApplyAsync(cancellationToken);
        else await WaitForMigrationsAsync(cancellationToken);

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

    /// <summary>
    /// Without MigrateOnStart the schema is someone else's job (`migrate`, run by the deploy). The silo cannot join its
    /// cluster (PostgreSQL's membership tables are migrations) nor serve before the schema is current, so it waits for it;
    /// an applied migration that was edited never becomes current and stops the start at once.
    /// </summary>
    private async Task WaitForMigrationsAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var status = await migrations.GetStatusAsync(cancellationToken);
            if (status.Changed.Count > 0) throw new MigrationChecksumException(status.Changed);
            if (status.IsCurrent) return;
            if (attempt % 12 == 0) LogPending(string.Join(", ", status.Pending));
            await Task.Delay(MigrationPoll, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database: {Database}")]
    private partial void LogDatabase(string database);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Migrations {Pending} are pending and Arena:Database:MigrateOnStart is false; waiting for `migrate` before joining the cluster")]
    private partial void LogPending(string pending);

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin account {UserId} is ready (from ARENA_ADMIN_EMAIL)")]
    private partial void LogAdmin(Guid userId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not create the admin from ARENA_ADMIN_EMAIL: {Reason} {Errors}")]
    private partial void LogAdminFailed(string reason, string errors);
}
