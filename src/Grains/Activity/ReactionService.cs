using System.Buffers.Binary;
using Arena.Grains.Events;
using Arena.Grains.Users;

namespace Arena.Grains.Activity;

/// <summary>A posted reaction: its row id and, once sequenced (normally before the reply), the public event.</summary>
public sealed record PostedReaction(long Id, EventEnvelope? Event);

/// <summary>
/// Reactions on the Live page: a signed-in user posts an allowed emoji, optionally aimed at a public event,
/// and it becomes a PUBLIC <c>reaction</c> event. Its payload names the user only by username and display
/// name; the row keeps <c>user_id</c> (never sent anywhere) so the per-user limit can count it on every silo.
/// </summary>
public sealed class ReactionService(
    Database database,
    EventStore store,
    EventSequencer sequencer,
    OutboxSignal signal,
    IGrainFactory grains,
    TimeProvider clock,
    IOptions<EventOptions> options)
{
    public const string EventType = "reaction";

    /// <summary>How long a post waits for its event's sequence number before answering without it.</summary>
    public static readonly TimeSpan SequenceWait = TimeSpan.FromSeconds(5);

    // Namespace of the per-user PostgreSQL advisory locks (two-int form, a key space apart from the sequencer's).
    private const int ReactionLockSpace = 0x52454143; // "REAC"

    private readonly EventOptions settings = options.Value;

    public sealed record ReactionPayload(string Emoji, long? TargetSeq, ReactionAuthor User);

    public sealed record ReactionAuthor(string Username, string? DisplayName);

    public async Task<Result<PostedReaction>> PostAsync(Guid userId, string? emoji, long? targetSeq, CancellationToken cancellationToken = default)
    {
        var errors = ActivityRules.CheckReaction(emoji, targetSeq, new FieldErrors());
        if (errors.Any) return errors.ToRejection();
        if (targetSeq is { } target && await store.FindAsync(target, EventAudience.Public, cancellationToken) is null)
            return Rejection.NotFound($"There is no public event {target} to react to.");
        var profile = await grains.GetGrain<IUserGrain>(userId).GetProfile();
        if (!profile.IsOk) return profile.Rejection!;

        var payload = new ReactionPayload(emoji!, targetSeq, new ReactionAuthor(profile.Value!.Username, profile.Value.DisplayName));
        var written = await database.InTransactionAsync(tx => AppendWithinLimitAsync(tx, userId, payload), cancellationToken);
        if (!written.IsOk) return written.Rejection!;
        signal.Notify();
        var sequenced = await WaitForSequenceAsync(written.Value, cancellationToken);
        return new PostedReaction(written.Value, sequenced?.ToEnvelope());
    }

    /// <summary>
    /// The limit is a sliding window over the user's own reaction rows. Checking and appending happen under one
    /// per-user lock (PostgreSQL advisory lock; SQLite's write lock), so concurrent posts on any silos cannot overshoot.
    /// </summary>
    private async Task<Result<long>> AppendWithinLimitAsync(Tx tx, Guid userId, ReactionPayload payload)
    {
        if (tx.Dialect == SqlDialect.Postgres)
            await tx.ExecuteAsync("SELECT pg_advisory_xact_lock(@space, @key)", new { space = ReactionLockSpace, key = UserLockKey(userId) });
        // Read after the lock: the previous holder's reaction is stamped earlier than this, so the window is exact.
        var now = clock.Now();
        var (count, oldest) = await tx.QuerySingleAsync<(long Count, DateTimeOffset? Oldest)>("""
            SELECT count(*), min(created_at) FROM activity_events
            WHERE user_id = @userId AND type = @type AND created_at > @windowStart
            """, new { userId, type = EventType, windowStart = now - settings.ReactionWindow });
        if (count >= settings.ReactionLimit)
        {
            var retryAfter = (oldest ?? now) + settings.ReactionWindow - now;
            return Rejection.TooManyRequests($"At most {settings.ReactionLimit} reactions per {settings.ReactionWindow.TotalSeconds:0.#} s.",
                retryAfter > TimeSpan.FromSeconds(1) ? retryAfter : TimeSpan.FromSeconds(1));
        }
        return await EventOutbox.AppendAsync(tx, new EventDraft(EventType, EventVisibility.Public, payload, UserId: userId), now);
    }

    /// <summary>
    /// Sequences in-line (or waits for the silo holding the sequencer lock) so the reply can carry the seq; gives
    /// up after <see cref="SequenceWait"/>: the event is committed and will be sequenced, just not in this reply.
    /// </summary>
    private async Task<StoredEvent?> WaitForSequenceAsync(long id, CancellationToken cancellationToken)
    {
        var deadline = clock.GetTimestamp() + (long)(SequenceWait.TotalSeconds * clock.TimestampFrequency);
        while (true)
        {
            await sequencer.SequencePendingAsync(cancellationToken);
            if (await store.FindSequencedAsync(id, cancellationToken) is { } sequenced) return sequenced;
            if (clock.GetTimestamp() > deadline) return null;
            await Task.Delay(TimeSpan.FromMilliseconds(20), clock, cancellationToken);
        }
    }

    private static int UserLockKey(Guid userId)
    {
        Span<byte> bytes = stackalloc byte[16];
        userId.TryWriteBytes(bytes);
        return BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]);
    }
}
