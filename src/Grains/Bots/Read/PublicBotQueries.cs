namespace Arena.Grains.Bots.Read;

/// <summary>
/// What a spectator's list query must be: each list's paging (its own cursor scope, so a cursor of one list is refused by
/// another) and filters. Each adds an error per bad field; field names are the API's query names.
/// </summary>
public static class PublicBotQueries
{
    public const string OpenStatus = "open";
    public const string ClosedStatus = "closed";

    public const string TradesScope = "trades";
    public const string PositionsScope = "positions";
    public const string DecisionsScope = "decisions";
    public const string SnapshotsScope = "snapshots";

    public static PageRequest Trades(string? cursor, string? limit, FieldErrors errors) => PageRequest.Parse(TradesScope, cursor, limit, errors);

    public static PageRequest Decisions(string? cursor, string? limit, FieldErrors errors) => PageRequest.Parse(DecisionsScope, cursor, limit, errors);

    /// <param name="status"><c>open</c>, <c>closed</c>, or empty for both.</param>
    public static PageRequest Positions(string? status, string? cursor, string? limit, FieldErrors errors)
    {
        var page = PageRequest.Parse(PositionsScope, cursor, limit, errors);
        if (!string.IsNullOrEmpty(status))
            errors.Require(status is OpenStatus or ClosedStatus, "status", $"The status is '{OpenStatus}' or '{ClosedStatus}' (or absent for both).");
        return page;
    }

    /// <param name="from">ISO 8601 instant with an offset; snapshots taken at or after it.</param>
    /// <param name="to">ISO 8601 instant with an offset; snapshots taken at or before it.</param>
    public static (PageRequest Page, DateTimeOffset? Since, DateTimeOffset? Until) Snapshots(string? from, string? to, string? cursor, string? limit, FieldErrors errors)
    {
        var page = PageRequest.Parse(SnapshotsScope, cursor, limit, errors);
        var since = Instant(from, "from", errors);
        var until = Instant(to, "to", errors);
        if (since is not null && until is not null) errors.Require(since <= until, "to", "'to' must not be before 'from'.");
        return (page, since, until);
    }

    private static DateTimeOffset? Instant(string? text, string field, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) && HasOffset(text)) return at.ToUniversalTime();
        errors.Add(field, $"'{field}' must be an ISO 8601 date-time with an offset, such as 2025-01-31T12:00:00Z.");
        return null;
    }

    // DateTimeOffset.TryParse assumes the local zone when none is given; an instant without one is ambiguous, so it is refused.
    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
}
