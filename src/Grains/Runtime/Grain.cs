namespace Arena.Grains.Runtime;

public enum DeactivationReason
{
    /// <summary>Idle for longer than the collection age.</summary>
    Idle,
    /// <summary>A call failed, so memory may no longer match the database; the next call reloads.</summary>
    CallFailed,
    /// <summary>The grain asked for it with <see cref="Grain.DeactivateOnIdle"/>.</summary>
    Requested,
    /// <summary>The silo is stopping.</summary>
    ShuttingDown,
}

/// <summary>
/// Base class of grain implementations. The runtime creates one instance per activation,
/// calls <see cref="OnActivateAsync"/> before the first call, then delivers calls one at a time.
/// </summary>
public abstract class Grain
{
    internal Activation? Activation { get; set; }

    public GrainId GrainId { get; internal set; }

    /// <summary>Load state here; a failure fails the activation and every call queued to it.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Best effort and informational only: never a save point (state is written by the call that changes it).</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Drop this activation once the current call returns; calls already queued go to a fresh activation.</summary>
    protected void DeactivateOnIdle() => Activation?.RequestDeactivation();

    public Guid GetPrimaryKey() => Guid.Parse(GrainId.Key);

    public string GetPrimaryKeyString() => GrainId.Key;
}
