namespace Arena.Grains.Events;

/// <summary>
/// One subscriber's bounded queue of events from the <see cref="EventHub"/>. Read <see cref="Events"/> until
/// it completes: normally when the subscription is disposed or the silo stops; with
/// <see cref="EventSubscriberOverflowException"/> when the reader fell <see cref="Capacity"/> events behind
/// (resume from the last seq read, through the store).
/// </summary>
public sealed class EventSubscription : IDisposable
{
    private readonly EventHub hub;
    private readonly EventAudience audience;
    private readonly Channel<StoredEvent> queue;

    internal EventSubscription(EventHub hub, EventAudience audience, int capacity, long startsAfter)
    {
        this.hub = hub;
        this.audience = audience;
        Capacity = capacity;
        StartsAfter = startsAfter;
        queue = Channel.CreateBounded<StoredEvent>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait, // never waited on: Offer uses TryWrite and treats "full" as overflow
        });
    }

    /// <summary>Every event with a greater seq that the audience may see is delivered, in order.</summary>
    public long StartsAfter { get; }

    public int Capacity { get; }

    public ChannelReader<StoredEvent> Events => queue.Reader;

    /// <summary>False when the queue is full: the subscription is then completed with an overflow and must be dropped.</summary>
    internal bool Offer(StoredEvent e)
    {
        if (!audience.CanSee(e)) return true;
        if (queue.Writer.TryWrite(e)) return true;
        Complete(new EventSubscriberOverflowException(Capacity, e.Seq));
        return false;
    }

    internal void Complete(Exception? error) => queue.Writer.TryComplete(error);

    public void Dispose()
    {
        hub.Remove(this);
        Complete(null);
    }
}

/// <summary>The subscriber fell too far behind; events from <see cref="FirstMissedSeq"/> on were not queued.</summary>
public sealed class EventSubscriberOverflowException(int capacity, long firstMissedSeq)
    : Exception($"The subscriber fell {capacity} events behind; events from seq {firstMissedSeq} on were not delivered.")
{
    public long FirstMissedSeq { get; } = firstMissedSeq;
}
