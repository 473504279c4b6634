namespace Arena.Grains.Bots.Cluster;

/// <summary>The bots activated in this silo (each bot grain adds itself on activation and removes itself on deactivation).</summary>
public sealed class LocalBots
{
    private readonly ConcurrentDictionary<string, bool> ids = new(StringComparer.Ordinal);

    public void Add(string botId) => ids[botId] = true;

    public void Remove(string botId) => ids.TryRemove(botId, out _);

    public IReadOnlyList<string> Ids => ids.Keys.Order(StringComparer.Ordinal).ToArray();
}
