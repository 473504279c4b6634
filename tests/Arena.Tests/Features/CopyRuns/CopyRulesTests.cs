using System.Collections.Immutable;
using Arena.Grains.Common;
using Arena.Grains.Desk;
using Arena.Grains.Trading;

namespace Arena.Tests.Features.CopyRuns;

/// <summary>The pure rules of copy trading: drafts, state changes, sizing, leverage, tolerance and skips.</summary>
public sealed class CopyRulesTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);
    private static readonly HashSet<string> Listed = ["BTCUSDT", "ETHUSDT"];

    private static CopyRunDraft Valid => new("bot-a", "proportional", 0.1m, null, 10, 3, 50, null);

    private static CopyRun Run(CopySizing? sizing = null, int maxLeverage = 10, int maxOpen = 3, int toleranceBps = 50, ImmutableArray<string>? symbols = null) =>
        new(Guid.NewGuid(), "bot-a", CopyRunStatus.Active,
            new CopyRunSettings(sizing ?? new CopySizing(CopySizingMode.Proportional, 0.1m, null), maxLeverage, maxOpen, toleranceBps, symbols),
            null, 10, Now, Now, Now, null);

    private static CopyFill Entry(decimal price = 60_000m, decimal quantity = 0.5m, int leverage = 20, string symbol = "BTCUSDT") =>
        new(1, "bot-a", CopyFillKind.Entry, 11, 7, symbol, PositionSide.Long, quantity, price, leverage, 58_000m, 65_000m, false);

    private static IReadOnlyDictionary<string, string[]> Errors(CopyRunDraft draft)
    {
        var result = CopyRunRules.Check(draft, Listed.Contains);
        Assert.False(result.IsOk);
        return result.Rejection!.Errors!;
    }

    [Fact]
    public void A_valid_draft_gives_its_settings_with_symbols_upper_cased_and_distinct()
    {
        var result = CopyRunRules.Check(Valid with { Symbols = ["btcusdt", " BTCUSDT ", "ethusdt"] }, Listed.Contains);
        Assert.True(result.IsOk);
        Assert.Equal("bot-a", result.Value.BotId);
        Assert.Equal(["BTCUSDT", "ETHUSDT"], result.Value.Settings.Symbols!.Value.ToArray());
        Assert.Equal(new CopySizing(CopySizingMode.Proportional, 0.1m, null), result.Value.Settings.Sizing);
    }

    [Theory]
    [InlineData(null, "proportional", "0.1", null, 10, 3, 50, "botId")]
    [InlineData("bot-a", "percent", "0.1", null, 10, 3, 50, "sizing.mode")]
    [InlineData("bot-a", "proportional", "0", null, 10, 3, 50, "sizing.fraction")]
    [InlineData("bot-a", "proportional", "1.01", null, 10, 3, 50, "sizing.fraction")]
    [InlineData("bot-a", "proportional", null, null, 10, 3, 50, "sizing.fraction")]
    [InlineData("bot-a", "proportional", "0.5", "100", 10, 3, 50, "sizing.notional")]
    [InlineData("bot-a", "fixed", null, "0", 10, 3, 50, "sizing.notional")]
    [InlineData("bot-a", "fixed", null, "-5", 10, 3, 50, "sizing.notional")]
    [InlineData("bot-a", "fixed", "0.5", "100", 10, 3, 50, "sizing.fraction")]
    [InlineData("bot-a", "fixed", null, "100", 0, 3, 50, "maxLeverage")]
    [InlineData("bot-a", "fixed", null, "100", 126, 3, 50, "maxLeverage")]
    [InlineData("bot-a", "fixed", null, "100", 10, 0, 50, "maxOpenPositions")]
    [InlineData("bot-a", "fixed", null, "100", 10, 51, 50, "maxOpenPositions")]
    [InlineData("bot-a", "fixed", null, "100", 10, 3, -1, "priceToleranceBps")]
    [InlineData("bot-a", "fixed", null, "100", 10, 3, 10_001, "priceToleranceBps")]
    public void An_invalid_draft_names_the_field(string? botId, string mode, string? fraction, string? notional, int maxLeverage, int maxOpen, int tolerance, string field)
    {
        var draft = new CopyRunDraft(botId, mode, fraction is null ? null : decimal.Parse(fraction, CultureInfo.InvariantCulture),
            notional is null ? null : decimal.Parse(notional, CultureInfo.InvariantCulture), maxLeverage, maxOpen, tolerance, null);
        Assert.Contains(field, Errors(draft).Keys);
    }

    [Fact]
    public void Unknown_or_empty_symbol_lists_are_refused()
    {
        Assert.Contains("DOGEUSDT", Errors(Valid with { Symbols = ["BTCUSDT", "DOGEUSDT"] })["symbols"][0]);
        Assert.Contains("symbols", Errors(Valid with { Symbols = [] }).Keys);
    }

    [Theory]
    [InlineData(CopyRunStatus.Draft, CopyRunCommand.Publish, CopyRunStatus.Active)]
    [InlineData(CopyRunStatus.Active, CopyRunCommand.Pause, CopyRunStatus.Paused)]
    [InlineData(CopyRunStatus.Paused, CopyRunCommand.Resume, CopyRunStatus.Active)]
    [InlineData(CopyRunStatus.Draft, CopyRunCommand.Stop, CopyRunStatus.Stopped)]
    [InlineData(CopyRunStatus.Active, CopyRunCommand.Stop, CopyRunStatus.Stopped)]
    [InlineData(CopyRunStatus.Paused, CopyRunCommand.Stop, CopyRunStatus.Stopped)]
    public void Allowed_transitions(CopyRunStatus from, CopyRunCommand command, CopyRunStatus to) =>
        Assert.Equal(to, CopyRunRules.Transition(from, command).Value);

    [Theory]
    [InlineData(CopyRunStatus.Active, CopyRunCommand.Publish)]
    [InlineData(CopyRunStatus.Draft, CopyRunCommand.Pause)]
    [InlineData(CopyRunStatus.Draft, CopyRunCommand.Resume)]
    [InlineData(CopyRunStatus.Active, CopyRunCommand.Resume)]
    [InlineData(CopyRunStatus.Paused, CopyRunCommand.Pause)]
    [InlineData(CopyRunStatus.Stopped, CopyRunCommand.Resume)]
    [InlineData(CopyRunStatus.Stopped, CopyRunCommand.Publish)]
    [InlineData(CopyRunStatus.Stopped, CopyRunCommand.Stop)]
    public void Other_transitions_are_conflicts(CopyRunStatus from, CopyRunCommand command) =>
        Assert.Equal(RejectionKind.Conflict, CopyRunRules.Transition(from, command).Rejection!.Kind);

    [Fact]
    public void Proportional_sizing_is_the_fraction_of_the_bot_fills_notional()
    {
        // The docs' worked example: the bot buys 0.5 BTC at 60,000 = 30,000 USDT; a 0.1 run mirrors 3,000 USDT.
        Assert.Equal(30_000m, Entry().Notional);
        Assert.Equal(3_000m, MirrorRules.Notional(new CopySizing(CopySizingMode.Proportional, 0.1m, null), 30_000m));
        Assert.Equal(0.00333333m, MirrorRules.Notional(new CopySizing(CopySizingMode.Proportional, 0.333333333m, null), 0.01m));
        Assert.Equal(250m, MirrorRules.Notional(new CopySizing(CopySizingMode.Fixed, null, 250m), 30_000m));
    }

    [Theory]
    [InlineData(20, 10, null, 10)]
    [InlineData(5, 10, null, 5)]
    [InlineData(20, 10, 3, 3)]
    [InlineData(2, 10, 3, 2)]
    public void Leverage_is_the_lowest_of_bot_run_and_policy(int bot, int run, int? policy, int expected) =>
        Assert.Equal(expected, MirrorRules.Leverage(bot, run, policy));

    [Theory]
    [InlineData("60000", "60300", 50, false)] // exactly 50 bps: within
    [InlineData("60000", "60300.01", 50, true)]
    [InlineData("60000", "59700", 50, false)]
    [InlineData("60000", "59699.99", 50, true)]
    [InlineData("60000", "60000", 0, false)]
    [InlineData("60000", "60000.01", 0, true)]
    public void The_tolerance_is_in_basis_points_of_the_fill_price(string fill, string live, int bps, bool moved) =>
        Assert.Equal(moved, MirrorRules.PriceMoved(decimal.Parse(live, CultureInfo.InvariantCulture), decimal.Parse(fill, CultureInfo.InvariantCulture), bps));

    [Fact]
    public void An_entry_within_the_limits_is_planned_with_the_bots_side_and_exits()
    {
        var (entry, skip) = MirrorRules.PlanEntry(Run(), Entry(), 60_100m, 0, 15);
        Assert.Null(skip);
        Assert.Equal(new MirrorEntry("BTCUSDT", PositionSide.Long, 3_000m, 10, 58_000m, 65_000m), entry);
    }

    [Fact]
    public void Skips_say_why_in_order_symbol_limit_price_tolerance()
    {
        Assert.Equal(MirrorSkip.SymbolNotFollowed, MirrorRules.PlanEntry(Run(symbols: ["ETHUSDT"]), Entry(), 60_000m, 5, null).Skip!.Reason);
        Assert.Equal(MirrorSkip.MaxOpenPositions, MirrorRules.PlanEntry(Run(maxOpen: 3), Entry(), 60_000m, 3, null).Skip!.Reason);
        Assert.Equal(MirrorSkip.NoPrice, MirrorRules.PlanEntry(Run(), Entry(), null, 0, null).Skip!.Reason);
        var moved = MirrorRules.PlanEntry(Run(toleranceBps: 50), Entry(), 60_400m, 0, null).Skip!;
        Assert.Equal(MirrorSkip.PriceMoved, moved.Reason);
        Assert.Equal("price_moved", moved.ReasonName);
        Assert.Contains("66.67 bps", moved.Detail);
    }

    [Fact]
    public void Desk_refusals_become_skips_with_the_desks_reason()
    {
        Assert.Equal(MirrorSkip.InsufficientMargin, MirrorRules.Refused(Rejection.Conflict("margin 300 + fee exceeds the balance", "notional")).Reason);
        var refused = MirrorRules.Refused(new Rejection(RejectionKind.Invalid, "The order is invalid.", "under the exchange minimum"));
        Assert.Equal((MirrorSkip.Refused, "under the exchange minimum"), (refused.Reason, refused.Detail));
        Assert.Equal(MirrorSkip.NoPrice, MirrorRules.Refused(Rejection.Busy("no price", TimeSpan.FromSeconds(5))).Reason);
    }

    [Fact]
    public void Only_fills_after_the_publish_are_followed()
    {
        var run = Run();
        Assert.False(run.Follows(10));
        Assert.True(run.Follows(11));
        Assert.False((run with { AfterTradeId = null }).Follows(11));
    }

    [Fact]
    public void Fills_are_read_from_the_bots_outbox_payloads()
    {
        var opened = CopyMirror.ParseFill(42, "trade.opened", """
            {"botId":"bot-a","positionId":7,"tradeId":11,"symbol":"BTCUSDT","side":"SHORT","quantity":0.5,"price":60000.5,"leverage":20,
             "margin":1500,"fee":12,"stopLoss":null,"takeProfit":50000,"liquidationPrice":63000}
            """);
        Assert.Equal(new CopyFill(42, "bot-a", CopyFillKind.Entry, 11, 7, "BTCUSDT", PositionSide.Short, 0.5m, 60000.5m, 20, null, 50000m, false), opened);
        var liquidated = CopyMirror.ParseFill(43, "position.liquidated", """
            {"botId":"bot-a","positionId":7,"tradeId":12,"symbol":"BTCUSDT","side":"SHORT","quantity":0.5,"entryPrice":60000.5,"exitPrice":63000,
             "fee":0,"realizedPnl":-1500,"reason":"liquidation"}
            """);
        Assert.Equal((CopyFillKind.Exit, 12L, 7L, true), (liquidated.Kind, liquidated.TradeId, liquidated.PositionId, liquidated.Liquidation));
    }

    [Fact]
    public void The_docs_worked_example_holds()
    {
        var (entry, skip) = MirrorRules.PlanEntry(Run(), Entry(), 60_120m, 0, null);
        Assert.Null(skip);
        Assert.Equal((3_000m, 10), (entry!.Notional, entry.Leverage));
        var btc = new SymbolInfo("BTCUSDT", "BTC", "USDT", 1, 3, 0.1m, 0.001m, 0.001m, 20m);
        var rules = new TradingRules(10m, 0.0005m, 0.0005m, 10, TimeSpan.Zero, 0.004m);
        var (plan, refused) = PaperExchange.PlanOpen(btc, 60_120m, entry.Side, entry.Notional, entry.Leverage, null, null, rules);
        Assert.Null(refused);
        Assert.Equal((60_150.1m, 0.049m, 2_947.3549m, 294.73549m, 1.47367745m), (plan!.Entry.Price, plan.Entry.Quantity, plan.Entry.Notional, plan.Margin, plan.Entry.Fee));
    }
}
