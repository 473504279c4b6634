namespace Arena.Grains.Cluster;

/// <summary>
/// Base of the grains that hold one aggregate loaded from our tables (a user, a bot). Every call to it passes
/// through <see cref="IIncomingGrainCallFilter.Invoke"/>, which keeps memory and database in step:
/// <list type="bullet">
/// <item>a <see cref="VersionConflictException"/> (another writer committed first, so nothing was written) reloads
/// the state and runs the call once more, which re-decides on fresh state; a second conflict reaches the caller
/// (HTTP 409);</item>
/// <item>any other exception drops the activation, because memory may no longer match the database; the next call
/// activates afresh and reloads.</item>
/// </list>
/// Expected refusals are values (<see cref="Result{T}"/>), never exceptions, so they leave the activation alone.
/// Calls are not reentrant: one runs at a time, so a write's version check and its state update never interleave.
/// </summary>
public abstract partial class AggregateGrain : Grain, IIncomingGrainCallFilter
{
    /// <summary>Reads the aggregate from its rows into memory (also after a version conflict).</summary>
    protected abstract Task LoadAsync(CancellationToken cancellationToken);

    public override Task OnActivateAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    /// <summary>Reloads the state from the rows (after a lost version race, say); a grain whose timers depend on its state re-arms them here.</summary>
    protected virtual Task ReloadAsync() => LoadAsync(CancellationToken.None);

    async Task IIncomingGrainCallFilter.Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            try
            {
                await context.Invoke();
            }
            catch (VersionConflictException)
            {
                await ReloadAsync();
                await context.Invoke();
            }
        }
        catch (Exception ex)
        {
            LogCallFailed(Logger, ex, this.GetGrainId(), context.MethodName);
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>
    /// The same discipline for work a grain starts itself (timer ticks do not pass through call filters): a version
    /// conflict reloads the state (the work is not re-run: the next tick decides afresh), anything else drops the activation.
    /// </summary>
    protected async Task RunGuardedAsync(string what, Func<Task> work)
    {
        try
        {
            await work();
        }
        catch (VersionConflictException)
        {
            await ReloadAsync();
        }
        catch (Exception ex)
        {
            LogCallFailed(Logger, ex, this.GetGrainId(), what);
            DeactivateOnIdle();
        }
    }

    private ILogger Logger => ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(GetType());

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grain {Grain} call {Method} failed; the activation is dropped and the next call reloads its state")]
    private static partial void LogCallFailed(ILogger logger, Exception exception, GrainId grain, string method);
}
