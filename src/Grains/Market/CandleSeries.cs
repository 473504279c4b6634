namespace Arena.Grains.Market;

/// <summary>One one-minute candle, named by the instant it closes.</summary>
public readonly record struct Candle(DateTimeOffset End, decimal Open, decimal High, decimal Low, decimal Close, decimal Volume);

/// <summary>Open, high, low and base volume over the rolling window.</summary>
public readonly record struct WindowStats(decimal Open, decimal High, decimal Low, decimal Volume);

/// <summary>
/// A rolling window of one-minute candles built from price samples, for 24h statistics and recent closes.
/// <para>
/// A sample taken at t belongs to the candle that closes at t rounded UP to the minute, so the sample exactly on a
/// minute boundary closes the minute before it: a minute's close is the price at its closing boundary, which is also
/// what <c>market_price_history</c> records at that instant (a restarted silo refills closes from there exactly).
/// The window holds the candles closing in (E − window, E], E the newest candle's close, plus the one closing at
/// E − window, whose close is the window's open. Until the window has filled, the open is the first price held.
/// </para>
/// Thread-safe: the feed loop writes, request threads read.
/// </summary>
public sealed class CandleSeries
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private readonly TimeSpan window;
    private readonly Candle[] ring;
    private readonly Lock gate = new();
    private int head;
    private int count;
    private DateTimeOffset latestSample = DateTimeOffset.MinValue;

    public CandleSeries(TimeSpan window)
    {
        if (window < Minute || window.Ticks % Minute.Ticks != 0) throw new ArgumentOutOfRangeException(nameof(window), "Whole minutes only.");
        this.window = window;
        ring = new Candle[(int)(window.Ticks / Minute.Ticks) + 1];
    }

    public static DateTimeOffset CandleEnd(DateTimeOffset at)
    {
        var remainder = at.UtcTicks % Minute.Ticks;
        return new DateTimeOffset(at.UtcTicks - remainder + (remainder == 0 ? 0 : Minute.Ticks), TimeSpan.Zero);
    }

    public int Count { get { lock (gate) return count; } }

    /// <summary>The close instant of the newest candle, or null when empty.</summary>
    public DateTimeOffset? NewestEnd { get { lock (gate) return count == 0 ? null : At(count - 1).End; } }

    /// <summary>Adds one sample; samples older than the newest candle are ignored (feeds only move forward).</summary>
    public void Add(DateTimeOffset at, decimal price, decimal volume = 0)
    {
        var end = CandleEnd(at);
        lock (gate)
        {
            if (at > latestSample) latestSample = at;
            if (count > 0)
            {
                ref var last = ref At(count - 1);
                if (end < last.End) return;
                if (end == last.End)
                {
                    last = last with { High = Math.Max(last.High, price), Low = Math.Min(last.Low, price), Close = price, Volume = last.Volume + volume };
                    return;
                }
            }
            Append(new Candle(end, price, price, price, price, volume));
        }
    }

    /// <summary>Appends a whole candle (history or exchange klines) newer than every candle held; older ones are ignored.</summary>
    public void AddCandle(Candle candle)
    {
        lock (gate)
        {
            if (count > 0 && candle.End <= At(count - 1).End) return;
            if (candle.End > latestSample) latestSample = candle.End;
            Append(candle);
        }
    }

    /// <summary>Replaces everything with <paramref name="candles"/> (oldest first), e.g. after re-reading exchange klines.</summary>
    public void Reset(IEnumerable<Candle> candles)
    {
        lock (gate)
        {
            head = 0;
            count = 0;
            latestSample = DateTimeOffset.MinValue;
        }
        foreach (var candle in candles) AddCandle(candle);
    }

    /// <summary>Statistics over the window, or null when nothing has been seen.</summary>
    public WindowStats? Stats()
    {
        lock (gate)
        {
            if (count == 0) return null;
            var newest = At(count - 1).End;
            var first = 0;
            decimal open;
            if (At(0).End <= newest - window)
            {
                open = At(0).Close;
                first = 1;
            }
            else open = At(0).Open;
            decimal high = decimal.MinValue, low = decimal.MaxValue, volume = 0;
            for (var i = first; i < count; i++)
            {
                ref readonly var c = ref At(i);
                if (c.High > high) high = c.High;
                if (c.Low < low) low = c.Low;
                volume += c.Volume;
            }
            return new WindowStats(open, high, low, volume);
        }
    }

    /// <summary>
    /// Up to <paramref name="max"/> closes of completed minutes, oldest first. A minute is complete once a sample at
    /// or after its closing instant has been seen.
    /// </summary>
    public IReadOnlyList<decimal> Closes(int max)
    {
        if (max <= 0) return [];
        lock (gate)
        {
            var completed = count;
            if (completed > 0 && At(completed - 1).End > latestSample) completed--;
            var take = Math.Min(max, completed);
            var result = new decimal[take];
            for (var i = 0; i < take; i++) result[i] = At(completed - take + i).Close;
            return result;
        }
    }

    public IReadOnlyList<Candle> Snapshot()
    {
        lock (gate)
        {
            var result = new Candle[count];
            for (var i = 0; i < count; i++) result[i] = At(i);
            return result;
        }
    }

    private ref Candle At(int index) => ref ring[(head + index) % ring.Length];

    private void Append(Candle candle)
    {
        // Candles that fell out of the window (older than the one that holds the window's open) go first.
        var oldestKept = candle.End - window;
        while (count > 0 && At(0).End < oldestKept) Drop();
        if (count == ring.Length) Drop();
        ring[(head + count) % ring.Length] = candle;
        count++;
    }

    private void Drop()
    {
        head = (head + 1) % ring.Length;
        count--;
    }
}
