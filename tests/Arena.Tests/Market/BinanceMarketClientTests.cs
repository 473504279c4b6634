using Arena.Grains.Market;
using Arena.Grains.Trading;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Arena.Tests.Market;

public sealed class BinanceMarketClientTests : IAsyncLifetime
{
    private BinanceStub stub = null!;

    public async Task InitializeAsync() => stub = await BinanceStub.StartAsync();

    public async Task DisposeAsync() => await stub.DisposeAsync();

    private BinanceMarketClient Client(MarketOptions? options = null) =>
        new(new HttpClient { BaseAddress = stub.BaseAddress }, Options.Create(options ?? new MarketOptions { BinanceTimeout = TimeSpan.FromSeconds(5) }),
            TimeProvider.System, NullLogger<BinanceMarketClient>.Instance);

    [Fact]
    public async Task Exchange_info_gives_each_wellformed_symbol_with_its_filters_and_skips_the_rest()
    {
        var symbols = await Client().GetExchangeInfoAsync(retries: 0);

        Assert.Equal(["BTCUSDT", "ETHUSDT", "OLDUSDT", "ETHBTC"], symbols.Select(s => s.Info.Symbol));
        Assert.Equal(new SymbolInfo("BTCUSDT", "BTC", "USDT", 2, 3, 0.1m, 0.001m, 0.001m, 100m), symbols[0].Info);
        Assert.Equal(["BTCUSDT", "ETHUSDT"], symbols.Where(s => s.IsTradableUsdtPerpetual).Select(s => s.Info.Symbol));
    }

    [Fact]
    public async Task Tickers_parse_string_prices_exactly_and_skip_garbage()
    {
        var tickers = await Client().GetTickersAsync();

        Assert.Equal(["BTCUSDT", "ETHUSDT", "OLDUSDT"], tickers.Select(t => t.Symbol));
        var btc = tickers[0];
        Assert.Equal((95_000.10m, 94_000.5m, 96_100m, 93_800m, 123_456.789m), (btc.LastPrice, btc.OpenPrice, btc.HighPrice, btc.LowPrice, btc.Volume));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1772366430000), btc.CloseTime);
        Assert.Equal("/fapi/v1/ticker/24hr", Assert.Single(stub.Requests));
    }

    [Fact]
    public async Task Klines_are_read_for_one_symbol_and_minute_interval()
    {
        var klines = await Client().GetKlinesAsync("ETHUSDT", 5, retries: 0);

        Assert.Equal([3_000m, 3_001m, 3_002m, 3_003m, 3_004m], klines.Select(k => k.Close));
        Assert.All(klines, k => Assert.Equal(TimeSpan.FromMilliseconds(59_999), k.CloseTime - k.OpenTime));
        Assert.Equal("/fapi/v1/klines?symbol=ETHUSDT&interval=1m&limit=5", Assert.Single(stub.Requests));
        await Assert.ThrowsAsync<ArgumentException>(() => Client().GetKlinesAsync("ETH&x=1", 5, 0));
    }

    [Fact]
    public async Task A_server_error_is_retried_a_bounded_number_of_times_then_reported()
    {
        stub.Set(BinanceStub.ExchangeInfoPath, new BinanceStub.Reply(500, """{"code":-1000}"""));
        var ex = await Assert.ThrowsAsync<BinanceUnavailableException>(() => Client().GetExchangeInfoAsync(retries: 2));
        Assert.Contains("HTTP 500", ex.Message);
        Assert.Equal(3, stub.CountRequests(BinanceStub.ExchangeInfoPath));
    }

    [Theory]
    [InlineData(429, "7", 7)]
    [InlineData(418, "120", 120)]
    [InlineData(429, null, 30)]
    public async Task Rate_limits_and_bans_are_never_retried_and_carry_how_long_to_wait(int status, string? retryAfter, int expectedSeconds)
    {
        stub.Set(BinanceStub.ExchangeInfoPath, new BinanceStub.Reply(status, """{"code":-1003,"msg":"Too many requests"}""", RetryAfter: retryAfter));
        var ex = await Assert.ThrowsAsync<BinanceRateLimitedException>(() => Client().GetExchangeInfoAsync(retries: 3));
        Assert.Equal(status, ex.Status);
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), ex.RetryAfter);
        Assert.Equal(1, stub.CountRequests(BinanceStub.ExchangeInfoPath));
    }

    [Theory]
    [InlineData("{\"symbols\": [")]
    [InlineData("<html>502 Bad Gateway</html>")]
    [InlineData("{\"symbols\": {}}")]
    [InlineData("[]")]
    public async Task A_malformed_or_misshapen_body_is_reported_not_trusted(string body)
    {
        stub.Set(BinanceStub.ExchangeInfoPath, new BinanceStub.Reply(200, body));
        await Assert.ThrowsAsync<BinanceUnavailableException>(() => Client().GetExchangeInfoAsync(retries: 0));
    }

    [Fact]
    public async Task A_ticker_that_is_not_an_array_is_reported()
    {
        stub.Set(BinanceStub.TickerPath, new BinanceStub.Reply(200, """{"symbol":"BTCUSDT"}"""));
        await Assert.ThrowsAsync<BinanceUnavailableException>(() => Client().GetTickersAsync());
    }

    [Fact]
    public async Task A_slow_answer_times_out_without_waiting_for_it()
    {
        stub.Set(BinanceStub.TickerPath, new BinanceStub.Reply(200, "[]", Delay: TimeSpan.FromSeconds(30)));
        var client = Client(new MarketOptions { BinanceTimeout = TimeSpan.FromMilliseconds(200) });
        var call = client.GetTickersAsync();
        Assert.True(await Task.WhenAny(call, Task.Delay(TimeSpan.FromSeconds(10))) == call, "the timeout did not fire");
        var ex = await Assert.ThrowsAsync<BinanceUnavailableException>(() => call);
        Assert.Contains("did not answer", ex.Message);
    }

    [Fact]
    public async Task An_oversized_body_is_refused()
    {
        stub.Set(BinanceStub.TickerPath, new BinanceStub.Reply(200, "[" + string.Join(",", Enumerable.Repeat("\"padding\"", 500)) + "]"));
        var client = Client(new MarketOptions { BinanceMaxResponseBytes = 1024 });
        var ex = await Assert.ThrowsAsync<BinanceUnavailableException>(() => client.GetTickersAsync());
        Assert.Contains("1024 bytes", ex.Message);
    }
}
