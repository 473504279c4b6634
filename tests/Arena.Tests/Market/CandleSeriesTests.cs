using Arena.Grains.Market;

namespace Arena.Tests.Market;

public sealed class CandleSeriesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset At(int minutes, int seconds) => T0.AddMinutes(minutes).AddSeconds(seconds);

    [Fact]
    public void A_sample_on_a_minute_boundary_closes_the_minute_before_it()
    {
        Assert.Equal(At(1, 0), CandleSeries.CandleEnd(At(0, 30)));
        Assert.Equal(At(1, 0), CandleSeries.CandleEnd(At(1, 0)));
        Assert.Equal(At(2, 0), CandleSeries.CandleEnd(At(1, 0).AddTicks(1)));
    }

    [Fact]
    public void Before_the_window_fills_the_statistics_cover_everything_seen()
    {
        var series = new CandleSeries(TimeSpan.FromMinutes(3));
        series.Add(At(0, 0), 10m, 1m);
        series.Add(At(0, 30), 12m, 1m);
        Assert.Equal(new WindowStats(Open: 10m, High: 12m, Low: 10m, Volume: 2m), series.Stats());
        Assert.Equal([10m], series.Closes(5));
    }

    [Fact]
    public void Rolling_statistics_and_closes_follow_a_hand_checked_sequence()
    {
        var series = new CandleSeries(TimeSpan.FromMinutes(3));
        series.Add(At(0, 0), 10m, 1m);   // closes 00:00
        series.Add(At(0, 30), 12m, 1m);  // minute ending 00:01 ...
        series.Add(At(1, 0), 11m, 2m);   // ... closed at 11
        series.Add(At(1, 20), 9m, 1m);   // minute ending 00:02 ...
        series.Add(At(2, 0), 13m, 1m);   // ... closed at 13
        series.Add(At(2, 40), 14m, 1m);  // minute ending 00:03, still open
        series.Add(At(1, 50), 1m, 100m); // late sample: ignored

        // Window (00:00, 00:03]; its open is the close at 00:00.
        Assert.Equal(new WindowStats(Open: 10m, High: 14m, Low: 9m, Volume: 6m), series.Stats());
        Assert.Equal([10m, 11m, 13m], series.Closes(10));
        Assert.Equal([11m, 13m], series.Closes(2));

        series.Add(At(3, 0), 8m, 1m);
        Assert.Equal([10m, 11m, 13m, 8m], series.Closes(10));
        Assert.Equal(new WindowStats(Open: 10m, High: 14m, Low: 8m, Volume: 7m), series.Stats());

        // A new minute moves the window to (00:01, 00:04]: the 00:00 candle falls out, the open is the close at 00:01.
        series.Add(At(3, 10), 20m, 1m);
        Assert.Equal(new WindowStats(Open: 11m, High: 20m, Low: 8m, Volume: 5m), series.Stats());
        Assert.Equal([11m, 13m, 8m], series.Closes(10));
        Assert.Equal(4, series.Count);
    }

    [Fact]
    public void A_gap_longer_than_the_window_leaves_only_the_new_prices()
    {
        var series = new CandleSeries(TimeSpan.FromMinutes(3));
        series.Add(At(0, 0), 10m);
        series.Add(At(0, 30), 12m);
        series.Add(At(10, 30), 50m);
        Assert.Equal(1, series.Count);
        Assert.Equal(new WindowStats(50m, 50m, 50m, 0m), series.Stats());
        Assert.Empty(series.Closes(10));
    }

    [Fact]
    public void Whole_candles_replace_the_series_and_only_closed_minutes_count_as_closes()
    {
        var series = new CandleSeries(TimeSpan.FromMinutes(3));
        series.Add(At(0, 10), 99m);
        series.Reset([new Candle(At(1, 0), 1m, 2m, 0.5m, 1.5m, 10m), new Candle(At(2, 0), 1.5m, 3m, 1m, 2.5m, 20m)]);
        Assert.Equal([1.5m, 2.5m], series.Closes(10));
        series.Add(At(2, 5), 2.6m);
        Assert.Equal([1.5m, 2.5m], series.Closes(10));
        Assert.Equal(new WindowStats(1m, 3m, 0.5m, 30m), series.Stats());
    }
}
