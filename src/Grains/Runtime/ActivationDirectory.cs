namespace Arena.Grains.Runtime;

/// <summary>The silo's map from grain id to its single live activation.</summary>
internal sealed class ActivationDirectory(GrainRuntime runtime)
{
    private readonly ConcurrentDictionary<GrainId, Activation> activations = new();

    public int Count => activations.Count;

    public bool Contains(GrainId id) => activations.ContainsKey(id);

    public Activation GetOrCreate(GrainId id)
    {
        if (activations.TryGetValue(id, out var existing)) return existing;
        var fresh = new Activation(runtime, id);
        var winner = activations.GetOrAdd(id, fresh);
        // Only the instance that won the race is started, so one key never has two live loops.
        if (ReferenceEquals(winner, fresh)) fresh.Start();
        return winner;
    }

    /// <summary>Points <paramref name="old"/>'s id at <paramref name="successor"/>, or removes it.</summary>
    public void Replace(Activation old, Activation? successor)
    {
        if (successor is null)
        {
            activations.TryRemove(new KeyValuePair<GrainId, Activation>(old.Id, old));
            return;
        }
        if (activations.TryUpdate(old.Id, successor, old)) successor.Start();
        else
        {
            // Unreachable while Replace is only called by the activation the directory points at.
            activations.TryRemove(new KeyValuePair<GrainId, Activation>(old.Id, old));
            var winner = activations.GetOrAdd(old.Id, successor);
            if (ReferenceEquals(winner, successor)) successor.Start();
        }
    }

    public IReadOnlyCollection<Activation> Snapshot() => activations.Values.ToArray();
}
