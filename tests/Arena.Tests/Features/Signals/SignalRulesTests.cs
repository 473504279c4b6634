using Arena.Grains.Signals;
using Arena.Grains.Trading;

namespace Arena.Tests.Features.Signals;

/// <summary>The pure rules of signals: horizon, confidence, status decisions and the return formula.</summary>
public sealed class SignalRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static SignalView Signal(SignalDirection direction = SignalDirection.Long, decimal entry = 100m, decimal? stop = 95m, decimal? target = 110m,
        DateTimeOffset? expires = null, SignalStatus status = SignalStatus.Active) =>
        new(1, "bot", "BTCUSDT", direction, null, entry, stop, target, 5, null, expires, null, status, null, null, null, null, null, Now);

    [Theory]
    [InlineData("4h", "4h", 240)]
    [InlineData(" 90M ", "90m", 90)]
    [InlineData("240", "240m", 240)]
    [InlineData("2d", "2d", 2880)]
    [InlineData("1w", "1w", 10080)]
    public void A_horizon_is_a_whole_number_with_a_unit_or_minutes(string text, string normalized, int minutes)
    {
        Assert.True(SignalRules.TryHorizon(text, out var n, out var span));
        Assert.Equal((normalized, TimeSpan.FromMinutes(minutes)), (n, span));
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("1.5h")]
    [InlineData("0m")]
    [InlineData("31d")]
    [InlineData("5y")]
    [InlineData("-4h")]
    public void Anything_else_is_not_a_horizon(string text) => Assert.False(SignalRules.TryHorizon(text, out _, out _));

    [Fact]
    public void Bad_confidence_and_horizon_become_null_with_a_note_and_good_ones_are_kept()
    {
        var order = new PlannedOpen("BTCUSDT", PositionSide.Long, 5, new Fill(100m, 1m, 100m, 0.05m), 20m, 81m, 95m, 110m);
        var notes = new List<string>();
        var bad = SignalRules.Intent(order, new ProposedDecision("LONG", "BTCUSDT", 100m, 5m, 95m, 110m, "why", "1.5", "whenever"), 0, notes);
        Assert.Equal((null, null, null), (bad.Confidence, bad.Horizon, bad.Lifetime));
        Assert.Equal(2, notes.Count);
        Assert.Contains("confidence", notes[0]);
        Assert.Contains("horizon", notes[1]);

        var good = SignalRules.Intent(order, new ProposedDecision("LONG", "BTCUSDT", 100m, 5m, 95m, 110m, "why", "80%", "4h"), 1, notes);
        Assert.Equal((0.8m, "4h", TimeSpan.FromHours(4), "why"), (good.Confidence, good.Horizon, good.Lifetime, good.Reasoning));
        Assert.Same(order, good.Order);
        Assert.Equal(2, notes.Count);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("1", 1)]
    [InlineData(" 0.75 ", 0.75)]
    [InlineData("75%", 0.75)]
    public void A_confidence_is_a_fraction_or_a_percentage(string text, double expected)
    {
        Assert.True(SignalRules.TryConfidence(text, out var c));
        Assert.Equal((decimal)expected, c);
    }

    [Theory]
    [InlineData("high")]
    [InlineData("1.01")]
    [InlineData("-0.1")]
    [InlineData("120%")]
    [InlineData("1e-1")]
    public void Anything_else_is_not_a_confidence(string text) => Assert.False(SignalRules.TryConfidence(text, out _));

    [Theory]
    [InlineData(SignalDirection.Long, 95, SignalStatus.HitStopLoss)]
    [InlineData(SignalDirection.Long, 90, SignalStatus.HitStopLoss)]
    [InlineData(SignalDirection.Long, 110, SignalStatus.HitTakeProfit)]
    [InlineData(SignalDirection.Long, 105, null)]
    [InlineData(SignalDirection.Short, 110, SignalStatus.HitStopLoss)]
    [InlineData(SignalDirection.Short, 95, SignalStatus.HitTakeProfit)]
    [InlineData(SignalDirection.Short, 100, null)]
    [InlineData(SignalDirection.Long, 0, null)]
    public void A_price_at_or_beyond_a_level_moves_an_active_signal(SignalDirection direction, int price, SignalStatus? expected)
    {
        var signal = direction == SignalDirection.Long ? Signal() : Signal(SignalDirection.Short, stop: 105m, target: 95m);
        Assert.Equal(expected, SignalRules.StatusAt(signal, price, Now));
    }

    [Fact]
    public void Past_its_horizon_a_signal_expires_whatever_the_price_and_an_ended_one_never_moves_again()
    {
        Assert.Equal(SignalStatus.Expired, SignalRules.StatusAt(Signal(expires: Now), 120m, Now));
        Assert.Equal(SignalStatus.Expired, SignalRules.StatusAt(Signal(expires: Now.AddSeconds(-1)), null, Now));
        Assert.Null(SignalRules.StatusAt(Signal(expires: Now.AddSeconds(1)), 100m, Now));
        Assert.Null(SignalRules.StatusAt(Signal(status: SignalStatus.HitTakeProfit), 50m, Now));
        Assert.Null(SignalRules.StatusAt(Signal(SignalDirection.Close, stop: null, target: null, expires: Now.AddDays(-1)), 50m, Now));
    }

    [Theory]
    [InlineData(CloseReason.StopLoss, SignalStatus.HitStopLoss)]
    [InlineData(CloseReason.Liquidation, SignalStatus.HitStopLoss)]
    [InlineData(CloseReason.TakeProfit, SignalStatus.HitTakeProfit)]
    [InlineData(CloseReason.Reset, SignalStatus.Closed)]
    [InlineData(CloseReason.Signal, SignalStatus.Closed)]
    public void A_risk_close_moves_the_open_signal_by_its_reason(CloseReason reason, SignalStatus expected) =>
        Assert.Equal(expected, SignalRules.StatusOfClose(reason));

    [Fact]
    public void The_return_is_the_move_from_entry_in_percent_signed_by_the_side()
    {
        Assert.Equal(4.9475m, SignalRules.ReturnPercent(SignalDirection.Long, 100.05m, 105m));
        Assert.Equal(-4.9475m, SignalRules.ReturnPercent(SignalDirection.Short, 100.05m, 105m));
        Assert.Equal(-5m, SignalRules.ReturnPercent(SignalDirection.Long, 100m, 95m));
        Assert.Equal(5m, SignalRules.ReturnPercent(SignalDirection.Short, 100m, 95m));
        Assert.Null(SignalRules.ReturnPercent(SignalDirection.Long, 100m, null));
        Assert.Null(SignalRules.ReturnPercent(SignalDirection.Close, 100m, 95m));
    }

    [Fact]
    public void An_active_signal_is_valued_at_the_market_and_an_ended_one_at_its_status_price()
    {
        Assert.Equal(103m, SignalRules.ValuationPrice(Signal(), 103m));
        Assert.Equal(103m, SignalRules.ValuationPrice(null, 103m));
        Assert.Equal(110.2m, SignalRules.ValuationPrice(Signal(status: SignalStatus.HitTakeProfit) with { StatusPrice = 110.2m }, 103m));
    }

    [Fact]
    public void The_parser_reads_confidence_and_horizon_and_older_answers_still_parse()
    {
        var parsed = DecisionParser.Parse("""{"decisions":[{"action":"LONG","symbol":"BTCUSDT","size":100,"leverage":"5x","stopLoss":95,"takeProfit":110,"confidence":"0.75","horizon":240}]}""");
        Assert.Equal(("0.75", "240"), (parsed.Decisions[0].Confidence, parsed.Decisions[0].Horizon));
        var old = DecisionParser.Parse("""{"decisions":[{"action":"HOLD","reasoning":"wait"}]}""");
        Assert.True(old.Succeeded);
        Assert.Equal((null, null), (old.Decisions[0].Confidence, old.Decisions[0].Horizon));
    }
}
