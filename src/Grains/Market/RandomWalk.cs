namespace Arena.Grains.Market;

/// <summary>
/// The simulated market's price path: a pure function of (seed, symbol, tick index), bit-identical on every machine.
/// <para>
/// price(n+1) = price(n) × (1 + σ × z(n+1)), σ = annual volatility × √(tick interval / 365 days).
/// z is an Irwin–Hall draw (the sum of 12 uniforms − 6: mean 0, variance 1, bounded by ±6) built from a counter-based
/// SplitMix64 stream, so tick n's draws never depend on how many ticks were walked before. Integers only up to the
/// draws; from there on everything is decimal (software arithmetic, no floating point), so two silos, or a silo and
/// its restart, compute the same digits.
/// </para>
/// </summary>
public static class RandomWalk
{
    /// <summary>The walk never goes below this, even for an absurd configured volatility.</summary>
    public const decimal PriceFloor = 0.000000000001m;

    /// <summary>One draw per uniform of z, plus one for the tick's synthetic volume.</summary>
    private const int DrawsPerTick = 13;

    private const ulong Gamma = 0x9E3779B97F4A7C15UL;
    private const decimal TwoTo32 = 4294967296m;
    private const long IrwinHallMean = 6L * 4294967296L;
    private const decimal TicksPerYear = 365m * TimeSpan.TicksPerDay;

    /// <summary>SplitMix64's output function (Steele, Lea and Flood 2014).</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>FNV-1a over the symbol's upper-case UTF-8 bytes: stable across processes (never string.GetHashCode).</summary>
    public static ulong SymbolKey(string symbol)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var b in Encoding.UTF8.GetBytes(symbol.ToUpperInvariant()))
        {
            hash ^= b;
            hash *= 0x100000001B3UL;
        }
        return hash;
    }

    /// <summary>The start of one symbol's stream; draw i of the stream is Mix(stream + (i + 1) × γ), as in SplitMix64.</summary>
    public static ulong Stream(long seed, string symbol) => Mix(unchecked((ulong)seed) ^ Mix(SymbolKey(symbol)));

    private static ulong Draw(ulong stream, long tick, int k) =>
        Mix(unchecked(stream + ((ulong)tick * DrawsPerTick + (ulong)k + 1) * Gamma));

    /// <summary>12 × 32-bit uniforms summed, minus 6 × 2^32: z × 2^32 as an exact integer.</summary>
    public static long ScaledZ(ulong stream, long tick)
    {
        long sum = 0;
        for (var k = 0; k < 12; k++) sum += (long)(Draw(stream, tick, k) >> 32);
        return sum - IrwinHallMean;
    }

    /// <summary>z(n) in [−6, 6), exactly.</summary>
    public static decimal Z(ulong stream, long tick) => ScaledZ(stream, tick) / TwoTo32;

    /// <summary>A 32-bit uniform integer for tick n's volume.</summary>
    public static long VolumeDraw(ulong stream, long tick) => (long)(Draw(stream, tick, 12) >> 32);

    /// <summary>σ per tick = annual volatility × √(interval / 365 days), in decimal.</summary>
    public static decimal StepSigma(decimal annualVolatility, TimeSpan tickInterval) =>
        annualVolatility * Sqrt(tickInterval.Ticks / TicksPerYear);

    /// <summary>
    /// Newton's method in decimal from a start above the root, stopped when an iterate no longer decreases: the same
    /// digits on every machine (Math.Sqrt on double is exact too, but the double → decimal conversion is not specified).
    /// </summary>
    public static decimal Sqrt(decimal x)
    {
        if (x < 0) throw new ArgumentOutOfRangeException(nameof(x));
        if (x == 0) return 0;
        var guess = Math.Max(x, 1m);
        for (var i = 0; i < 400; i++)
        {
            var next = (guess + x / guess) / 2;
            if (next >= guess) break;
            guess = next;
        }
        return guess;
    }

    /// <summary>The price at <paramref name="tick"/> walked from <paramref name="initialPrice"/> at tick 0 (for tests and checks).</summary>
    public static decimal PriceAt(long seed, string symbol, decimal annualVolatility, TimeSpan tickInterval, decimal initialPrice, long tick)
    {
        var walk = new SimulatedWalk(seed, symbol, annualVolatility, tickInterval, 0, initialPrice);
        while (walk.Tick < tick) walk.Step();
        return walk.Price;
    }
}

/// <summary>One symbol's position on its walk (internal full-precision price); <see cref="Step"/> moves one tick.</summary>
public sealed class SimulatedWalk
{
    private readonly ulong stream;
    private readonly decimal sigmaPerUnit;
    private readonly decimal halfVolume;
    private readonly decimal volumePerUnit;

    /// <param name="volumePerTick">The mean synthetic base-asset volume of one tick.</param>
    public SimulatedWalk(long seed, string symbol, decimal annualVolatility, TimeSpan tickInterval, long tick, decimal price, decimal volumePerTick = 0)
    {
        if (price <= 0) throw new ArgumentOutOfRangeException(nameof(price), "A walk starts at a positive price.");
        stream = RandomWalk.Stream(seed, symbol);
        // z × σ = ScaledZ × (σ / 2^32): one decimal multiplication per tick.
        sigmaPerUnit = RandomWalk.StepSigma(Math.Max(annualVolatility, 0m), tickInterval) / 4294967296m;
        halfVolume = volumePerTick / 2;
        volumePerUnit = volumePerTick / 4294967296m;
        Tick = tick;
        Price = price;
    }

    public long Tick { get; private set; }

    /// <summary>Full precision; publish it rounded to the symbol's tick size.</summary>
    public decimal Price { get; private set; }

    public void Step()
    {
        Tick++;
        // Bounded z keeps the factor positive for any sane volatility; the clamp covers a mistyped one.
        var factor = Math.Max(1m + sigmaPerUnit * RandomWalk.ScaledZ(stream, Tick), 0.01m);
        Price = Math.Max(Price * factor, RandomWalk.PriceFloor);
    }

    /// <summary>Synthetic, deterministic base-asset volume of one tick: volume per tick × [0.5, 1.5).</summary>
    public decimal VolumeAt(long tick) => halfVolume + volumePerUnit * RandomWalk.VolumeDraw(stream, tick);
}
