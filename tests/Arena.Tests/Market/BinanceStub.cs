using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Arena.Tests.Market;

/// <summary>
/// A Binance-shaped server on 127.0.0.1 (a free port) for the real HTTP client: exchangeInfo, the 24h tickers and
/// one-minute klines, each replaceable by a failure (status, Retry-After, malformed or oversized body, a slow answer).
/// </summary>
public sealed class BinanceStub : IAsyncDisposable
{
    public const string ExchangeInfoPath = "/fapi/v1/exchangeInfo";
    public const string TickerPath = "/fapi/v1/ticker/24hr";
    public const string KlinesPath = "/fapi/v1/klines";

    private readonly ConcurrentDictionary<string, Reply> replies = new();
    private readonly ConcurrentQueue<string> requests = new();
    private WebApplication app = null!;

    /// <summary>The instant the klines are built around (the newest kline is still open at this time).</summary>
    public DateTimeOffset Now { get; set; } = new(2026, 3, 1, 12, 0, 30, TimeSpan.Zero);

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyCollection<string> Requests => requests;

    public int CountRequests(string path) => requests.Count(r => r.StartsWith(path, StringComparison.Ordinal));

    public sealed record Reply(int Status, string Body, TimeSpan Delay = default, string? RetryAfter = null);

    public void Set(string path, Reply reply) => replies[path] = reply;

    public void Reset(string path) => replies.TryRemove(path, out _);

    public static async Task<BinanceStub> StartAsync()
    {
        var stub = new BinanceStub();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        stub.app = builder.Build();
        stub.app.Run(stub.HandleAsync);
        await stub.app.StartAsync();
        stub.BaseAddress = new Uri(stub.app.Urls.First());
        return stub;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        requests.Enqueue(path + context.Request.QueryString);
        var reply = replies.TryGetValue(path, out var set) ? set : Default(path, context.Request.Query["symbol"].ToString());
        if (reply.Delay > TimeSpan.Zero) await Task.Delay(reply.Delay, context.RequestAborted);
        context.Response.StatusCode = reply.Status;
        if (reply.RetryAfter is not null) context.Response.Headers.RetryAfter = reply.RetryAfter;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(reply.Body, context.RequestAborted);
    }

    private Reply Default(string path, string symbol) => path switch
    {
        ExchangeInfoPath => new Reply(200, ExchangeInfoJson),
        TickerPath => new Reply(200, TickersJson(95_000.10m, 3_400.25m)),
        KlinesPath => new Reply(200, KlinesJson(symbol == "ETHUSDT" ? 3_000m : 90_000m)),
        _ => new Reply(404, """{"code":-1,"msg":"unknown"}"""),
    };

    public const string ExchangeInfoJson = """
        {"timezone":"UTC","serverTime":1772366430000,"rateLimits":[],"assets":[],"symbols":[
          {"symbol":"BTCUSDT","pair":"BTCUSDT","contractType":"PERPETUAL","status":"TRADING","baseAsset":"BTC","quoteAsset":"USDT",
           "pricePrecision":2,"quantityPrecision":3,"orderTypes":["LIMIT","MARKET"],"timeInForce":["GTC"],"filters":[
             {"filterType":"PRICE_FILTER","minPrice":"261.10","maxPrice":"809484","tickSize":"0.10"},
             {"filterType":"LOT_SIZE","stepSize":"0.001","maxQty":"1000","minQty":"0.001"},
             {"filterType":"MARKET_LOT_SIZE","stepSize":"0.001","maxQty":"120","minQty":"0.001"},
             {"filterType":"MIN_NOTIONAL","notional":"100"},
             {"filterType":"PERCENT_PRICE","multiplierUp":"1.0500","multiplierDown":"0.9500","multiplierDecimal":"4"}]},
          {"symbol":"ETHUSDT","pair":"ETHUSDT","contractType":"PERPETUAL","status":"TRADING","baseAsset":"ETH","quoteAsset":"USDT",
           "pricePrecision":2,"quantityPrecision":3,"filters":[
             {"filterType":"PRICE_FILTER","tickSize":"0.01"},{"filterType":"LOT_SIZE","stepSize":"0.001","minQty":"0.001"},
             {"filterType":"MIN_NOTIONAL","notional":"20"}]},
          {"symbol":"OLDUSDT","pair":"OLDUSDT","contractType":"PERPETUAL","status":"SETTLING","baseAsset":"OLD","quoteAsset":"USDT",
           "pricePrecision":4,"quantityPrecision":0,"filters":[{"filterType":"PRICE_FILTER","tickSize":"0.0001"},{"filterType":"LOT_SIZE","stepSize":"1","minQty":"1"}]},
          {"symbol":"BTCUSDT_260327","pair":"BTCUSDT","contractType":"CURRENT_QUARTER","status":"TRADING","baseAsset":"BTC","quoteAsset":"USDT",
           "pricePrecision":1,"quantityPrecision":3,"filters":[]},
          {"symbol":"ETHBTC","pair":"ETHBTC","contractType":"PERPETUAL","status":"TRADING","baseAsset":"ETH","quoteAsset":"BTC",
           "pricePrecision":6,"quantityPrecision":3,"filters":[{"filterType":"PRICE_FILTER","tickSize":"0.000001"},{"filterType":"LOT_SIZE","stepSize":"0.001","minQty":"0.001"}]},
          {"symbol":"BROKEN","status":"TRADING"},
          "not an object",
          {"symbol":"evil<script>","contractType":"PERPETUAL","status":"TRADING","baseAsset":"X","quoteAsset":"USDT","pricePrecision":2,"quantityPrecision":2,"filters":[]}
        ]}
        """;

    public static string TickersJson(decimal btc, decimal eth) => "[" + string.Join(",",
        Ticker("BTCUSDT", btc, 94_000.5m, 96_100m, 93_800m, 123_456.789m),
        Ticker("ETHUSDT", eth, 3_300m, 3_450m, 3_250m, 987_654.321m),
        Ticker("OLDUSDT", 0.5m, 0.5m, 0.5m, 0.5m, 0m),
        """{"symbol":"XRPUSDT","lastPrice":"abc","openPrice":"1","highPrice":"1","lowPrice":"1","volume":"1","closeTime":1}""",
        """{"symbol":"ADAUSDT","lastPrice":"-1","openPrice":"1","highPrice":"1","lowPrice":"1","volume":"1","closeTime":1}""",
        "42") + "]";

    private static string Ticker(string symbol, decimal last, decimal open, decimal high, decimal low, decimal volume) =>
        FormattableString.Invariant($$"""{"symbol":"{{symbol}}","priceChange":"0","priceChangePercent":"0","weightedAvgPrice":"0","lastPrice":"{{last}}","lastQty":"0.010","openPrice":"{{open}}","highPrice":"{{high}}","lowPrice":"{{low}}","volume":"{{volume}}","quoteVolume":"0","openTime":1772280000000,"closeTime":1772366430000,"firstId":1,"lastId":2,"count":2}""");

    /// <summary>Five one-minute klines ending with the one open at <see cref="Now"/>; closes are base, base+1, ... base+4.</summary>
    public string KlinesJson(decimal basePrice)
    {
        var openMinute = Now.ToUnixTimeMilliseconds() / 60_000 * 60_000;
        var rows = Enumerable.Range(0, 5).Select(i =>
        {
            var open = openMinute - (4 - i) * 60_000L;
            var close = basePrice + i;
            return FormattableString.Invariant($"[{open},\"{close - 0.5m}\",\"{close + 1}\",\"{close - 1}\",\"{close}\",\"10.5\",{open + 59_999},\"0\",5,\"0\",\"0\",\"0\"]");
        });
        return "[" + string.Join(",", rows.Append("[1,\"x\"]")) + "]";
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
