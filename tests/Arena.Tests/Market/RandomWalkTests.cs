using Arena.Grains.Market;
using Arena.Grains.Trading;

namespace Arena.Tests.Market;

public sealed class RandomWalkTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public void The_same_seed_symbol_and_tick_give_the_same_price()
    {
        var a = RandomWalk.PriceAt(7, "BTCUSDT", 0.6m, Second, 95_000m, 5_000);
        var b = RandomWalk.PriceAt(7, "BTCUSDT", 0.6m, Second, 95_000m, 5_000);
        Assert.Equal(a, b);
        Assert.NotEqual(95_000m, a);
        Assert.NotEqual(a, RandomWalk.PriceAt(8, "BTCUSDT", 0.6m, Second, 95_000m, 5_000));
        Assert.NotEqual(a, RandomWalk.PriceAt(7, "ETHUSDT", 0.6m, Second, 95_000m, 5_000));
    }

    [Fact]
    public void The_path_is_pinned_to_exact_digits_so_every_machine_and_version_computes_the_same()
    {
        // If this changes, every running arena's simulated prices jump: change it only on purpose.
        Assert.Equal(4495733446125262380UL, RandomWalk.SymbolKey("BTCUSDT"));
        Assert.Equal(RandomWalk.SymbolKey("BTCUSDT"), RandomWalk.SymbolKey("btcusdt"));
        Assert.Equal(1.4142135623730950488016887242m, RandomWalk.Sqrt(2m));
        Assert.Equal(94773.76891084412646443689168m, RandomWalk.PriceAt(20_240_601, "BTCUSDT", 0.6m, Second, 95_000m, 1_000));
    }

    [Fact]
    public void A_tick_depends_only_on_its_index_not_on_where_the_walk_started()
    {
        var fromZero = new SimulatedWalk(1, "SOLUSDT", 1.0m, Second, 0, 180m);
        while (fromZero.Tick < 300) fromZero.Step();
        var resumed = new SimulatedWalk(1, "SOLUSDT", 1.0m, Second, 300, fromZero.Price);
        while (fromZero.Tick < 900) fromZero.Step();
        while (resumed.Tick < 900) resumed.Step();
        Assert.Equal(fromZero.Price, resumed.Price);
    }

    [Fact]
    public void Z_draws_have_mean_zero_and_variance_one()
    {
        var stream = RandomWalk.Stream(42, "ETHUSDT");
        double sum = 0, squares = 0;
        const int n = 100_000;
        for (var tick = 1; tick <= n; tick++)
        {
            var z = (double)RandomWalk.Z(stream, tick);
            Assert.InRange(z, -6, 6);
            sum += z;
            squares += z * z;
        }
        var mean = sum / n;
        Assert.InRange(mean, -0.02, 0.02);
        Assert.InRange(squares / n - mean * mean, 0.97, 1.03);
    }

    [Theory]
    [InlineData(0.6, 1)]
    [InlineData(1.1, 60)]
    public void Prices_stay_positive_and_move_with_the_configured_volatility(double annual, int intervalSeconds)
    {
        var interval = TimeSpan.FromSeconds(intervalSeconds);
        var walk = new SimulatedWalk(99, "DOGEUSDT", (decimal)annual, interval, 0, 0.22m);
        const int n = 50_000;
        double sum = 0, squares = 0;
        var previous = walk.Price;
        for (var i = 0; i < n; i++)
        {
            walk.Step();
            Assert.True(walk.Price > 0);
            var r = Math.Log((double)(walk.Price / previous));
            sum += r;
            squares += r * r;
            previous = walk.Price;
        }
        var stepStd = Math.Sqrt(squares / n - Math.Pow(sum / n, 2));
        var annualized = stepStd * Math.Sqrt(TimeSpan.FromDays(365) / interval);
        Assert.InRange(annualized, annual * 0.9, annual * 1.1);
    }

    [Fact]
    public void An_absurd_volatility_still_keeps_the_price_positive()
    {
        var walk = new SimulatedWalk(3, "XRPUSDT", 50m, TimeSpan.FromHours(1), 0, 2.3m);
        for (var i = 0; i < 20_000; i++)
        {
            walk.Step();
            Assert.True(walk.Price >= RandomWalk.PriceFloor);
        }
    }

    [Fact]
    public void Step_sigma_scales_with_the_square_root_of_the_interval()
    {
        Assert.Equal(0.6m, RandomWalk.StepSigma(0.6m, TimeSpan.FromDays(365)));
        var perSecond = RandomWalk.StepSigma(0.6m, Second);
        Assert.InRange(perSecond, 0.00010684346m, 0.00010684347m);
    }

    [Fact]
    public void Published_prices_are_rounded_half_even_to_the_tick_size_and_never_below_one_tick()
    {
        var btc = Symbol(0.1m);
        Assert.Equal(95_000.1m, MarketFeed.RoundPrice(btc, 95_000.149m));
        Assert.Equal(95_000.2m, MarketFeed.RoundPrice(btc, 95_000.15m));
        Assert.Equal(95_000.2m, MarketFeed.RoundPrice(btc, 95_000.25m));
        var doge = Symbol(0.00001m);
        Assert.Equal(0.22123m, MarketFeed.RoundPrice(doge, 0.2212345m));
        Assert.Equal(0.00001m, MarketFeed.RoundPrice(doge, 0.000001m));
        Assert.Equal(10.025m, MarketFeed.RoundToStep(10.03m, 0.025m));
    }

    [Fact]
    public void Demo_symbols_are_the_ten_with_realistic_precisions_and_volatilities()
    {
        var demo = MarketSeed.DemoSymbols();
        Assert.Equal(["BTCUSDT", "ETHUSDT", "SOLUSDT", "BNBUSDT", "XRPUSDT", "DOGEUSDT", "ADAUSDT", "AVAXUSDT", "LINKUSDT", "LTCUSDT"], demo.Select(s => s.Info.Symbol));
        Assert.All(demo, s =>
        {
            Assert.True(s.IsSimulatable);
            Assert.InRange(s.Info.MinNotional, 5m, 20m);
            Assert.InRange(s.AnnualVolatility!.Value, 0.5m, 1.2m);
            Assert.Equal(s.Info.PricePrecision, MarketSeed.Decimals(s.Info.TickSize));
            Assert.Equal(0m, s.InitialPrice!.Value % s.Info.TickSize);
        });
        Assert.Equal(1, demo.Single(s => s.Info.Symbol == "BTCUSDT").Info.PricePrecision);
    }

    private static SymbolInfo Symbol(decimal tick) => new("TESTUSDT", "TEST", "USDT", MarketSeed.Decimals(tick), 0, tick, 1m, 1m, 5m);
}
