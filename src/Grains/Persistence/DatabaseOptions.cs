namespace Arena.Grains.Persistence;

public enum SqlDialect { Sqlite, Postgres }

/// <summary>Configuration section <c>Arena:Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Arena:Database";

    /// <summary><c>sqlite</c> (default, one silo, zero setup) or <c>postgres</c> (many silos).</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>Defaults to <c>Data Source=./data/arena.db</c> for SQLite; required for PostgreSQL.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations when the silo starts (the <c>migrate</c> command always does).</summary>
    public bool MigrateOnStart { get; set; } = true;

    public SqlDialect Dialect => Provider.Trim().ToLowerInvariant() switch
    {
        "sqlite" => SqlDialect.Sqlite,
        "postgres" or "postgresql" or "npgsql" => SqlDialect.Postgres,
        _ => throw new InvalidOperationException($"Arena:Database:Provider must be 'sqlite' or 'postgres', not '{Provider}'."),
    };
}
