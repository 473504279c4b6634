namespace Arena.Grains.Auth;

/// <summary>
/// At most <see cref="AuthOptions.PasswordHashConcurrency"/> password hashes or checks run at once on this silo. Each takes
/// a core for a few hundred milliseconds (PBKDF2 at 600,000 iterations), so a burst of registrations or sign-ins would
/// otherwise take every core and stall the rest of the API. A caller waits at most <see cref="AuthOptions.PasswordHashWait"/>
/// for a slot, then gets <see cref="Busy"/> (503 + Retry-After): waiting callers stay bounded by that wait.
/// </summary>
public sealed class PasswordHashingSlots : IDisposable
{
    public static readonly Rejection Busy =
        Rejection.Busy("Too many passwords are being checked right now; retry shortly.", TimeSpan.FromSeconds(1));

    private readonly SemaphoreSlim slots;
    private readonly TimeSpan wait;

    public PasswordHashingSlots(IOptions<AuthOptions> options)
    {
        Concurrency = options.Value.PasswordHashConcurrency ?? Math.Max(1, Environment.ProcessorCount / 2);
        wait = options.Value.PasswordHashWait;
        slots = new SemaphoreSlim(Concurrency, Concurrency);
    }

    public int Concurrency { get; }

    /// <summary>Runs <paramref name="hashing"/> in a slot, or answers <see cref="Busy"/> when none frees up in time.</summary>
    public async Task<Result<T>> RunAsync<T>(Func<T> hashing, CancellationToken cancellationToken = default)
    {
        using var slot = await EnterAsync(cancellationToken);
        if (slot is null) return Busy;
        return hashing();
    }

    /// <summary>A slot held until the returned value is disposed; null when none freed up within the wait.</summary>
    public async Task<IDisposable?> EnterAsync(CancellationToken cancellationToken = default) =>
        await slots.WaitAsync(wait, cancellationToken) ? new Slot(slots) : null;

    public void Dispose() => slots.Dispose();

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0) slots.Release();
        }
    }
}
