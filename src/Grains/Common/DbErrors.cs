using Microsoft.Data.Sqlite;
using Npgsql;

namespace Arena.Grains.Common;

public static class DbErrors
{
    /// <summary>True when <paramref name="exception"/> is a unique-constraint violation; names the index or column if known.</summary>
    public static bool IsUniqueViolation(Exception exception, out string constraint)
    {
        switch (exception)
        {
            case PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg:
                constraint = pg.ConstraintName ?? "";
                return true;
            // SQLITE_CONSTRAINT_UNIQUE (2067) / SQLITE_CONSTRAINT_PRIMARYKEY (1555); the message names the columns.
            case SqliteException { SqliteExtendedErrorCode: 2067 or 1555 } lite:
                constraint = lite.Message;
                return true;
            default:
                constraint = "";
                return false;
        }
    }

    /// <summary>True when <paramref name="exception"/> is a foreign-key violation (a row still referenced, or a reference to a missing row).</summary>
    public static bool IsForeignKeyViolation(Exception exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation } => true,
        // SQLITE_CONSTRAINT_FOREIGNKEY (787).
        SqliteException { SqliteExtendedErrorCode: 787 } => true,
        _ => false,
    };
}
