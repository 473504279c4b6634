using Arena.Grains.Market;
using Arena.Grains.Trading;

namespace Arena.Tests.Bots;

/// <summary>
/// A market whose prices the test sets, for exact stop-loss / take-profit / liquidation scenarios.
/// It is a test source of prices (like a stub exchange), not a stand-in for our database.
/// </summary>
public sealed class ManualMarketFeed : IMarketFeed
{
    private readonly ConcurrentDictionary<string, Quote> quotes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<decimal>> closes = new(StringComparer.Ordinal);
    private readonly List<Channel<MarketTick>> subscribers = [];
    private long sequence;

    public static readonly SymbolInfo Btc = new("BTCUSDT", "BTC", "USDT", 2, 3, 0.01m, 0.001m, 0.001m, 5m);
    public static readonly SymbolInfo Eth = new("ETHUSDT", "ETH", "USDT", 2, 3, 0.01m, 0.001m, 0.001m, 5m);

    public ManualMarketFeed(params SymbolInfo[] symbols)
    {
        Symbols = symbols.Length > 0 ? symbols : [Btc, Eth];
    }

    public string Source => "manual";

    public IReadOnlyList<SymbolInfo> Symbols { get; }

    public IReadOnlyDictionary<string, Quote> Quotes => quotes;

    public bool TryGetSymbol(string symbol, out SymbolInfo info)
    {
        info = Symbols.FirstOrDefault(s => s.Symbol == symbol)!;
        return info is not null;
    }

    public bool TryGetQuote(string symbol, out Quote quote) => quotes.TryGetValue(symbol, out quote!);

    public IReadOnlyList<decimal> RecentCloses(string symbol, int count)
    {
        if (!closes.TryGetValue(symbol, out var list)) return [];
        lock (list) return list.TakeLast(count).ToArray();
    }

    /// <summary>Sets prices and publishes one tick with them.</summary>
    public void Set(params (string Symbol, decimal Price)[] prices)
    {
        var at = DateTimeOffset.UtcNow;
        var changed = new List<Quote>();
        foreach (var (symbol, price) in prices)
        {
            var quote = new Quote(symbol, price, price, price, price, 1000m, at);
            quotes[symbol] = quote;
            var list = closes.GetOrAdd(symbol, _ => []);
            lock (list) list.Add(price);
            changed.Add(quote);
        }
        var tick = new MarketTick(Interlocked.Increment(ref sequence), at, changed);
        lock (subscribers)
            foreach (var s in subscribers) s.Writer.TryWrite(tick);
    }

    public MarketSubscription Subscribe(int capacity = 64)
    {
        var channel = Channel.CreateBounded<MarketTick>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (subscribers) subscribers.Add(channel);
        return new MarketSubscription(channel.Reader, () =>
        {
            lock (subscribers) subscribers.Remove(channel);
            channel.Writer.TryComplete();
        });
    }
}
