using Dapper;

namespace Arena.Tests.Legacy;

/// <summary>Every row of every table, as text, to prove that a command changed nothing at all.</summary>
public static class DatabaseDump
{
    public static async Task<SortedDictionary<string, List<string>>> AllRowsAsync(DatabaseTarget target)
    {
        await using var database = target.Open();
        return await AllRowsAsync(database);
    }

    /// <summary>Every row of every table of <paramref name="database"/>, leaving out the tables and <c>table.column</c>s in <paramref name="skip"/>.</summary>
    public static async Task<SortedDictionary<string, List<string>>> AllRowsAsync(Database database, IReadOnlySet<string>? skip = null)
    {
        await using var connection = await database.OpenAsync();
        var tables = await connection.QueryAsync<string>(database.Dialect == SqlDialect.Postgres
            ? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
            : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
        var dump = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var table in tables.Where(t => skip?.Contains(t) != true))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            var columns = Enumerable.Range(0, reader.FieldCount).Where(i => skip?.Contains($"{table}.{reader.GetName(i)}") != true).ToArray();
            var rows = new List<string>();
            while (await reader.ReadAsync())
                rows.Add(string.Join(" | ", columns.Select(i => $"{reader.GetName(i)}={Text(reader.GetValue(i))}")));
            rows.Sort(StringComparer.Ordinal);
            dump[table] = rows;
        }
        return dump;
    }

    public static async Task<long> CountAsync(DatabaseTarget target, string sql, object? param = null)
    {
        await using var database = target.Open();
        return await database.ReadAsync(c => c.ExecuteScalarAsync<long>(sql, param));
    }

    private static string Text(object value) => value switch
    {
        DBNull => "NULL",
        byte[] bytes => Convert.ToHexString(bytes),
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
