using Arena.Grains.Trading;
using static Arena.Grains.Trading.DecisionRejectionCode;
using static Arena.Tests.Trading.TradingFixtures;
using static Arena.Tests.Trading.ValidatorFixtures;

namespace Arena.Tests.Trading;

/// <summary>Decisions are judged in order, each against the state the accepted ones before it left.</summary>
public sealed class DecisionValidatorSequenceTests
{
    private static DecisionRejectionCode?[] Codes(TurnPlan plan) => plan.Verdicts.Select(v => v.Rejection?.Code).ToArray();

    [Fact]
    public void A_second_open_in_the_same_symbol_is_rejected()
    {
        var plan = DecisionValidator.Validate([Long(), Long(size: 2000m)], Context());

        Assert.Equal([null, PositionExists], Codes(plan));
        Assert.Single(plan.Orders);
    }

    [Fact]
    public void The_first_open_can_exhaust_the_balance_for_the_second()
    {
        var plan = DecisionValidator.Validate([Long(), Short()], Context(150m));

        Assert.Equal([null, InsufficientMargin], Codes(plan));
        Assert.Equal(150m - 96.52824m, plan.BalanceAfter);
        Assert.Contains("free balance of 53.47176 USDT", plan.Verdicts[1].Rejection!.Reason);
    }

    [Fact]
    public void A_close_frees_margin_for_a_later_open_in_the_same_answer()
    {
        var context = Context(0m, BtcLong()) with
        {
            Quotes = new Dictionary<string, Quote> { ["BTCUSDT"] = QuoteOf("BTCUSDT", 62000m), ["ETHUSDT"] = QuoteOf("ETHUSDT", 3000m) },
        };

        var plan = DecisionValidator.Validate([Short(), Close("BTCUSDT"), Short()], context);

        Assert.Equal([InsufficientMargin, null, null], Codes(plan));
        Assert.Equal(126.576248m - 99.7990755m, plan.BalanceAfter);
    }

    [Fact]
    public void Closing_and_reopening_a_symbol_in_one_answer_is_subject_to_the_cooldown()
    {
        var plan = DecisionValidator.Validate([Close("BTCUSDT"), Short(symbol: "BTCUSDT", size: 1000m, stopLoss: 62000m, takeProfit: 55000m)],
            Context(positions: BtcLong()));

        Assert.Equal([null, SymbolCooldown], Codes(plan));
    }

    [Fact]
    public void Without_a_cooldown_a_position_can_be_flipped_in_one_answer()
    {
        var context = Context(positions: BtcLong()) with { Rules = Rules with { SymbolCooldown = TimeSpan.Zero } };

        var plan = DecisionValidator.Validate([Close("BTCUSDT"), Short(symbol: "BTCUSDT", size: 1000m, stopLoss: 62000m, takeProfit: 55000m)], context);

        Assert.Equal([null, null], Codes(plan));
        Assert.IsType<PlannedClose>(plan.Orders[0]);
        Assert.Equal(PositionSide.Short, Assert.IsType<PlannedOpen>(plan.Orders[1]).Side);
    }

    [Fact]
    public void A_position_opened_in_this_answer_cannot_be_closed_in_it()
    {
        var plan = DecisionValidator.Validate([Long(), Close("BTCUSDT")], Context());

        Assert.Equal([null, PositionOpenedThisTurn], Codes(plan));
    }

    [Fact]
    public void Closing_twice_rejects_the_second_close()
    {
        var plan = DecisionValidator.Validate([Close("BTCUSDT"), Close("btcusdt")], Context(positions: BtcLong()));

        Assert.Equal([null, NoOpenPosition], Codes(plan));
    }

    [Fact]
    public void Opens_in_this_answer_count_towards_the_maximum_and_closes_free_a_slot()
    {
        var context = Context(positions: EthShort()) with { Rules = Rules with { MaxOpenPositions = 2 } };
        var doge = Long(symbol: "DOGEUSDT", size: 100m, leverage: 1m, stopLoss: 0.09m, takeProfit: 0.12m);

        var plan = DecisionValidator.Validate([Long(), doge, Close("ETHUSDT"), doge], context);

        Assert.Equal([null, MaxOpenPositions, null, null], Codes(plan));
    }

    [Fact]
    public void A_rejected_decision_changes_nothing()
    {
        var plan = DecisionValidator.Validate([Long(leverage: 50m), Long()], Context());

        Assert.Equal([LeverageExceedsLimit, null], Codes(plan));
        Assert.Equal(10000m - 96.52824m, plan.BalanceAfter);
    }

    [Fact]
    public void Verdicts_keep_the_answers_order_and_the_inputs_are_not_modified()
    {
        var context = Context(positions: BtcLong());
        var lastTrades = (Dictionary<string, DateTimeOffset>)context.LastTradeAt;

        var plan = DecisionValidator.Validate([Hold(), Close("BTCUSDT"), Long(action: "BUY"), Short()], context);

        Assert.Equal([0, 1, 2, 3], plan.Verdicts.Select(v => v.Index));
        Assert.Equal([DecisionAction.Hold, DecisionAction.Close, null, DecisionAction.Short], plan.Verdicts.Select(v => v.Action));
        Assert.Equal(2, plan.Orders.Count);
        Assert.Single(context.Positions);
        Assert.Empty(lastTrades);
        Assert.Equal(10000m, plan.BalanceBefore);
    }

    [Fact]
    public void Executing_the_plan_lands_on_the_balance_the_validator_projected()
    {
        var plan = DecisionValidator.Validate([Close("BTCUSDT"), Short(), Long(symbol: "DOGEUSDT", size: 100m, leverage: 2m, stopLoss: 0.09m, takeProfit: 0.12m)],
            Context(positions: BtcLong()));

        var execution = PaperExchange.Execute(plan.BalanceBefore, plan.Orders, Now);

        Assert.Equal(plan.BalanceAfter, execution.BalanceAfter);
        Assert.Equal(3, execution.Orders.Count);
    }

    [Fact]
    public void A_size_too_large_to_price_on_a_symbol_with_tiny_increments_is_refused_not_thrown()
    {
        var dust = new SymbolInfo("DUSTUSDT", "DUST", "USDT", 12, 12, 1e-12m, 1e-12m, 1e-12m, 0m);
        var context = Context() with
        {
            Symbols = new Dictionary<string, SymbolInfo> { ["DUSTUSDT"] = dust },
            Quotes = new Dictionary<string, Quote> { ["DUSTUSDT"] = QuoteOf("DUSTUSDT", 1e-12m) },
        };

        var verdict = One(Long(symbol: "DUSTUSDT", size: DecisionValidator.MaxSize, leverage: 1m, stopLoss: 1e-13m, takeProfit: 1m), context);

        Assert.Equal(InvalidSize, verdict.Rejection!.Code);
    }

    [Fact]
    public void An_empty_answer_is_an_empty_plan() =>
        Assert.Empty(DecisionValidator.Validate([], Context()).Verdicts);
}
