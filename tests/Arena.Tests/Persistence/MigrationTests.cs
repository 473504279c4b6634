using Arena.Grains.Persistence;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;

namespace Arena.Tests.Persistence;

public abstract class MigrationTests(Dialect dialect)
{
    private static MigrationRunner Runner(Database database) => new(database, NullLogger<MigrationRunner>.Instance);

    [Fact]
    public async Task Applying_twice_applies_each_script_once_and_reports_the_schema_current()
    {
        var target = await DatabaseTarget.CreateAsync(dialect);
        await using var database = target.Open();
        var runner = Runner(database);

        var first = await runner.ApplyAsync();
        var second = await runner.ApplyAsync();

        Assert.Equal(runner.Migrations.Select(m => m.Name), first);
        Assert.Empty(second);
        var status = await runner.GetStatusAsync();
        Assert.True(status.IsCurrent);
        Assert.Equal(runner.Migrations.Count, status.Applied.Count);
    }

    [Fact]
    public async Task Both_dialects_carry_the_same_numbered_scripts()
    {
        var postgres = MigrationRunner.Load(SqlDialect.Postgres).Select(m => m.Name);
        var sqlite = MigrationRunner.Load(SqlDialect.Sqlite).Select(m => m.Name);
        Assert.Equal(postgres, sqlite);
        Assert.All(postgres, name => Assert.Matches("^[0-9]{4}_[a-z_]+$", name));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Runners_racing_on_one_database_apply_every_script_exactly_once()
    {
        var target = await DatabaseTarget.CreateAsync(dialect);
        var databases = Enumerable.Range(0, 4).Select(_ => target.Open()).ToArray();
        var results = await Task.WhenAll(databases.Select(d => Task.Run(() => Runner(d).ApplyAsync())));

        var applied = results.SelectMany(r => r).ToArray();
        Assert.Equal(applied.Distinct().Count(), applied.Length);
        Assert.Equal(Runner(databases[0]).Migrations.Count, applied.Length);
        foreach (var d in databases) await d.DisposeAsync();
    }

    [Fact]
    public async Task An_applied_script_that_changed_stops_the_silo_and_fails_readiness()
    {
        var target = await DatabaseTarget.CreateAsync(dialect);
        await using (var database = target.Open())
        {
            await Runner(database).ApplyAsync();
            await using var connection = await database.OpenAsync();
            await connection.ExecuteAsync("UPDATE schema_migrations SET checksum = 'edited' WHERE name = '0001_users'");
            var ex = await Assert.ThrowsAsync<MigrationChecksumException>(() => Runner(database).ApplyAsync());
            Assert.Contains("0001_users", ex.Message);
        }

        var start = await Assert.ThrowsAsync<MigrationChecksumException>(() => ArenaServer.StartAsync(target));
        Assert.Contains("must never be edited", start.Message);
        // Without MigrateOnStart too: an edited migration never becomes current, so waiting for `migrate` would be forever.
        var waiting = await Assert.ThrowsAsync<MigrationChecksumException>(() =>
            ArenaServer.StartAsync(target, new Dictionary<string, string?> { ["Arena:Database:MigrateOnStart"] = "false" }));
        Assert.Contains("0001_users", waiting.Message);
    }

    [Fact]
    public async Task Without_migrate_on_start_a_silo_waits_for_the_migrations_then_joins_and_serves()
    {
        var target = await DatabaseTarget.CreateAsync(dialect);
        var starting = ArenaServer.StartAsync(target, new Dictionary<string, string?> { ["Arena:Database:MigrateOnStart"] = "false" });
        // It cannot join its cluster (PostgreSQL's membership tables are migrations) nor serve: it waits.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False(starting.IsCompleted);

        await using (var database = target.Open()) await Runner(database).ApplyAsync();
        await using var server = await starting.WaitAsync(TimeSpan.FromSeconds(60));
        using var client = server.CreateClient();
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("this silo is active", await ready.Content.ReadAsStringAsync());
    }
}

public sealed class MigrationTestsOnSqlite() : MigrationTests(Dialect.Sqlite);

public sealed class MigrationTestsOnPostgres() : MigrationTests(Dialect.Postgres);
