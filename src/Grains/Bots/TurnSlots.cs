namespace Arena.Grains.Bots;

/// <summary>
/// The silo's limit on turns in flight (<see cref="BotsOptions.MaxConcurrentTurns"/>): a bot's turn holds a slot from
/// preparing to committing, so a burst of due turns queues here instead of opening more provider calls and database
/// transactions than the silo can carry. Each bot still has at most one turn in flight.
/// </summary>
public sealed class TurnSlots(IOptions<BotsOptions> options)
{
    private readonly SemaphoreSlim slots = new(options.Value.MaxConcurrentTurns);

    public Task WaitAsync(CancellationToken cancellationToken) => slots.WaitAsync(cancellationToken);

    public void Release() => slots.Release();
}
