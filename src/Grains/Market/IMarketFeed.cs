using Arena.Grains.Trading;

namespace Arena.Grains.Market;

/// <summary>One published update: the quotes that changed at this tick.</summary>
public sealed record MarketTick(long Sequence, DateTimeOffset At, IReadOnlyList<Quote> Quotes);

/// <summary>
/// The silo's view of the market (simulated or Binance-compatible). Implementations are singletons
/// that keep the latest quote per symbol and publish ticks to subscribers.
/// </summary>
public interface IMarketFeed
{
    /// <summary><c>simulated</c> or <c>binance</c>.</summary>
    string Source { get; }

    /// <summary>The tradable symbols, in a stable order.</summary>
    IReadOnlyList<SymbolInfo> Symbols { get; }

    /// <summary>Latest quote per symbol (empty until the first tick).</summary>
    IReadOnlyDictionary<string, Quote> Quotes { get; }

    bool TryGetSymbol(string symbol, out SymbolInfo info);

    bool TryGetQuote(string symbol, out Quote quote);

    /// <summary>Up to <paramref name="count"/> recent one-minute closes, oldest first (for strategies and prompts).</summary>
    IReadOnlyList<decimal> RecentCloses(string symbol, int count);

    /// <summary>
    /// A bounded stream of ticks for one subscriber; a slow subscriber loses its oldest ticks, never
    /// slows the feed. Complete by disposing the subscription.
    /// </summary>
    MarketSubscription Subscribe(int capacity = 64);
}

/// <summary>A subscriber's bounded tick channel; dispose to unsubscribe.</summary>
public sealed class MarketSubscription(ChannelReader<MarketTick> reader, Action unsubscribe) : IDisposable
{
    public ChannelReader<MarketTick> Reader { get; } = reader;

    public void Dispose() => unsubscribe();
}
