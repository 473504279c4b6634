using Arena.Grains.Bots;
using Arena.Grains.Market;

namespace Arena.Grains.Desk;

/// <summary>The <see cref="DeskMarket"/> snapshot the deciders take: the silo's feed, the arena's settings and the leverage policies (both cached).</summary>
public sealed class DeskMarketSource(IMarketFeed market, SettingsService settings, LeveragePolicies policies)
{
    public async Task<DeskMarket> CurrentAsync(CancellationToken cancellationToken = default)
    {
        var rules = (await settings.CurrentAsync(cancellationToken)).Rules;
        var limits = await policies.CurrentAsync(cancellationToken);
        return new DeskMarket(market.Symbols.ToDictionary(s => s.Symbol, StringComparer.Ordinal), market.Quotes, rules, limits);
    }

    public async Task<decimal> StartingBalanceAsync(CancellationToken cancellationToken = default) =>
        (await settings.CurrentAsync(cancellationToken)).DeskStartingBalance;

    public IReadOnlyDictionary<string, Trading.Quote> Quotes => market.Quotes;
}
