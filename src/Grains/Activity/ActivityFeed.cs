using Arena.Grains.Events;

namespace Arena.Grains.Activity;

/// <summary>One page of the activity feed, newest first; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record ActivityPage(IReadOnlyList<EventEnvelope> Items, string? NextCursor);

/// <summary>
/// The activity feed: public events, plus the caller's own when signed in, newest first by seq. The cursor is
/// opaque to clients (it encodes the last seq returned), so pages stay stable while new events arrive.
/// </summary>
public sealed class ActivityFeed(EventStore store)
{
    public const int DefaultLimit = PageRequest.DefaultLimit;
    public const int MaxLimit = PageRequest.MaxLimit;

    /// <param name="limit">Events per page (default <see cref="DefaultLimit"/>, larger values are capped at <see cref="MaxLimit"/>).</param>
    /// <param name="types">Comma-separated exact type names; empty for all types.</param>
    public async Task<Result<ActivityPage>> ReadAsync(Guid? callerId, string? cursor, string? limit, string? types, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        var (request, typeList) = ActivityRules.CheckFeedQuery(cursor, limit, types, errors);
        if (errors.Any) return errors.ToRejection();

        var events = await store.ReadPageAsync(request.Before, request.Limit + 1, typeList, EventAudience.For(callerId), cancellationToken);
        var page = request.ToPage(events, ActivityRules.FeedCursorScope, e => e.Seq);
        return new ActivityPage(page.Items.Select(e => e.ToEnvelope()).ToArray(), page.NextCursor);
    }
}
