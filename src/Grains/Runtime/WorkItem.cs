namespace Arena.Grains.Runtime;

/// <summary>One call waiting in a mailbox. The caller awaits <see cref="WorkItem{T}.Task"/>.</summary>
internal abstract class WorkItem
{
    /// <summary>Set once the call has been re-run after a version conflict; a second conflict is final.</summary>
    public bool Retried { get; set; }

    /// <summary>Runs the call and returns what it threw, without completing the caller's task yet.</summary>
    public abstract Task<Exception?> InvokeAsync(Grain grain);

    public abstract void Complete();

    public abstract void Fail(Exception exception);
}

internal sealed class WorkItem<T>(Func<Grain, Task<T>> call) : WorkItem
{
    // Continuations run off the mailbox loop, so a caller's code never runs inside the grain's turn.
    private readonly TaskCompletionSource<T> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? result;

    public Task<T> Task => completion.Task;

    public override async Task<Exception?> InvokeAsync(Grain grain)
    {
        try
        {
            result = await call(grain).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    public override void Complete() => completion.TrySetResult(result!);

    public override void Fail(Exception exception) => completion.TrySetException(exception);
}
