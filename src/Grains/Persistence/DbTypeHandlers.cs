using System.Data;
using Microsoft.Data.Sqlite;

namespace Arena.Grains.Persistence;

/// <summary>
/// One mapping for both dialects. PostgreSQL keeps native types (numeric, timestamptz, uuid).
/// SQLite has none of them, so they are stored as TEXT in forms that round-trip exactly and
/// sort correctly: decimals in invariant culture (never REAL: money must stay exact),
/// timestamps as fixed-width UTC ISO-8601 with microseconds, GUIDs in lower-case "D" form.
/// </summary>
public static class DbTypeHandlers
{
    private static int registered;

    public const string SqliteTimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    public static void Register()
    {
        if (Interlocked.Exchange(ref registered, 1) == 1) return;
        // Columns are snake_case, C# members PascalCase.
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        // Dapper consults its built-in type map before handlers; removing these entries routes them here.
        foreach (var type in new[] { typeof(decimal), typeof(decimal?), typeof(DateTimeOffset), typeof(DateTimeOffset?), typeof(Guid), typeof(Guid?) })
            SqlMapper.RemoveTypeMap(type);
        SqlMapper.AddTypeHandler(new DecimalHandler());
        SqlMapper.AddTypeHandler(new TimestampHandler());
        SqlMapper.AddTypeHandler(new GuidHandler());
    }

    /// <summary>Truncates to the microsecond, the precision both dialects keep.</summary>
    public static DateTimeOffset ToStoragePrecision(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % 10, TimeSpan.Zero);
    }

    private sealed class DecimalHandler : SqlMapper.TypeHandler<decimal>
    {
        public override decimal Parse(object value) => value switch
        {
            decimal d => d,
            string s => decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
            _ => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
        };

        public override void SetValue(IDbDataParameter parameter, decimal value)
        {
            if (parameter is SqliteParameter)
            {
                parameter.DbType = DbType.String;
                parameter.Value = value.ToString(CultureInfo.InvariantCulture);
            }
            else
            {
                parameter.DbType = DbType.Decimal;
                parameter.Value = value;
            }
        }
    }

    private sealed class TimestampHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override DateTimeOffset Parse(object value) => value switch
        {
            DateTimeOffset d => d.ToUniversalTime(),
            DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
            string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
            _ => throw new DataException($"Cannot read a timestamp from {value.GetType().Name}."),
        };

        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
        {
            var stored = ToStoragePrecision(value);
            if (parameter is SqliteParameter)
            {
                parameter.DbType = DbType.String;
                parameter.Value = stored.ToString(SqliteTimestampFormat, CultureInfo.InvariantCulture);
            }
            else
            {
                parameter.DbType = DbType.DateTimeOffset;
                parameter.Value = stored;
            }
        }
    }

    private sealed class GuidHandler : SqlMapper.TypeHandler<Guid>
    {
        public override Guid Parse(object value) => value switch
        {
            Guid g => g,
            string s => Guid.Parse(s),
            byte[] b => new Guid(b),
            _ => throw new DataException($"Cannot read a GUID from {value.GetType().Name}."),
        };

        public override void SetValue(IDbDataParameter parameter, Guid value)
        {
            if (parameter is SqliteParameter)
            {
                parameter.DbType = DbType.String;
                parameter.Value = value.ToString("D");
            }
            else
            {
                parameter.DbType = DbType.Guid;
                parameter.Value = value;
            }
        }
    }
}
