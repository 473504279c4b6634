namespace Arena.Grains.Spectators;

/// <summary>
/// What a spectator sees of the arena at one moment: the bots, their standings, their open positions and the
/// latest prices. The spectator stream (<c>GET /ws/arena</c>) sends it as the <c>snapshot</c> message; it must
/// hold public fields only (no prompts, providers, credentials or user data), because it goes to anyone.
/// </summary>
/// <remarks>
/// The stream calls <see cref="ReadAsync"/> after it has subscribed to the live events, so the content must be
/// read from committed state at call time (never from a cache older than the call): that is what makes every
/// event up to the subscription point reflected in it. Implementations are singletons and must be thread-safe.
/// </remarks>
public interface IArenaSnapshotSource
{
    Task<ArenaSnapshotContent> ReadAsync(CancellationToken cancellationToken);
}
