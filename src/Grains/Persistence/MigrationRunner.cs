using System.Security.Cryptography;

namespace Arena.Grains.Persistence;

public sealed record Migration(string Name, string Script, string Checksum);

public sealed record MigrationStatus(IReadOnlyList<string> Applied, IReadOnlyList<string> Pending, IReadOnlyList<string> Changed, IReadOnlyList<string> Unknown)
{
    public bool IsCurrent => Pending.Count == 0 && Changed.Count == 0;
}

/// <summary>An applied migration's script no longer matches what was applied.</summary>
public sealed class MigrationChecksumException(IReadOnlyList<string> names)
    : Exception($"Applied migration(s) {string.Join(", ", names)} differ from the scripts this silo carries. " +
                "Applied scripts must never be edited: restore the original text and add a new numbered migration instead.");

/// <summary>
/// Applies the numbered scripts of <c>db/scripts/&lt;dialect&gt;</c> in order, each in its own
/// transaction together with its <c>schema_migrations</c> row. On PostgreSQL the whole run holds
/// an advisory lock, so silos starting together apply each script exactly once.
/// </summary>
public sealed partial class MigrationRunner(Database database, ILogger<MigrationRunner> logger)
{
    // "arena" + "migrate" folded into a bigint; any constant works as long as every silo uses it.
    private const long AdvisoryLockKey = 0x4172656E614D6967;

    private const string CreateTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            name text PRIMARY KEY,
            checksum text NOT NULL,
            applied_at text NOT NULL
        )
        """;

    public IReadOnlyList<Migration> Migrations { get; } = Load(database.Dialect);

    public static IReadOnlyList<Migration> Load(SqlDialect dialect)
    {
        var folder = dialect == SqlDialect.Postgres ? "postgres" : "sqlite";
        var prefix = $"migrations/{folder}/";
        var assembly = typeof(MigrationRunner).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream, Encoding.UTF8);
                var script = reader.ReadToEnd().Replace("\r\n", "\n");
                return new Migration(Path.GetFileNameWithoutExtension(n[prefix.Length..]), script, Checksum(script));
            })
            .ToArray();
    }

    public static string Checksum(string script) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(script.Replace("\r\n", "\n"))));

    /// <summary>Applies every pending migration; returns the names applied by this call.</summary>
    public async Task<IReadOnlyList<string>> ApplyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (database.Dialect == SqlDialect.Postgres)
            await connection.ExecuteAsync("SELECT pg_advisory_lock(@key)", new { key = AdvisoryLockKey });
        else
            await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
        try
        {
            await connection.ExecuteAsync(CreateTable);
            var applied = (await connection.QueryAsync<(string Name, string Checksum)>("SELECT name, checksum FROM schema_migrations"))
                .ToDictionary(r => r.Name, r => r.Checksum);
            var changed = Migrations.Where(m => applied.TryGetValue(m.Name, out var sum) && sum != m.Checksum).Select(m => m.Name).ToArray();
            if (changed.Length > 0) throw new MigrationChecksumException(changed);

            var done = new List<string>();
            foreach (var migration in Migrations.Where(m => !applied.ContainsKey(m.Name)))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                // Re-checked inside the write transaction: on SQLite this is what serializes two runners.
                var already = await connection.ExecuteScalarAsync<long>(
                    "SELECT count(*) FROM schema_migrations WHERE name = @name", new { name = migration.Name }, transaction);
                if (already > 0) { await transaction.RollbackAsync(cancellationToken); continue; }
                var started = Stopwatch.GetTimestamp();
                await connection.ExecuteAsync(migration.Script, transaction: transaction);
                await connection.ExecuteAsync(
                    "INSERT INTO schema_migrations (name, checksum, applied_at) VALUES (@name, @checksum, @at)",
                    new { name = migration.Name, checksum = migration.Checksum, at = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture) },
                    transaction);
                await transaction.CommitAsync(cancellationToken);
                LogApplied(migration.Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                done.Add(migration.Name);
            }
            return done;
        }
        finally
        {
            if (database.Dialect == SqlDialect.Postgres)
                await connection.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key = AdvisoryLockKey });
        }
    }

    public async Task<MigrationStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var exists = database.Dialect == SqlDialect.Postgres
            ? await connection.ExecuteScalarAsync<bool>("SELECT to_regclass('schema_migrations') IS NOT NULL")
            : await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'") > 0;
        var applied = exists
            ? (await connection.QueryAsync<(string Name, string Checksum)>("SELECT name, checksum FROM schema_migrations")).ToDictionary(r => r.Name, r => r.Checksum)
            : [];
        var known = Migrations.ToDictionary(m => m.Name);
        return new MigrationStatus(
            Applied: applied.Keys.Order(StringComparer.Ordinal).ToArray(),
            Pending: Migrations.Where(m => !applied.ContainsKey(m.Name)).Select(m => m.Name).ToArray(),
            Changed: Migrations.Where(m => applied.TryGetValue(m.Name, out var sum) && sum != m.Checksum).Select(m => m.Name).ToArray(),
            Unknown: applied.Keys.Where(n => !known.ContainsKey(n)).Order(StringComparer.Ordinal).ToArray());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Migration} in {ElapsedMs:F0} ms")]
    private partial void LogApplied(string migration, double elapsedMs);
}
