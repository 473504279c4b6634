using Arena.Grains.Trading;
using static Arena.Grains.Trading.DecisionRejectionCode;
using static Arena.Tests.Trading.TradingFixtures;
using static Arena.Tests.Trading.ValidatorFixtures;

namespace Arena.Tests.Trading;

/// <summary>Every rule, rejected at its boundary and accepted just inside it.</summary>
public sealed class DecisionValidatorTests
{
    private sealed record Case(ProposedDecision Proposal, DecisionRejectionCode? Expected, Func<DecisionContext, DecisionContext>? Arrange = null);

    private static DecisionContext WithRules(DecisionContext c, TradingRules rules) => c with { Rules = rules };

    private static DecisionContext LastBtcTrade(DecisionContext c, TimeSpan ago) =>
        c with { LastTradeAt = new Dictionary<string, DateTimeOffset> { ["BTCUSDT"] = Now - ago } };

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["action missing"] = new(Long(action: null!), MissingField),
        ["action blank"] = new(Long(action: "  "), MissingField),
        ["action BUY is not an alias"] = new(Long(action: "BUY"), UnknownAction),
        ["action SELL is not an alias"] = new(Long(action: "SELL"), UnknownAction),
        ["action is case-insensitive"] = new(Long(action: " long "), null),
        ["HOLD is accepted and needs nothing"] = new(Hold("NOT A SYMBOL"), null),

        ["symbol missing"] = new(Long(symbol: null), MissingField),
        ["symbol blank"] = new(Long(symbol: " "), MissingField),
        ["CLOSE without symbol"] = new(Close(null), MissingField),
        ["size missing"] = new(Long(size: null), MissingField),
        ["leverage missing"] = new(Long(leverage: null), MissingField),
        ["stopLoss missing"] = new(Long(stopLoss: null), MissingField),
        ["takeProfit missing"] = new(Long(takeProfit: null), MissingField),

        ["symbol not tradable"] = new(Long(symbol: "XRPUSDT"), UnknownSymbol),
        ["symbol is normalized to upper case"] = new(Long(symbol: " btcusdt "), null),
        ["symbol without quote"] = new(Long(symbol: "SOLUSDT", stopLoss: 90m, takeProfit: 200m), NoQuote),
        ["symbol with a zero price"] = new(Long(), NoQuote,
            c => c with { Quotes = new Dictionary<string, Quote> { ["BTCUSDT"] = QuoteOf("BTCUSDT", 0m) } }),

        ["CLOSE without position"] = new(Close("BTCUSDT"), NoOpenPosition),
        ["CLOSE with position"] = new(Close("btcusdt"), null, c => c with { Positions = [BtcLong()] }),

        ["LONG where a LONG is open"] = new(Long(), PositionExists, c => c with { Positions = [BtcLong()] }),
        ["SHORT where a LONG is open"] = new(Short(symbol: "BTCUSDT", size: 1000m, stopLoss: 62000m, takeProfit: 55000m), PositionExists,
            c => c with { Positions = [BtcLong()] }),
        ["LONG in another symbol"] = new(Long(), null, c => c with { Positions = [EthShort()] }),

        ["open positions at the maximum"] = new(Long(), MaxOpenPositions,
            c => WithRules(c with { Positions = [EthShort()] }, Rules with { MaxOpenPositions = 1 })),
        ["open positions one under the maximum"] = new(Long(), null,
            c => WithRules(c with { Positions = [EthShort()] }, Rules with { MaxOpenPositions = 2 })),

        ["last trade one second inside the cooldown"] = new(Long(), SymbolCooldown, c => LastBtcTrade(c, TimeSpan.FromMinutes(30) - TimeSpan.FromSeconds(1))),
        ["last trade exactly one cooldown ago"] = new(Long(), null, c => LastBtcTrade(c, TimeSpan.FromMinutes(30))),
        ["cooldown in another symbol"] = new(Short(), null, c => LastBtcTrade(c, TimeSpan.Zero)),

        ["leverage zero"] = new(Long(leverage: 0m), InvalidLeverage),
        ["leverage negative"] = new(Long(leverage: -3m), InvalidLeverage),
        ["leverage fractional"] = new(Long(leverage: 2.5m), InvalidLeverage),
        ["leverage one"] = new(Long(leverage: 1m, stopLoss: 50000m), null),
        ["leverage written with a scale"] = new(Long(leverage: 10.00m), null),
        ["leverage above the bot maximum"] = new(Long(leverage: 21m), LeverageExceedsLimit),
        ["leverage at the bot maximum"] = new(Long(leverage: 20m), null),
        ["leverage above the symbol policy"] = new(Short(leverage: 11m), LeverageExceedsLimit),
        ["leverage at the symbol policy"] = new(Short(leverage: 10m), null),
        ["a policy above the bot maximum does not raise it"] = new(Long(leverage: 21m), LeverageExceedsLimit,
            c => c with { LeverageLimits = new Dictionary<string, int> { ["BTCUSDT"] = 50 } }),
        ["absurd leverage"] = new(Long(leverage: 79228162514264337593543950335m), LeverageExceedsLimit),

        ["size zero"] = new(Long(size: 0m), InvalidSize),
        ["size negative"] = new(Long(size: -1000m), InvalidSize),
        ["size absurd"] = new(Long(size: DecisionValidator.MaxSize + 1), InvalidSize),
        ["size under the minimum order"] = new(Long(symbol: "DOGEUSDT", size: 9.99999999m, leverage: 1m, stopLoss: 0.09m, takeProfit: 0.12m), BelowMinimumOrder),
        ["size at the minimum order"] = new(Long(symbol: "DOGEUSDT", size: 10m, leverage: 1m, stopLoss: 0.09m, takeProfit: 0.12m), null),

        ["quantity rounds under the exchange minimum"] = new(Long(size: 60.02m), QuantityBelowExchangeMinimum),
        ["quantity at the exchange minimum"] = new(Long(size: 60.03m), null),
        ["notional under the exchange minimum"] = new(Long(symbol: "DOGEUSDT", size: 4.99m, leverage: 1m, stopLoss: 0.09m, takeProfit: 0.12m),
            NotionalBelowExchangeMinimum, c => WithRules(c, Rules with { MinimumOrder = 1m, SlippageRate = 0m })),
        ["notional at the exchange minimum"] = new(Long(symbol: "DOGEUSDT", size: 5m, leverage: 1m, stopLoss: 0.09m, takeProfit: 0.12m),
            null, c => WithRules(c, Rules with { MinimumOrder = 1m, SlippageRate = 0m })),

        ["LONG stop at the estimated entry"] = new(Long(stopLoss: 60030m), ExitPlanInconsistent),
        ["LONG stop one tick under the estimated entry"] = new(Long(stopLoss: 60029.9m), null),
        ["LONG stop above the market but under the fill is fine"] = new(Long(stopLoss: 60010m), null),
        ["LONG target at the estimated entry"] = new(Long(takeProfit: 60030m), ExitPlanInconsistent),
        ["LONG target one tick over the estimated entry"] = new(Long(takeProfit: 60030.1m), null),
        ["LONG target under the stop"] = new(Long(stopLoss: 58000m, takeProfit: 57000m), ExitPlanInconsistent),
        ["LONG stop not positive"] = new(Long(leverage: 1m, stopLoss: 0m), ExitPlanInconsistent),
        ["SHORT stop at the estimated entry"] = new(Short(stopLoss: 2998.5m), ExitPlanInconsistent),
        ["SHORT stop one tick over the estimated entry"] = new(Short(stopLoss: 2998.51m), null),
        ["SHORT target at the estimated entry"] = new(Short(takeProfit: 2998.5m), ExitPlanInconsistent),
        ["SHORT target one tick under the estimated entry"] = new(Short(takeProfit: 2998.49m), null),
        ["SHORT target not positive"] = new(Short(takeProfit: 0m), ExitPlanInconsistent),

        ["LONG stop at the liquidation price"] = new(Long(stopLoss: 54267.2m), StopBeyondLiquidation),
        ["LONG stop one tick above the liquidation price"] = new(Long(stopLoss: 54267.3m), null),
        ["SHORT stop at the liquidation price"] = new(Short(stopLoss: 3586.2m), StopBeyondLiquidation),
        ["SHORT stop one tick under the liquidation price"] = new(Short(stopLoss: 3586.19m), null),
        ["leverage so high the position is born liquidatable"] = new(Long(leverage: 125m, stopLoss: 60000m), StopBeyondLiquidation,
            c => WithRules(c with { BotMaxLeverage = 125 }, Rules with { MaintenanceMarginRate = 0.01m })),

        ["margin and fee one unit over the balance"] = new(Long(), InsufficientMargin, c => c with { Balance = 96.52823999m }),
        ["margin and fee exactly the balance"] = new(Long(), null, c => c with { Balance = 96.52824m }),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Each_rule_rejects_at_its_boundary_and_accepts_inside_it(string name)
    {
        var (proposal, expected, arrange) = Cases[name];
        var context = arrange?.Invoke(Context()) ?? Context();

        var verdict = One(proposal, context);

        Assert.Equal(expected, verdict.Rejection?.Code);
        Assert.Equal(expected is null, verdict.Accepted);
        if (expected is null) return;
        Assert.Null(verdict.Order);
        Assert.False(string.IsNullOrWhiteSpace(verdict.Rejection!.Reason));
        Assert.DoesNotContain('\n', verdict.Rejection.Reason);
    }

    [Fact]
    public void The_table_covers_every_rejection_code_except_the_sequential_one()
    {
        var covered = Cases.Values.Select(c => c.Expected).OfType<DecisionRejectionCode>().ToHashSet();

        var uncovered = Enum.GetValues<DecisionRejectionCode>().Where(c => !covered.Contains(c)).ToArray();

        Assert.Equal([PositionOpenedThisTurn], uncovered); // needs two decisions: DecisionValidatorSequenceTests
    }

    [Fact]
    public void An_accepted_open_carries_its_planned_fill()
    {
        var verdict = One(Long(symbol: "btcusdt"), Context());

        Assert.Equal(DecisionAction.Long, verdict.Action);
        Assert.Equal("BTCUSDT", verdict.Symbol);
        var open = Assert.IsType<PlannedOpen>(verdict.Order);
        Assert.Equal(new PlannedOpen("BTCUSDT", PositionSide.Long, 10, new Fill(60030m, 0.016m, 960.48m, 0.48024m), 96.048m, 54267.2m, 58000m, 63000m), open);
    }

    [Fact]
    public void An_accepted_close_carries_its_planned_exit_and_pnl()
    {
        var context = Context(positions: BtcLong(id: 5)) with
        {
            Quotes = new Dictionary<string, Quote> { ["BTCUSDT"] = QuoteOf("BTCUSDT", 62000m) },
        };

        var verdict = One(new ProposedDecision("close", "BTCUSDT", 5m, 3m, null, null, null), context);

        var close = Assert.IsType<PlannedClose>(verdict.Order);
        Assert.Equal(5, close.Position.Id);
        Assert.Equal(CloseReason.Signal, close.Reason);
        Assert.Equal(61969m, close.Exit.Price);
        Assert.Equal(30.048008m, close.RealizedPnl);
    }

    [Fact]
    public void An_accepted_hold_has_no_order()
    {
        var verdict = One(Hold("btcusdt"), Context());

        Assert.True(verdict.Accepted);
        Assert.Equal(DecisionAction.Hold, verdict.Action);
        Assert.Equal("BTCUSDT", verdict.Symbol);
        Assert.Null(verdict.Order);
    }

    [Fact]
    public void Reasons_are_sentences_with_the_numbers_that_failed()
    {
        Assert.Equal("margin 96.048 + entry fee 0.48024 = 96.52824 USDT exceeds the free balance of 50 USDT.",
            One(Long(), Context(50m)).Rejection!.Reason);
        Assert.Equal("leverage 21x exceeds the limit of 20x for BTCUSDT.", One(Long(leverage: 21m), Context()).Rejection!.Reason);
        Assert.Equal("BTCUSDT last traded at 2026-03-01T11:50:00Z; the 30m cooldown ends at 2026-03-01T12:20:00Z.",
            One(Long(), Context() with { LastTradeAt = new Dictionary<string, DateTimeOffset> { ["BTCUSDT"] = Now.AddMinutes(-10) } }).Rejection!.Reason);
        Assert.Equal("unknown action 'BUY': use LONG, SHORT, CLOSE or HOLD.", One(Long(action: "BUY"), Context()).Rejection!.Reason);
        Assert.Equal("LONG needs size, leverage, stopLoss and takeProfit; missing or not a number: leverage, takeProfit.",
            One(Long(leverage: null, takeProfit: null), Context()).Rejection!.Reason);
    }

    [Fact]
    public void A_hostile_symbol_is_quoted_short_in_the_reason()
    {
        var reason = One(Long(symbol: new string('A', 500) + "\n"), Context()).Rejection!.Reason;

        Assert.StartsWith("'AAAA", reason);
        Assert.True(reason.Length < 100);
    }
}
