using Arena.Grains.Common;
using Arena.Tests.Runtime;

namespace Arena.Tests.Common;

public sealed class ComputedCacheTests
{
    private readonly ManualClock clock = new();

    private sealed record Value(int Computation);

    [Fact]
    public async Task Callers_that_arrive_while_a_value_is_computed_share_that_one_computation()
    {
        var cache = new ComputedCache<string, Value>(clock, TimeSpan.FromSeconds(5));
        var release = new TaskCompletionSource();
        var computations = 0;
        async Task<Value?> Compute(string _)
        {
            var n = Interlocked.Increment(ref computations);
            await release.Task;
            return new Value(n);
        }

        var callers = Enumerable.Range(0, 50).Select(_ => Task.Run(() => cache.GetAsync("board", Compute))).ToArray();
        await Task.Delay(50);
        release.SetResult();
        var values = await Task.WhenAll(callers);

        Assert.Equal(1, computations);
        Assert.All(values, v => Assert.Equal(new Value(1), v));
    }

    [Fact]
    public async Task A_stale_value_is_served_while_one_recomputation_runs_then_replaced()
    {
        var cache = new ComputedCache<string, Value>(clock, TimeSpan.FromSeconds(5));
        var computations = 0;
        var gate = new TaskCompletionSource();
        async Task<Value?> Compute(string _)
        {
            var n = Interlocked.Increment(ref computations);
            if (n > 1) await gate.Task;
            return new Value(n);
        }

        Assert.Equal(new Value(1), await cache.GetAsync("board", Compute));
        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(new Value(1), await cache.GetAsync("board", Compute));
        Assert.Equal(1, computations);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(new Value(1), await cache.GetAsync("board", Compute));
        Assert.Equal(new Value(1), await cache.GetAsync("board", Compute));
        Assert.Equal(2, computations);
        gate.SetResult();
        await WaitForAsync(async () => await cache.GetAsync("board", Compute) == new Value(2));
        Assert.Equal(2, computations);
    }

    [Fact]
    public async Task With_no_lifetime_every_call_computes_and_waits()
    {
        var cache = new ComputedCache<string, Value>(clock, TimeSpan.Zero);
        var computations = 0;
        Task<Value?> Compute(string _) => Task.FromResult<Value?>(new Value(Interlocked.Increment(ref computations)));

        Assert.Equal(new Value(1), await cache.GetAsync("board", Compute));
        Assert.Equal(new Value(2), await cache.GetAsync("board", Compute));
    }

    [Fact]
    public async Task A_failure_or_a_missing_value_is_not_kept()
    {
        var cache = new ComputedCache<string, Value>(clock, TimeSpan.FromMinutes(1));
        var calls = 0;
        Task<Value?> Failing(string _)
        {
            calls++;
            return calls == 1 ? Task.FromException<Value?>(new InvalidOperationException("database down")) : Task.FromResult<Value?>(new Value(calls));
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetAsync("board", Failing));
        Assert.Equal(new Value(2), await cache.GetAsync("board", Failing));

        var lookups = 0;
        Task<Value?> Missing(string _) { lookups++; return Task.FromResult<Value?>(null); }
        Assert.Null(await cache.GetAsync("no-such-bot", Missing));
        Assert.Null(await cache.GetAsync("no-such-bot", Missing));
        Assert.Equal(2, lookups);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await condition()) return;
            await Task.Delay(10);
        }
        Assert.Fail("the recomputed value never replaced the stale one");
    }
}
