using System.Security.Cryptography;
using Arena.Tests.Legacy;

namespace Arena.Tests.Abuse;

/// <summary>
/// A SHA-256 of the rows of every table, read through the silo's own <see cref="Database"/>: what a refused request must
/// leave exactly as it was.
/// </summary>
public sealed class TableChecksums
{
    /// <summary>
    /// What changes on its own while the silo idles, so it would make every case look like a write:
    /// Orleans' membership rows (each silo's IAmAlive heartbeat) and our <c>silos</c> heartbeat; market prices and their
    /// checkpoints (the feed writes them on every tick); a session's <c>last_seen_at</c>, which an authenticated read
    /// bumps (at most once a minute) by design. Everything else, including the outbox and the sign-in throttle, is compared.
    /// </summary>
    public static readonly IReadOnlySet<string> ChangingOnTheirOwn = new HashSet<string>(StringComparer.Ordinal)
    {
        "orleans_membership_entries", "orleans_membership_versions", "silos",
        "market_price_history", "market_checkpoints",
        "sessions.last_seen_at",
    };

    private readonly SortedDictionary<string, List<string>> rows;

    private TableChecksums(SortedDictionary<string, List<string>> rows)
    {
        this.rows = rows;
        Hashes = rows.ToDictionary(t => t.Key, t => Hash(t.Value), StringComparer.Ordinal);
    }

    public IReadOnlyDictionary<string, string> Hashes { get; }

    public static async Task<TableChecksums> TakeAsync(ArenaServer server) =>
        new(await DatabaseDump.AllRowsAsync(server.GetService<Database>(), ChangingOnTheirOwn));

    /// <summary>
    /// Takes checksums until two taken <paramref name="gap"/> apart agree: a write's after-effects (the sequencer numbering
    /// the events a commit appended) have then landed too.
    /// </summary>
    public static async Task<TableChecksums> SettledAsync(ArenaServer server, TimeSpan? gap = null)
    {
        var current = await TakeAsync(server);
        for (var attempt = 0; attempt < 20; attempt++)
        {
            await Task.Delay(gap ?? TimeSpan.FromMilliseconds(100));
            var next = await TakeAsync(server);
            if (next.ChangedTables(current).Count == 0) return next;
            current = next;
        }
        return current;
    }

    public IReadOnlyList<string> ChangedTables(TableChecksums before) =>
        Hashes.Keys.Union(before.Hashes.Keys)
            .Where(t => Hashes.GetValueOrDefault(t) != before.Hashes.GetValueOrDefault(t))
            .Order(StringComparer.Ordinal).ToArray();

    /// <summary>One hash over every row, in any table, that mentions <paramref name="id"/> (a user's rows: keyed by it or pointing at it).</summary>
    public string RowsMentioning(Guid id)
    {
        var text = id.ToString("D");
        return Hash(rows.SelectMany(t => t.Value.Where(r => r.Contains(text, StringComparison.OrdinalIgnoreCase)).Select(r => t.Key + ": " + r)));
    }

    private static string Hash(IEnumerable<string> lines) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', lines))));
}
