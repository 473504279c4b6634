namespace Arena.Tests.Runtime;

public interface IProbeGrain : IGrainWithStringKey
{
    Task<int> Append(int value);

    Task<IReadOnlyList<int>> Values();

    Task Block(TaskCompletionSource entered, Task release);

    Task Fail(string message);

    Task Conflict();

    Task<int> ActivationNumber();
}

/// <summary>What the probe grains did, shared by every activation in one test.</summary>
public sealed class ProbeJournal
{
    public ConcurrentDictionary<string, int> Activations { get; } = new();
    public ConcurrentDictionary<string, int> Deactivations { get; } = new();
    public ConcurrentQueue<(string Key, int Value)> Calls { get; } = new();
    public HashSet<string> FailActivationFor { get; } = [];
    public int ConflictsBeforeSuccess { get; set; }
    public int Running;
    public int MaxRunning;
    public int Conflicts;
}

public sealed class ProbeGrain(ProbeJournal journal) : Grain, IProbeGrain
{
    private List<int> values = [];
    private int activation;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = GetPrimaryKeyString();
        activation = journal.Activations.AddOrUpdate(key, 1, (_, n) => n + 1);
        if (journal.FailActivationFor.Contains(key)) throw new InvalidOperationException("state store unreachable");
        values = [];
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        journal.Deactivations.AddOrUpdate(GetPrimaryKeyString(), 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    public async Task<int> Append(int value)
    {
        var now = Interlocked.Increment(ref journal.Running);
        InterlockedMax(ref journal.MaxRunning, now);
        journal.Calls.Enqueue((GetPrimaryKeyString(), value));
        await Task.Yield();
        values.Add(value);
        Interlocked.Decrement(ref journal.Running);
        return values.Count;
    }

    public Task<IReadOnlyList<int>> Values() => Task.FromResult<IReadOnlyList<int>>(values.ToArray());

    public async Task Block(TaskCompletionSource entered, Task release)
    {
        entered.TrySetResult();
        await release;
    }

    public Task Fail(string message) => throw new InvalidOperationException(message);

    public Task Conflict()
    {
        if (Interlocked.Increment(ref journal.Conflicts) <= journal.ConflictsBeforeSuccess)
            throw new VersionConflictException("probe", GetPrimaryKeyString(), 1);
        return Task.CompletedTask;
    }

    public Task<int> ActivationNumber() => Task.FromResult(activation);

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }
}
