using Arena.Grains.Metrics;
using static Arena.Tests.Metrics.MetricsSamples;

namespace Arena.Tests.Metrics;

public sealed class LeaderboardPeriodTests
{
    private static readonly DateTimeOffset Now = At("2025-06-15T09:30:00");

    [Theory]
    [InlineData("24h", "2025-06-14T09:30:00")]
    [InlineData("7d", "2025-06-08T09:30:00")]
    [InlineData("30d", "2025-05-16T09:30:00")]
    public void A_rolling_period_ends_now_and_starts_its_length_before(string name, string from)
    {
        Assert.True(LeaderboardPeriods.TryGetWindow(name, Now, out var window));
        Assert.Equal(new TimeWindow(At(from), Now), window);
    }

    [Fact]
    public void All_starts_at_the_beginning_of_time_and_the_bot_start_clips_it()
    {
        Assert.True(LeaderboardPeriods.TryGetWindow("all", Now, out var window));
        Assert.Equal(new TimeWindow(DateTimeOffset.MinValue, Now), window);

        var bot = Bot("2025-06-01T00:00:00", 1000m, [], live: new EquityPoint(Now, 1100m));
        Assert.Equal(At("2025-06-01T00:00:00"), Performance.Measure(bot, window).Window.From);
    }

    [Theory]
    [InlineData("1y")]
    [InlineData("")]
    [InlineData(null)]
    public void An_unknown_period_name_is_refused(string? name)
    {
        Assert.False(LeaderboardPeriods.TryGetWindow(name, Now, out _));
    }
}
