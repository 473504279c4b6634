namespace Arena.Grains.Common;

/// <summary>
/// Values that are expensive to compute and fine to serve a few seconds old (the leaderboard), per key.
/// <list type="bullet">
/// <item>Single flight: however many callers ask at once, one computation runs per key.</item>
/// <item>A value is fresh for <c>lifetime</c> after its computation started. After that, the first caller starts a
/// new computation and every caller keeps getting the previous value until it completes (stale while revalidating),
/// so after the first computation nobody waits for one. Only the very first caller of a key, and every caller when
/// <c>lifetime</c> is zero, waits.</item>
/// <item>A failed computation and a null result ("no such thing") are not kept: the next caller computes again and
/// waits (a failure surfaces instead of an old value being served forever), and unknown keys never accumulate.</item>
/// </list>
/// </summary>
/// <remarks>
/// Computations run without the caller's cancellation token: one spectator hanging up must not cancel the answer
/// the others are waiting for. Callers stop waiting with their own token instead.
/// </remarks>
public sealed class ComputedCache<TKey, TValue>(TimeProvider clock, TimeSpan lifetime)
    where TKey : notnull
    where TValue : class
{
    private readonly ConcurrentDictionary<TKey, Entry> entries = new();

    private sealed class Entry(Func<Task<TValue?>> compute, DateTimeOffset startedAt, TValue? previous)
    {
        private readonly Lazy<Task<TValue?>> value = new(compute);

        public Task<TValue?> Task => value.Value;

        public bool Started => value.IsValueCreated;

        /// <summary>The value this entry replaces, served while it computes.</summary>
        public TValue? Previous { get; } = previous;

        public TValue? Completed => Started && Task.IsCompletedSuccessfully ? Task.Result : null;

        public bool FreshAt(DateTimeOffset now, TimeSpan lifetime) => Completed is not null && now - startedAt < lifetime;
    }

    public async Task<TValue?> GetAsync(TKey key, Func<TKey, Task<TValue?>> compute, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var now = clock.GetUtcNow();
            entries.TryGetValue(key, out var current);
            if (current is not null)
            {
                if (current.FreshAt(now, lifetime)) return current.Completed;
                if (!current.Started || !current.Task.IsCompleted)
                    return current.Previous ?? await AwaitAsync(key, current, cancellationToken);
            }

            var previous = lifetime > TimeSpan.Zero ? current?.Completed : null;
            var fresh = new Entry(() => compute(key), now, previous);
            // Only the caller that installs the entry starts it; a caller that lost the race loops and uses the winner's.
            if (!(current is null ? entries.TryAdd(key, fresh) : entries.TryUpdate(key, fresh, current))) continue;
            if (previous is null) return await AwaitAsync(key, fresh, cancellationToken);
            _ = fresh.Task.ContinueWith(t => Forget(key, fresh, t), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return previous;
        }
    }

    private async Task<TValue?> AwaitAsync(TKey key, Entry entry, CancellationToken cancellationToken)
    {
        try
        {
            var value = await entry.Task.WaitAsync(cancellationToken);
            if (value is null) entries.TryRemove(new KeyValuePair<TKey, Entry>(key, entry));
            return value;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            entries.TryRemove(new KeyValuePair<TKey, Entry>(key, entry));
            throw;
        }
    }

    // A background refresh that failed or found nothing is dropped (its exception observed here), so the next caller computes again.
    private void Forget(TKey key, Entry entry, Task<TValue?> task)
    {
        if (task.IsCompletedSuccessfully && task.Result is not null) return;
        _ = task.Exception;
        entries.TryRemove(new KeyValuePair<TKey, Entry>(key, entry));
    }
}
