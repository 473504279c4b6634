namespace Arena.Tests.Infrastructure;

public enum Dialect { Sqlite, Postgres }

/// <summary>A fresh, empty database of one dialect.</summary>
public sealed record DatabaseTarget(Dialect Dialect, string ConnectionString)
{
    public string Provider => Dialect == Dialect.Postgres ? "postgres" : "sqlite";

    public static async Task<DatabaseTarget> CreateAsync(Dialect dialect) => dialect switch
    {
        Dialect.Postgres => new DatabaseTarget(dialect, await (await PostgresCluster.Instance).CreateDatabaseAsync()),
        _ => NewSqlite(),
    };

    public static DatabaseTarget NewSqlite()
    {
        var directory = Path.Combine(Path.GetTempPath(), "arena-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return new DatabaseTarget(Dialect.Sqlite, $"Data Source={Path.Combine(directory, "arena.db")}");
    }

    public Arena.Grains.Persistence.Database Open() => new(Microsoft.Extensions.Options.Options.Create(
        new Arena.Grains.Persistence.DatabaseOptions { Provider = Provider, ConnectionString = ConnectionString }));
}
