using System.Buffers.Text;

namespace Arena.Grains.Common;

/// <summary>One page of a newest-first list; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>
/// A keyset page request over a list ordered newest first by an increasing key (an identity id, an event seq):
/// "up to <see cref="Limit"/> rows with a key below <see cref="Before"/>". Rows added while a client walks the list
/// get larger keys, so they never shift or repeat a page already read.
/// </summary>
/// <remarks>
/// The cursor is opaque to clients: base64url of "<c>scope:key</c>". The scope names the list, so a cursor of one
/// list handed to another is refused instead of silently starting somewhere else.
/// </remarks>
public readonly record struct PageRequest(long? Before, int Limit)
{
    public const int DefaultLimit = 50;

    /// <summary>Larger limits are capped to this, not refused: a client asking for "everything" gets the largest page.</summary>
    public const int MaxLimit = 200;

    /// <summary>The exclusive upper bound to put in SQL (<c>id &lt; @before</c>).</summary>
    public long BeforeOrMax => Before ?? long.MaxValue;

    /// <summary>Reads <c>cursor</c> and <c>limit</c> as the client sent them, adding an error per bad field.</summary>
    public static PageRequest Parse(string scope, string? cursor, string? limit, FieldErrors errors)
    {
        long? before = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            before = Decode(scope, cursor);
            errors.Require(before is not null, "cursor", "The cursor is not one this list returned.");
        }
        long size = DefaultLimit;
        if (!string.IsNullOrEmpty(limit))
        {
            // Digits only; a number too large for a long is still "above the maximum" and is capped like 201 is.
            var digits = limit.Length <= 64 && limit.All(char.IsAsciiDigit);
            if (digits && !long.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size)) size = long.MaxValue;
            errors.Require(digits && size >= 1, "limit", $"The limit must be a whole number from 1 (values above {MaxLimit} are capped).");
        }
        return new PageRequest(before, (int)Math.Clamp(size, 1, MaxLimit));
    }

    /// <summary>
    /// The page from rows read with <c>LIMIT Limit + 1</c> (newest first): the extra row only says there is more,
    /// and the cursor points below the last row returned.
    /// </summary>
    public Page<T> ToPage<T>(IReadOnlyList<T> rows, string scope, Func<T, long> key)
    {
        var items = rows.Count > Limit ? rows.Take(Limit).ToArray() : rows;
        return new Page<T>(items, rows.Count > Limit ? Encode(scope, key(items[^1])) : null);
    }

    public static string Encode(string scope, long beforeKey) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(scope + ":" + beforeKey.ToString(CultureInfo.InvariantCulture)));

    public static long? Decode(string scope, string cursor)
    {
        if (cursor.Length > 96 || !Base64Url.IsValid(cursor)) return null;
        var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
        var prefix = scope + ":";
        return text.StartsWith(prefix, StringComparison.Ordinal)
            && long.TryParse(text.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var key) && key > 0
            ? key : null;
    }
}
