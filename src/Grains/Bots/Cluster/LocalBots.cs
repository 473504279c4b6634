using Arena.Grains.Trading;

namespace Arena.Grains.Bots.Cluster;

/// <summary>
/// The bots this silo runs (an active bot's activation is here) and their open positions as of each activation's last
/// commit. Each bot grain publishes itself; the risk monitor reads it on every market tick and the handover at a graceful
/// stop knows what to move. One writer per bot (its activation), so an entry is always one commit's positions.
/// </summary>
public sealed class LocalBots
{
    private readonly ConcurrentDictionary<string, ImmutableList<OpenPosition>> running = new(StringComparer.Ordinal);

    public void Run(string botId, ImmutableList<OpenPosition> positions) => running[botId] = positions;

    public void Remove(string botId) => running.TryRemove(botId, out _);

    public IReadOnlyList<string> Ids => running.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>The running bots that hold open positions.</summary>
    public IEnumerable<KeyValuePair<string, ImmutableList<OpenPosition>>> WithPositions => running.Where(r => !r.Value.IsEmpty);
}
