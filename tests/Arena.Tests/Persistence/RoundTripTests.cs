using Arena.Grains.Persistence;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;

namespace Arena.Tests.Persistence;

/// <summary>Money, times and ids come back exactly as written, in both dialects.</summary>
public abstract class RoundTripTests(Dialect dialect)
{
    [Fact]
    public async Task Decimals_timestamps_and_guids_round_trip_exactly()
    {
        var target = await DatabaseTarget.CreateAsync(dialect);
        await using var database = target.Open();
        var numeric = dialect == Dialect.Postgres ? "numeric" : "text";
        var time = dialect == Dialect.Postgres ? "timestamptz" : "text";
        var id = dialect == Dialect.Postgres ? "uuid" : "text";
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync($"CREATE TABLE probe (id {id} PRIMARY KEY, amount {numeric} NOT NULL, at {time} NOT NULL)");

        decimal[] amounts = [0.1m + 0.2m, 12345678901234.123456789012m, -0.000000000000000001m, 1.10m, 0m, 79228162514264337593543950335m];
        var at = new DateTimeOffset(2026, 11, 22, 3, 4, 5, TimeSpan.FromHours(5)).AddTicks(1234567);
        var rows = amounts.Select(a => (Id: Guid.CreateVersion7(), Amount: a)).ToArray();
        foreach (var row in rows)
            await connection.ExecuteAsync("INSERT INTO probe (id, amount, at) VALUES (@Id, @Amount, @at)", new { row.Id, row.Amount, at });

        foreach (var row in rows)
        {
            var back = await connection.QuerySingleAsync<(Guid Id, decimal Amount, DateTimeOffset At)>("SELECT id, amount, at FROM probe WHERE id = @Id", new { row.Id });
            Assert.Equal(row.Id, back.Id);
            Assert.Equal(row.Amount, back.Amount);
            Assert.Equal(row.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture), back.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(DbTypeHandlers.ToStoragePrecision(at), back.At);
            Assert.Equal(TimeSpan.Zero, back.At.Offset);
        }
    }

    [Fact]
    public async Task Timestamps_sort_in_time_order_in_sql()
    {
        var target = await DatabaseTarget.CreateAsync(dialect);
        await using var database = target.Open();
        await using var connection = await database.OpenAsync();
        var time = dialect == Dialect.Postgres ? "timestamptz" : "text";
        await connection.ExecuteAsync($"CREATE TABLE probe (n integer, at {time} NOT NULL)");
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var times = new[] { start.AddSeconds(10), start.AddTicks(10), start, start.AddDays(400), start.AddMilliseconds(1.5) };
        for (var i = 0; i < times.Length; i++) await connection.ExecuteAsync("INSERT INTO probe (n, at) VALUES (@i, @at)", new { i, at = times[i] });

        var ordered = (await connection.QueryAsync<DateTimeOffset>("SELECT at FROM probe ORDER BY at")).ToArray();
        Assert.Equal(times.Select(DbTypeHandlers.ToStoragePrecision).Order(), ordered);
    }
}

public sealed class RoundTripTestsOnSqlite() : RoundTripTests(Dialect.Sqlite);

public sealed class RoundTripTestsOnPostgres() : RoundTripTests(Dialect.Postgres);
