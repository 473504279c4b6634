using Arena.Grains.Trading;
using static Arena.Tests.Trading.TradingFixtures;

namespace Arena.Tests.Trading;

/// <summary>
/// Random turns (seeded, so reproducible) through validator, exchange and risk triggers. Money must be
/// conserved exactly: free balance + what open positions hold (margin + entry fee) = initial balance +
/// realized PnL, and the balance never goes negative.
/// </summary>
public sealed class AccountingInvariantTests
{
    private static readonly SymbolInfo[] Symbols = [Btc, Eth, Doge, Sol];

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    public void Money_is_conserved_over_many_random_turns(int seed)
    {
        var random = new Random(seed);
        var prices = new Dictionary<string, decimal> { ["BTCUSDT"] = 60000m, ["ETHUSDT"] = 3000m, ["DOGEUSDT"] = 0.1m, ["SOLUSDT"] = 150m };
        const decimal initial = 10000m;
        var balance = initial;
        var positions = new List<OpenPosition>();
        var total = AccountDelta.None;
        var lastTrade = new Dictionary<string, DateTimeOffset>();
        var nextId = 1L;
        var reasons = new HashSet<CloseReason>();
        var now = Now;

        for (var turn = 0; turn < 300; turn++)
        {
            now = now.AddMinutes(10);
            foreach (var s in Symbols)
                prices[s.Symbol] = Increments.Down(prices[s.Symbol] * (1m + (decimal)(random.NextDouble() - 0.5) * 0.08m), s.TickSize);
            var quotes = prices.ToDictionary(p => p.Key, p => QuoteOf(p.Key, p.Value));

            var triggered = positions.Select(p => RiskTriggers.Evaluate(p, prices[p.Symbol], Symbols.Single(s => s.Symbol == p.Symbol), Rules))
                .OfType<PlannedClose>().ToArray();
            Settle(PaperExchange.Execute(balance, triggered, now));

            var proposals = Enumerable.Range(0, random.Next(0, 4)).Select(_ => RandomProposal(random, prices)).ToArray();
            var context = new DecisionContext(balance, positions.ToArray(), Rules, 25, new Dictionary<string, int>(),
                Symbols.ToDictionary(s => s.Symbol), quotes, lastTrade, now);
            var plan = DecisionValidator.Validate(proposals, context);
            Settle(PaperExchange.Execute(balance, plan.Orders, now));
            Assert.Equal(plan.BalanceAfter, balance);
        }

        Assert.True(total.ClosedTrades > 20, $"only {total.ClosedTrades} round trips: the walk does not exercise closes");
        Assert.Equal(total.ClosedTrades, total.Wins + total.Losses);
        Assert.Equal([CloseReason.Signal, CloseReason.StopLoss, CloseReason.TakeProfit, CloseReason.Liquidation], reasons.Order());
        return;

        void Settle(Execution execution)
        {
            foreach (var executed in execution.Orders)
            {
                if (executed.Order is PlannedOpen open) positions.Add(open.ToPosition(nextId++, now, null));
                else
                {
                    var close = (PlannedClose)executed.Order;
                    positions.RemoveAll(p => p.Id == close.Position.Id);
                    reasons.Add(close.Reason);
                }
                lastTrade[executed.Order.Symbol] = now;
            }
            balance = execution.BalanceAfter;
            total = new AccountDelta(total.Balance + execution.Delta.Balance, total.FeesPaid + execution.Delta.FeesPaid,
                total.RealizedPnl + execution.Delta.RealizedPnl, total.ClosedTrades + execution.Delta.ClosedTrades,
                total.Wins + execution.Delta.Wins, total.Losses + execution.Delta.Losses);

            Assert.True(balance >= 0, $"balance {balance} went negative");
            Assert.Equal(initial + total.RealizedPnl, balance + positions.Sum(p => p.Margin + p.EntryFee));
            Assert.Equal(Money.Round(balance), balance);
            Assert.Equal(positions.Count, positions.Select(p => p.Symbol).Distinct().Count());
            Assert.True(positions.Count <= Rules.MaxOpenPositions);
        }
    }

    private static ProposedDecision RandomProposal(Random random, Dictionary<string, decimal> prices)
    {
        var symbol = Symbols[random.Next(Symbols.Length)].Symbol;
        var price = prices[symbol];
        var leverage = random.Next(1, 26);
        var stopDistance = (decimal)(0.005 + random.NextDouble() * 0.05);
        var targetDistance = (decimal)(0.005 + random.NextDouble() * 0.1);
        return random.Next(4) switch
        {
            0 => new("LONG", symbol, random.Next(10, 3000), leverage, price * (1 - stopDistance), price * (1 + targetDistance), null),
            1 => new("SHORT", symbol, random.Next(10, 3000), leverage, price * (1 + stopDistance), price * (1 - targetDistance), null),
            2 => new("CLOSE", symbol, null, null, null, null, null),
            _ => new("HOLD", null, null, null, null, null, null),
        };
    }
}
