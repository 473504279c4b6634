namespace Arena.Grains.Metrics;

/// <summary>Win rate, profit factor and expectancy of closed positions; all exact decimal arithmetic.</summary>
public static class TradeStatistics
{
    /// <summary>
    /// Statistics of <paramref name="positions"/> plus the fees of <paramref name="fills"/> (the caller chooses both
    /// sets). With no positions the rates are null, not zero; with no losses the profit factor is null
    /// ("infinite"): a number there would rank a bot with one lucky trade above every bot that ever lost.
    /// </summary>
    public static TradeMetrics Compute(IEnumerable<PositionOutcome> positions, IEnumerable<FillFee> fills)
    {
        int count = 0, wins = 0, losses = 0;
        decimal grossProfit = 0, grossLoss = 0;
        foreach (var p in positions)
        {
            count++;
            if (p.NetPnl > 0) { wins++; grossProfit += p.NetPnl; }
            else if (p.NetPnl < 0) { losses++; grossLoss -= p.NetPnl; }
        }
        var net = grossProfit - grossLoss;
        return new TradeMetrics(
            ClosedPositions: count,
            Wins: wins,
            Losses: losses,
            WinRate: count == 0 ? null : MetricRounding.Fraction((decimal)wins / count),
            ProfitFactor: count == 0 || losses == 0 ? null : MetricRounding.Ratio(grossProfit / grossLoss),
            Expectancy: count == 0 ? null : MetricRounding.Money(net / count),
            AverageWin: wins == 0 ? null : MetricRounding.Money(grossProfit / wins),
            AverageLoss: losses == 0 ? null : MetricRounding.Money(grossLoss / losses),
            GrossProfit: grossProfit,
            GrossLoss: grossLoss,
            NetPnl: net,
            Fees: fills.Sum(f => f.Fee));
    }
}
