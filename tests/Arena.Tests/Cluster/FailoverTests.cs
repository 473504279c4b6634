using Xunit.Abstractions;

namespace Arena.Tests.Cluster;

/// <summary>
/// Failover of real silo processes on one PostgreSQL (the drill of <see cref="FailoverDrill"/>): 3 silos, 30 bots, the
/// documented fast-detection settings, bounded to 2 minutes.
/// </summary>
public sealed class FailoverTestsOnPostgres(ITestOutputHelper output)
{
    [Fact]
    public async Task A_killed_silos_bots_trade_again_within_10_s_it_rejoins_and_a_graceful_stop_hands_over_without_a_gap()
    {
        var settings = new FailoverSettings(Silos: 3, Bots: 30, TurnIntervalSeconds: 2, FastDetection: true);
        using var log = new OutputWriter(output);
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var report = await FailoverDrill.RunAsync(settings, log, limit.Token).WaitAsync(limit.Token);

        Assert.Equal(30, report.Spread.Sum());
        Assert.True(report.Spread.Max() - report.Spread.Min() <= 1, $"spread {string.Join("/", report.Spread)}");
        Assert.True(report.KilledBots > 0);
        Assert.True(report.ResumeMaxSeconds <= 10, $"the killed silo's bots resumed after up to {report.ResumeMaxSeconds:F1} s");
        Assert.True(report.SpreadAfterRejoin[^1] > 0, "the restarted silo took no bots back");
        Assert.True(report.HandedOverBots > 0);
        Assert.True(report.HandoverMaxGapSeconds <= 2 * settings.TurnIntervalSeconds,
            $"a handed-over bot went {report.HandoverMaxGapSeconds:F1} s between turns (interval {settings.TurnIntervalSeconds} s)");
        Assert.Equal(0, report.TradesLost);
        Assert.Equal(0, report.TurnNumberGaps);
        Assert.Equal(0, report.BooksOutOfBalance);
    }

    private sealed class OutputWriter(ITestOutputHelper output) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void WriteLine(string? value) => output.WriteLine(value ?? "");
    }
}
