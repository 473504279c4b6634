namespace Arena.Grains.Runtime;

internal enum EnqueueResult { Queued, Full, Closed }

/// <summary>
/// One live instance of a grain: its mailbox and the loop that drains it.
/// Invariants: at most one call runs at a time, in arrival order (not re-entrant); once
/// <c>closed</c> is set under the gate no call is accepted, and the directory no longer points here.
/// </summary>
internal sealed class Activation
{
    private readonly GrainRuntime runtime;
    private readonly Channel<WorkItem> mailbox = Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock gate = new();
    private int queued;
    private bool running;
    private bool closed;
    private bool deactivationRequested;
    private long lastActiveTicks;

    public Activation(GrainRuntime runtime, GrainId id, IEnumerable<WorkItem>? carriedOver = null)
    {
        this.runtime = runtime;
        Id = id;
        lastActiveTicks = runtime.Clock.GetTimestamp();
        // Calls handed over from a dropped activation keep their place ahead of newer callers,
        // and may exceed the capacity once: they were admitted already.
        foreach (var item in carriedOver ?? [])
        {
            mailbox.Writer.TryWrite(item);
            queued++;
        }
    }

    public GrainId Id { get; }

    public Task Completion { get; private set; } = Task.CompletedTask;

    public void Start() => Completion = Task.Run(RunAsync);

    public EnqueueResult TryEnqueue(WorkItem item)
    {
        lock (gate)
        {
            if (closed) return EnqueueResult.Closed;
            if (queued >= runtime.Options.MailboxCapacity) return EnqueueResult.Full;
            queued++;
            mailbox.Writer.TryWrite(item);
            return EnqueueResult.Queued;
        }
    }

    public void RequestDeactivation() => deactivationRequested = true;

    /// <summary>Closes the activation if it has been idle since <paramref name="cutoffTimestamp"/>.</summary>
    public bool TryCollect(long cutoffTimestamp)
    {
        lock (gate)
        {
            if (closed || running || queued > 0 || lastActiveTicks > cutoffTimestamp) return false;
            CloseUnderGate(successor: null);
            return true;
        }
    }

    /// <summary>Closes the activation at shutdown; calls still queued fail.</summary>
    public void Shutdown()
    {
        List<WorkItem> abandoned = [];
        lock (gate)
        {
            if (closed) return;
            while (mailbox.Reader.TryRead(out var item)) abandoned.Add(item);
            queued = 0;
            CloseUnderGate(successor: null);
        }
        foreach (var item in abandoned) item.Fail(new OperationCanceledException("The silo is shutting down."));
    }

    private async Task RunAsync()
    {
        Grain grain;
        try
        {
            grain = runtime.CreateGrain(this);
            await grain.OnActivateAsync(runtime.Stopping).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            FailActivation(ex);
            return;
        }

        var reason = DeactivationReason.Idle;
        var reader = mailbox.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            WorkItem? item;
            lock (gate)
            {
                if (!reader.TryRead(out item)) continue;
                queued--;
                running = true;
            }

            var failure = await item.InvokeAsync(grain).ConfigureAwait(false);
            if (failure is null && !deactivationRequested)
            {
                // Idle before the reply goes out: a caller holding its answer must find this activation
                // idle since then (collectable by age), not still "running" until this thread is scheduled again.
                lock (gate)
                {
                    running = false;
                    lastActiveTicks = runtime.Clock.GetTimestamp();
                }
                item.Complete();
                continue;
            }

            // Something escaped the call (or the grain asked to go): the state in memory may no
            // longer match the database, so this activation ends and a fresh one reloads it.
            WorkItem? retry = null;
            if (failure is VersionConflictException && !item.Retried)
            {
                item.Retried = true;
                retry = item;
            }
            else if (failure is null) item.Complete();
            else item.Fail(failure);

            reason = failure is null ? DeactivationReason.Requested : DeactivationReason.CallFailed;
            if (failure is not null) runtime.Log.CallFailed(Id, failure);
            HandOver(retry);
            break;
        }

        await DeactivateAsync(grain, reason).ConfigureAwait(false);
    }

    private void HandOver(WorkItem? first)
    {
        lock (gate)
        {
            List<WorkItem> carried = first is null ? [] : [first];
            while (mailbox.Reader.TryRead(out var item)) carried.Add(item);
            queued = 0;
            running = false;
            CloseUnderGate(carried.Count == 0 ? null : new Activation(runtime, Id, carried));
        }
    }

    private void FailActivation(Exception ex)
    {
        runtime.Log.ActivationFailed(Id, ex);
        List<WorkItem> failed = [];
        lock (gate)
        {
            while (mailbox.Reader.TryRead(out var item)) failed.Add(item);
            queued = 0;
            CloseUnderGate(successor: null);
        }
        foreach (var item in failed) item.Fail(ex);
    }

    // Closing and re-pointing the directory happen under the gate, so a caller that finds this
    // activation closed will, on its next lookup, find the successor (or create a fresh one).
    private void CloseUnderGate(Activation? successor)
    {
        closed = true;
        mailbox.Writer.TryComplete();
        runtime.Directory.Replace(this, successor);
    }

    private async Task DeactivateAsync(Grain grain, DeactivationReason reason)
    {
        if (runtime.Stopping.IsCancellationRequested) reason = DeactivationReason.ShuttingDown;
        using var timeout = new CancellationTokenSource(runtime.Options.DeactivationTimeout);
        try
        {
            await grain.OnDeactivateAsync(reason, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            runtime.Log.DeactivationFailed(Id, ex);
        }
        runtime.Log.Deactivated(Id, reason);
    }
}
