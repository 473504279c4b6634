using Orleans.Runtime;

namespace Arena.Tests.Cluster;

/// <summary>
/// What every aggregate grain guarantees, on a real two-silo Orleans cluster: a lost version race re-runs the call
/// once on reloaded state and a second one reaches the caller; an unexpected failure drops the activation so the next
/// call reloads; a full activation answers busy instead of queueing without bound.
/// </summary>
public sealed class AggregateGrainTests(SqliteGrainCluster cluster) : IClassFixture<SqliteGrainCluster>
{
    private static string Key() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task A_version_conflict_reloads_the_state_and_runs_the_call_once_more()
    {
        var probe = cluster.Silo(0).GetGrain<IProbeGrain>(Key());
        var before = await probe.Describe();

        Assert.Equal(2, await probe.Write(conflicts: 1));
        var after = await probe.Describe();
        Assert.Equal(before.Activation, after.Activation);
        Assert.Equal(2, after.Loads);
    }

    [Fact]
    public async Task A_second_conflict_reaches_the_caller_and_the_next_call_starts_from_a_fresh_activation()
    {
        var probe = cluster.Silo(0).GetGrain<IProbeGrain>(Key());
        var before = await probe.Describe();

        await Assert.ThrowsAsync<VersionConflictException>(() => probe.Write(conflicts: 2));
        await WaitForNewActivationAsync(probe, before.Activation);
        Assert.Equal(1, (await probe.Describe()).Loads);
    }

    [Fact]
    public async Task An_unexpected_failure_drops_the_activation_and_the_next_call_reloads()
    {
        var probe = cluster.Silo(1).GetGrain<IProbeGrain>(Key());
        var before = await probe.Describe();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => probe.Fail());
        Assert.Equal("an unexpected failure", failure.Message);
        await WaitForNewActivationAsync(probe, before.Activation);
    }

    [Fact]
    public async Task A_full_activation_refuses_more_calls_instead_of_queueing_them()
    {
        var key = Key();
        var probe = cluster.Silo(0).GetGrain<IProbeGrain>(key);
        await probe.Describe();
        // The cluster's MailboxCapacity is 32: the running call and 32 waiting behind it; the rest are refused at once.
        var calls = Enumerable.Range(0, 40).Select(_ => probe.Hold()).ToArray();
        for (var i = 0; i < 200 && calls.Count(c => c.IsFaulted) < 7; i++) await Task.Delay(50);
        Assert.Equal(7, calls.Count(c => c.Exception?.InnerException is LimitExceededException));
        Assert.Equal(33, calls.Count(c => !c.IsCompleted));

        ProbeGrain.Release(key);
        await Task.WhenAll(calls.Where(c => !c.IsFaulted)).WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static async Task WaitForNewActivationAsync(IProbeGrain probe, Guid old)
    {
        for (var i = 0; i < 100; i++)
        {
            if ((await probe.Describe()).Activation != old) return;
            await Task.Delay(50);
        }
        Assert.Fail("the failed activation was not dropped");
    }
}
