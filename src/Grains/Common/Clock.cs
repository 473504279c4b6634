using Arena.Grains.Persistence;

namespace Arena.Grains.Common;

public static class ClockExtensions
{
    /// <summary>Now, at the precision both databases keep (microseconds), so what is stored reads back equal.</summary>
    public static DateTimeOffset Now(this TimeProvider clock) => DbTypeHandlers.ToStoragePrecision(clock.GetUtcNow());
}
