namespace Arena.Grains.Providers.Rules;

/// <summary>Indicators over recent closes (oldest first), in decimal so every silo computes the same digits.</summary>
internal static class Indicators
{
    /// <summary>Mean of the last <paramref name="count"/> values.</summary>
    public static decimal Mean(IReadOnlyList<decimal> values, int count)
    {
        var sum = 0m;
        for (var i = values.Count - count; i < values.Count; i++) sum += values[i];
        return sum / count;
    }

    /// <summary>Population standard deviation of the last <paramref name="count"/> values.</summary>
    public static decimal StandardDeviation(IReadOnlyList<decimal> values, int count)
    {
        var mean = Mean(values, count);
        var squares = 0m;
        for (var i = values.Count - count; i < values.Count; i++)
        {
            var d = values[i] - mean;
            squares += d * d;
        }
        return Sqrt(squares / count);
    }

    /// <summary>Newton's method from a start at or above the root, so the iterates fall monotonically to it.</summary>
    public static decimal Sqrt(decimal x)
    {
        if (x <= 0) return 0;
        var guess = x > 1 ? x : 1m;
        for (var i = 0; i < 200; i++)
        {
            var next = (guess + x / guess) / 2m;
            if (next >= guess) break;
            guess = next;
        }
        return guess;
    }
}
