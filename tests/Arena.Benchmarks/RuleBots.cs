using Arena.Grains.Bots;
using Arena.Grains.Market;
using Arena.Grains.Providers;

namespace Arena.Benchmarks;

/// <summary>The benchmarks' trading load: the demo symbols, one rules provider per strategy, and N paper bots using them in turn.</summary>
public static class RuleBots
{
    public static async Task<IReadOnlyList<string>> CreateAsync(ArenaServer server, int count, CancellationToken cancellationToken)
    {
        await server.GetService<MarketStore>().SeedDemoSymbolsAsync(cancellationToken);
        var strategies = Arena.Grains.Providers.Rules.RuleStrategies.Names;
        var store = server.GetService<ProviderStore>();
        foreach (var strategy in strategies)
            await store.CreateAsync("rules-" + strategy.Replace('_', '-'), new ProviderInput("Rules " + strategy, ProviderSettings.RulesKind, strategy), cancellationToken: cancellationToken);
        var grains = server.GetService<Orleans.IGrainFactory>();
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var strategy = strategies[i % strategies.Count];
            var id = $"bench-{i:D3}";
            await grains.GetGrain<IBotGrain>(id).Create(new BotDefinition(id, $"Bench {i}", null, "rules-" + strategy.Replace('_', '-'),
                TradingMode.Paper, 10_000m, 10, null, true, $"Benchmark bot {i} ({strategy}).", null));
            ids.Add(id);
        }
        return ids;
    }
}
