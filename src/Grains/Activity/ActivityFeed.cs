using System.Buffers.Text;
using System.Text.RegularExpressions;
using Arena.Grains.Events;

namespace Arena.Grains.Activity;

/// <summary>One page of the activity feed, newest first; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record ActivityPage(IReadOnlyList<EventEnvelope> Items, string? NextCursor);

/// <summary>
/// The activity feed: public events, plus the caller's own when signed in, newest first by seq. The cursor is
/// opaque to clients (it encodes the last seq returned), so pages stay stable while new events arrive.
/// </summary>
public sealed partial class ActivityFeed(EventStore store)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
    public const int MaxTypes = 20;

    private const string CursorPrefix = "before:";

    [GeneratedRegex("^[a-z][a-z0-9_.-]{0,63}$")]
    private static partial Regex TypeName();

    /// <param name="limit">Events per page (default <see cref="DefaultLimit"/>, larger values are capped at <see cref="MaxLimit"/>).</param>
    /// <param name="types">Comma-separated exact type names; empty for all types.</param>
    public async Task<Result<ActivityPage>> ReadAsync(Guid? callerId, string? cursor, string? limit, string? types, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        long? before = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            before = DecodeCursor(cursor);
            errors.Require(before is not null, "cursor", "The cursor is not one this feed returned.");
        }
        var pageSize = DefaultLimit;
        if (!string.IsNullOrEmpty(limit))
        {
            var parsed = int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) && pageSize >= 1;
            errors.Require(parsed, "limit", $"The limit must be a whole number from 1 (values above {MaxLimit} are capped).");
        }
        var typeList = (types ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        errors.Require(typeList.All(t => TypeName().IsMatch(t)), "types",
            "Types are comma-separated event type names: lower-case letters, digits, '.', '_' and '-', starting with a letter.");
        errors.Require(typeList.Length <= MaxTypes, "types", $"At most {MaxTypes} types.");
        if (errors.Any) return errors.ToRejection();

        pageSize = Math.Min(pageSize, MaxLimit);
        var events = await store.ReadPageAsync(before, pageSize + 1, typeList.Distinct().ToArray(), EventAudience.For(callerId), cancellationToken);
        var page = events.Take(pageSize).ToArray();
        var next = events.Count > pageSize ? EncodeCursor(page[^1].Seq) : null;
        return new ActivityPage(page.Select(e => e.ToEnvelope()).ToArray(), next);
    }

    private static string EncodeCursor(long beforeSeq) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(CursorPrefix + beforeSeq.ToString(CultureInfo.InvariantCulture)));

    private static long? DecodeCursor(string cursor)
    {
        if (cursor.Length > 64 || !Base64Url.IsValid(cursor)) return null;
        var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
        return text.StartsWith(CursorPrefix, StringComparison.Ordinal)
            && long.TryParse(text.AsSpan(CursorPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var seq) && seq > 0
            ? seq : null;
    }
}
