using Microsoft.Extensions.Hosting;

namespace Arena.Grains.Events;

/// <summary>
/// This silo's one reader of the event sequence. After each high-water-mark change (this silo's sequencer,
/// NOTIFY <see cref="EventSequencer.SequencedChannel"/> from any silo, a LISTEN reconnect, or the fallback
/// poll) it reads the new events once, in seq order, and offers each to every subscriber that may see it.
/// </summary>
/// <remarks>
/// Each subscriber has its own bounded queue and the hub never waits for one: a subscriber that falls
/// <c>capacity</c> events behind is cut off (its reader ends with <see cref="EventSubscriberOverflowException"/>)
/// and the others carry on. Delivery to a live subscription is gap-free and in order: it receives every
/// visible event with seq greater than <see cref="EventSubscription.StartsAfter"/>, each once, until it is
/// disposed, overflows or the silo stops.
/// </remarks>
public sealed partial class EventHub : BackgroundService
{
    public const int DefaultCapacity = 1024;

    private const int ReadBatch = 500;

    private readonly EventStore store;
    private readonly EventOptions options;
    private readonly ILogger<EventHub> logger;
    private readonly Lock gate = new();
    private readonly List<EventSubscription> subscribers = [];
    private readonly Channel<bool> wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long delivered;

    public EventHub(EventStore store, NotificationListener listener, IOptions<EventOptions> options, ILogger<EventHub> logger)
    {
        this.store = store;
        this.options = options.Value;
        this.logger = logger;
        // Subscribed at construction, before the listener's first LISTEN (see EventSequencer).
        listener.Subscribe(EventSequencer.SequencedChannel, _ => Wake(), Wake);
    }

    /// <summary>The highest seq this hub has handed to its subscribers (0 before it started).</summary>
    public long HighWaterMark => Interlocked.Read(ref delivered);

    /// <summary>
    /// Subscribes to the events <paramref name="audience"/> may see, from the hub's current position on
    /// (<see cref="EventSubscription.StartsAfter"/>). To resume a client from <c>since</c>: subscribe first,
    /// replay <c>since &lt; seq &lt;= StartsAfter</c> from <see cref="EventStore.ReadAfterAsync"/>, then read the
    /// subscription; nothing is missed and nothing repeats. Dispose the subscription when done.
    /// </summary>
    public async Task<EventSubscription> SubscribeAsync(EventAudience audience, int capacity = DefaultCapacity, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        await started.Task.WaitAsync(cancellationToken);
        lock (gate)
        {
            var subscription = new EventSubscription(this, audience, capacity, delivered);
            subscribers.Add(subscription);
            return subscription;
        }
    }

    /// <summary>Called by this silo's sequencer after it committed numbers up to <paramref name="highWaterMark"/>.</summary>
    public void OnSequenced(long highWaterMark)
    {
        if (highWaterMark > HighWaterMark) Wake();
    }

    internal void Remove(EventSubscription subscription)
    {
        lock (gate) subscribers.Remove(subscription);
    }

    private void Wake() => wake.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await StartAtHighWaterMarkAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await CatchUpAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogReadFailed(ex);
                }
                await WaitForWakeAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            lock (gate)
            {
                foreach (var s in subscribers) s.Complete(null);
                subscribers.Clear();
            }
        }
    }

    /// <summary>The hub delivers what is sequenced after it starts; older events are read from the store.</summary>
    private async Task StartAtHighWaterMarkAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                Interlocked.Exchange(ref delivered, await store.HighWaterMarkAsync(stoppingToken));
                started.TrySetResult();
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogReadFailed(ex);
                await Task.Delay(options.PollInterval, stoppingToken);
            }
        }
    }

    private async Task CatchUpAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            var batch = await store.ReadAfterAsync(HighWaterMark, ReadBatch, EventAudience.Admin, stoppingToken);
            if (batch.Count == 0) return;
            lock (gate)
            {
                foreach (var e in batch)
                    for (var i = subscribers.Count - 1; i >= 0; i--)
                        if (!subscribers[i].Offer(e))
                        {
                            LogOverflow(subscribers[i].Capacity, e.Seq);
                            subscribers.RemoveAt(i);
                        }
                // Advanced under the gate with the offers, so a new subscription starts exactly after what it was not offered.
                Interlocked.Exchange(ref delivered, batch[^1].Seq);
            }
            if (batch.Count < ReadBatch) return;
        }
    }

    private async Task WaitForWakeAsync(CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(options.PollInterval);
        try
        {
            await wake.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The event hub could not read new events; retrying at the next wake-up")]
    private partial void LogReadFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An event subscriber fell {Capacity} events behind at seq {Seq} and was cut off")]
    private partial void LogOverflow(int capacity, long seq);
}
