using System.Security.Cryptography;
using Arena.Grains.Secrets;

namespace Arena.Tests.Providers;

/// <summary>A silo with a master key, shared by the tests of one class.</summary>
public abstract class VaultArena(Dialect dialect) : ArenaFixture(dialect)
{
    public static readonly string MasterKeyText = NewMasterKey();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        [MasterKey.Variable] = MasterKeyText,
        // The fake chat server retries quickly; production waits 500 ms and more.
        ["Arena:Providers:RetryBaseDelay"] = "00:00:00.020",
    };

    public static string NewMasterKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(MasterKey.KeySize));
}

public sealed class SqliteVaultArena() : VaultArena(Dialect.Sqlite);

public sealed class PostgresVaultArena() : VaultArena(Dialect.Postgres);
