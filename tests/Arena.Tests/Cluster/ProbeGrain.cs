using Arena.Grains.Cluster;

namespace Arena.Tests.Cluster;

/// <summary>A grain on <see cref="AggregateGrain"/> whose calls fail as a test scripts them, to pin the base's rules.</summary>
public interface IProbeGrain : IGrainWithStringKey
{
    /// <summary>A write that loses the version race the next <paramref name="conflicts"/> times it runs.</summary>
    Task<int> Write(int conflicts);

    Task Fail();

    /// <summary>Waits until <see cref="ProbeGrain.Release"/> is called for this key (to fill the activation's queue).</summary>
    Task Hold();

    /// <summary>This activation's id and how many times it has loaded its state.</summary>
    Task<(Guid Activation, int Loads)> Describe();
}

public sealed class ProbeGrain : AggregateGrain, IProbeGrain
{
    private static readonly ConcurrentDictionary<string, TaskCompletionSource> Holds = new();
    private readonly Guid activation = Guid.NewGuid();
    private int loads;
    private int conflictsLeft = -1;

    public static void Release(string key) => Holds.GetOrAdd(key, _ => new TaskCompletionSource()).TrySetResult();

    protected override Task LoadAsync(CancellationToken cancellationToken)
    {
        loads++;
        return Task.CompletedTask;
    }

    public Task<int> Write(int conflicts)
    {
        // The script is set by the first run of a call; a re-run after a reload sees what is left of it.
        if (conflictsLeft < 0) conflictsLeft = conflicts;
        if (conflictsLeft-- > 0) throw new VersionConflictException("Probe", this.GetPrimaryKeyString(), 1);
        conflictsLeft = -1;
        return Task.FromResult(loads);
    }

    public Task Fail() => throw new InvalidOperationException("an unexpected failure");

    public Task Hold() => Holds.GetOrAdd(this.GetPrimaryKeyString(), _ => new TaskCompletionSource()).Task;

    public Task<(Guid Activation, int Loads)> Describe() => Task.FromResult((activation, loads));
}
