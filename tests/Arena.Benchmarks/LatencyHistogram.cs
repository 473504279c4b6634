namespace Arena.Benchmarks;

/// <summary>
/// Latencies in log-spaced buckets (2.5 % wide, 1 µs to about 10 min), small enough to keep one per client and
/// step without locks, then merge. Percentiles are reported as their bucket's upper bound (at most 2.5 % high).
/// </summary>
public sealed class LatencyHistogram
{
    private const double Growth = 1.025;
    private static readonly double LogGrowth = Math.Log(Growth);
    private readonly long[] counts = new long[900];

    public long Count { get; private set; }

    public double MaxMs { get; private set; }

    public void Record(long elapsedTicks)
    {
        var micros = Math.Max(1.0, elapsedTicks * 1_000_000.0 / Stopwatch.Frequency);
        counts[Math.Min(counts.Length - 1, (int)(Math.Log(micros) / LogGrowth))]++;
        Count++;
        MaxMs = Math.Max(MaxMs, micros / 1000.0);
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < counts.Length; i++) counts[i] += other.counts[i];
        Count += other.Count;
        MaxMs = Math.Max(MaxMs, other.MaxMs);
    }

    /// <summary>The latency (ms) below which <paramref name="fraction"/> of the samples fall; NaN when empty.</summary>
    public double PercentileMs(double fraction)
    {
        if (Count == 0) return double.NaN;
        var rank = (long)Math.Ceiling(fraction * Count);
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= rank) return Math.Min(MaxMs, Math.Pow(Growth, i + 1) / 1000.0);
        }
        return MaxMs;
    }
}
