using Microsoft.Data.Sqlite;
using Npgsql;

namespace Arena.Grains.Persistence;

/// <summary>
/// The silo's one database, in either dialect: opens pooled connections and runs units of work.
/// </summary>
public sealed class Database : IAsyncDisposable
{
    // SQLite has one writer per file. Microsoft.Data.Sqlite waits for the write lock by sleeping on the
    // calling thread, so writers queuing inside SQLite block thread-pool threads, and on a small machine the
    // transaction holding the lock can starve waiting for a thread to continue on. Write transactions of this
    // process therefore queue here, asynchronously, one gate per database file.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> SqliteWriteGates = new(StringComparer.Ordinal);

    private readonly NpgsqlDataSource? postgres;
    private readonly string? sqliteConnectionString;
    private readonly SemaphoreSlim? writeGate;

    public Database(IOptions<DatabaseOptions> options)
    {
        DbTypeHandlers.Register();
        var value = options.Value;
        Dialect = value.Dialect;
        if (Dialect == SqlDialect.Postgres)
        {
            if (string.IsNullOrWhiteSpace(value.ConnectionString))
                throw new InvalidOperationException("Arena:Database:ConnectionString is required when Arena:Database:Provider is 'postgres'.");
            var builder = new NpgsqlConnectionStringBuilder(value.ConnectionString);
            // Hot statements are few and repeated: let Npgsql prepare them unless the operator chose otherwise.
            if (!value.ConnectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
            {
                builder.MaxAutoPrepare = 64;
                builder.AutoPrepareMinUsages = 2;
            }
            builder.ApplicationName ??= "arena-silo";
            postgres = new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
            DisplayName = $"postgres://{builder.Host}:{builder.Port}/{builder.Database}";
        }
        else
        {
            var builder = new SqliteConnectionStringBuilder(value.ConnectionString ?? "Data Source=./data/arena.db")
            {
                ForeignKeys = true,
                Pooling = true,
            };
            if (builder.DefaultTimeout < 30) builder.DefaultTimeout = 30;
            var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (builder.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
            sqliteConnectionString = builder.ConnectionString;
            DisplayName = $"sqlite:{builder.DataSource}";
            var file = builder.Mode == SqliteOpenMode.Memory ? builder.ConnectionString : Path.GetFullPath(builder.DataSource);
            writeGate = SqliteWriteGates.GetOrAdd(file, _ => new SemaphoreSlim(1, 1));
        }
    }

    public SqlDialect Dialect { get; }

    /// <summary>
    /// Called after a transaction that wrote outbox events commits, so this silo's sequencer numbers them at once
    /// (other silos are woken by NOTIFY). Set by the sequencer; writers need not remember to signal.
    /// </summary>
    public Action? EventsCommitted { get; set; }

    /// <summary>Where the data lives, without credentials (for logs and health output).</summary>
    public string DisplayName { get; }

    public NpgsqlDataSource? PostgresDataSource => postgres;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (postgres is not null) return await postgres.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var connection = new SqliteConnection(sqliteConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        // WAL (set once by the migration runner) + NORMAL: durable across a process crash,
        // and a power loss can lose only the last commits, never corrupt the file.
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous = NORMAL;";
        await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <summary>Runs <paramref name="work"/> in one transaction, committed before this returns.</summary>
    public async Task<T> InTransactionAsync<T>(Func<Tx, Task<T>> work, CancellationToken cancellationToken = default)
    {
        if (writeGate is null) return await RunTransactionAsync(work, cancellationToken).ConfigureAwait(false);
        await writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await RunTransactionAsync(work, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            writeGate.Release();
        }
    }

    private async Task<T> RunTransactionAsync<T>(Func<Tx, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        // SQLite: BEGIN IMMEDIATE takes the write lock up front, so a reader never has to upgrade mid-way.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var tx = new Tx(connection, transaction, Dialect);
        var result = await work(tx).ConfigureAwait(false);
        await tx.FlushNotificationsAsync().ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (tx.AppendedEvents) EventsCommitted?.Invoke();
        return result;
    }

    public Task InTransactionAsync(Func<Tx, Task> work, CancellationToken cancellationToken = default) =>
        InTransactionAsync<bool>(async tx => { await work(tx).ConfigureAwait(false); return true; }, cancellationToken);

    /// <summary>Runs a read on its own connection (no explicit transaction).</summary>
    public async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await read(connection).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (postgres is not null) await postgres.DisposeAsync().ConfigureAwait(false);
        if (sqliteConnectionString is not null) SqliteConnection.ClearAllPools();
    }
}
