namespace Arena.Grains.Bots.Cluster;

/// <summary>A bot and the silo it should be activated on, or moved to.</summary>
public sealed record BotPlacement(string BotId, SiloAddress Silo);

/// <summary>What one keeper round does: bots to activate where they are missing, bots to move off crowded silos.</summary>
public sealed record SpreadPlan(IReadOnlyList<BotPlacement> Activate, IReadOnlyList<BotPlacement> Move);

/// <summary>
/// The keeper's arithmetic, pure: every active bot on one of the engine silos, and none of them above ⌈bots ÷ silos⌉.
/// Ties go to the silo listed first, and bots are taken in id order, so the same inputs give the same plan.
/// </summary>
public static class BotSpread
{
    /// <param name="activeBots">The bots that should run.</param>
    /// <param name="placed">Where bots are activated now, as reported by the active silos (a dead silo reports nothing).</param>
    /// <param name="silos">The silos that run the engine, in keeper order.</param>
    public static SpreadPlan Plan(IReadOnlyCollection<string> activeBots, IReadOnlyDictionary<string, SiloAddress> placed, IReadOnlyList<SiloAddress> silos)
    {
        if (silos.Count == 0) return new SpreadPlan([], []);
        var load = silos.ToDictionary(s => s, _ => new List<string>());
        var missing = new List<string>();
        var elsewhere = new List<string>();
        foreach (var bot in activeBots.Order(StringComparer.Ordinal))
        {
            if (!placed.TryGetValue(bot, out var silo)) missing.Add(bot);
            else if (load.TryGetValue(silo, out var onSilo)) onSilo.Add(bot);
            else elsewhere.Add(bot); // activated on a silo that does not run the engine (an admin call placed it there)
        }

        SiloAddress LeastLoaded() => silos.MinBy(s => load[s].Count)!;
        var activate = new List<BotPlacement>();
        var move = new List<BotPlacement>();
        foreach (var bot in missing.Concat(elsewhere).Order(StringComparer.Ordinal))
        {
            var target = LeastLoaded();
            load[target].Add(bot);
            (placed.ContainsKey(bot) ? move : activate).Add(new BotPlacement(bot, target));
        }

        var cap = (activeBots.Count + silos.Count - 1) / silos.Count;
        foreach (var crowded in silos)
        {
            // The last bots by id leave first; a bot placed in this round stays where it was just put.
            var movable = load[crowded].Where(b => placed.TryGetValue(b, out var at) && at.Equals(crowded)).OrderDescending(StringComparer.Ordinal).ToList();
            while (load[crowded].Count > cap && movable.Count > 0)
            {
                var target = LeastLoaded();
                if (load[target].Count + 1 > cap) break;
                var bot = movable[0];
                movable.RemoveAt(0);
                load[crowded].Remove(bot);
                load[target].Add(bot);
                move.Add(new BotPlacement(bot, target));
            }
        }
        return new SpreadPlan(activate, move);
    }
}
