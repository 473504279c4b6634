using Microsoft.AspNetCore.Builder;

namespace Arena.Tests.Infrastructure;

/// <summary>One silo on a fresh database, shared by the tests of one class (each test makes its own users).</summary>
public abstract class ArenaFixture(Dialect dialect) : IAsyncLifetime
{
    public Dialect Dialect { get; } = dialect;

    public ArenaServer Server { get; private set; } = null!;

    /// <summary>Extra configuration for this fixture's silo.</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    /// <summary>Extra services (a log capture, a stub) for this fixture's silo.</summary>
    protected virtual void Configure(WebApplicationBuilder builder)
    {
    }

    public async Task InitializeAsync() => Server = await ArenaServer.StartAsync(await DatabaseTarget.CreateAsync(Dialect), Settings, Configure);

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

public sealed class SqliteArena() : ArenaFixture(Dialect.Sqlite);

public sealed class PostgresArena() : ArenaFixture(Dialect.Postgres);
