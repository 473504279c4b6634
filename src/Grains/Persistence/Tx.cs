namespace Arena.Grains.Persistence;

/// <summary>
/// An open transaction. Every statement run through it is enlisted, so a store cannot
/// accidentally write outside the unit of work it was given.
/// </summary>
public sealed class Tx(DbConnection connection, DbTransaction transaction, SqlDialect dialect)
{
    private List<(string Channel, string Payload)>? notifications;

    public SqlDialect Dialect { get; } = dialect;

    /// <summary>Set when outbox events were written in this transaction (see <see cref="Database.EventsCommitted"/>).</summary>
    internal bool AppendedEvents { get; private set; }

    /// <summary>Marks that this transaction wrote outbox events, so its commit wakes this silo's sequencer.</summary>
    public void MarkEventsAppended() => AppendedEvents = true;

    public DbConnection Connection { get; } = connection;

    public DbTransaction Transaction { get; } = transaction;

    public Task<int> ExecuteAsync(string sql, object? param = null) =>
        Connection.ExecuteAsync(sql, param, Transaction);

    public Task<T?> ExecuteScalarAsync<T>(string sql, object? param = null) =>
        Connection.ExecuteScalarAsync<T>(sql, param, Transaction);

    public Task<IEnumerable<T>> QueryAsync<T>(string sql, object? param = null) =>
        Connection.QueryAsync<T>(sql, param, Transaction);

    public Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? param = null) =>
        Connection.QuerySingleOrDefaultAsync<T>(sql, param, Transaction);

    public Task<T> QuerySingleAsync<T>(string sql, object? param = null) =>
        Connection.QuerySingleAsync<T>(sql, param, Transaction);

    /// <summary>
    /// Queues a PostgreSQL NOTIFY that is delivered only if the transaction commits
    /// (a no-op on SQLite, where one silo owns the file).
    /// </summary>
    public void NotifyOnCommit(string channel, string payload)
    {
        if (Dialect != SqlDialect.Postgres) return;
        (notifications ??= []).Add((channel, payload));
    }

    internal async Task FlushNotificationsAsync()
    {
        if (notifications is null) return;
        foreach (var (channel, payload) in notifications)
            await ExecuteAsync("SELECT pg_notify(@channel, @payload)", new { channel, payload });
    }
}
