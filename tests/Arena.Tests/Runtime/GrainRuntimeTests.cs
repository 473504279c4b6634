namespace Arena.Tests.Runtime;

public sealed class GrainRuntimeTests : IAsyncLifetime
{
    private readonly ProbeJournal journal = new();
    private readonly ManualClock clock = new();
    private ServiceProvider services = null!;
    private GrainRuntime runtime = null!;

    private int mailboxCapacity = 256;

    public async Task InitializeAsync() => await StartRuntime();

    private async Task StartRuntime()
    {
        var collection = new ServiceCollection()
            .AddLogging()
            .AddSingleton(journal)
            .AddSingleton<TimeProvider>(clock)
            .AddGrainRuntime(o =>
            {
                o.CollectionAge = TimeSpan.FromMinutes(15);
                o.CollectionQuantum = TimeSpan.FromDays(1); // the tests collect by hand
                o.MailboxCapacity = mailboxCapacity;
            })
            .AddGrain<IProbeGrain, ProbeGrain>();
        services = collection.BuildServiceProvider();
        runtime = services.GetRequiredService<GrainRuntime>();
        await runtime.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync() => await services.DisposeAsync();

    private IProbeGrain Probe(string key) => runtime.GetGrain<IProbeGrain>(key);

    [Fact]
    public async Task Concurrent_first_calls_to_one_key_create_a_single_activation()
    {
        var start = new ManualResetEventSlim();
        var callers = Enumerable.Range(0, 64).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await Probe("solo").Append(i);
        })).ToArray();
        start.Set();
        var counts = await Task.WhenAll(callers);

        Assert.Equal(1, journal.Activations["solo"]);
        Assert.Equal(1, runtime.ActivationCount);
        Assert.Equal(Enumerable.Range(1, 64), counts.Order());
        Assert.Equal(64, (await Probe("solo").Values()).Count);
    }

    [Fact]
    public async Task Calls_run_one_at_a_time_in_arrival_order_under_concurrent_callers()
    {
        var grain = Probe("ordered");
        // Calls issued in a known order from one thread must run in that order...
        var ordered = Enumerable.Range(0, 200).Select(grain.Append).ToArray();
        // ...while many other threads hammer the same grain.
        var noise = Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < 100; i++) await grain.Append(10_000 + t);
        })).ToArray();
        await Task.WhenAll(ordered);
        await Task.WhenAll(noise);

        Assert.Equal(1, journal.MaxRunning);
        var mine = (await grain.Values()).Where(v => v < 10_000).ToArray();
        Assert.Equal(Enumerable.Range(0, 200), mine);
    }

    [Fact]
    public async Task A_blocked_grain_does_not_delay_other_grains()
    {
        var entered = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var blocked = Probe("slow").Block(entered, release.Task);
        await entered.Task;

        Assert.Equal(1, await Probe("fast").Append(1).WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.False(blocked.IsCompleted);
        release.SetResult();
        await blocked;
    }

    [Fact]
    public async Task Activation_runs_before_the_first_call_and_its_failure_fails_queued_calls()
    {
        journal.FailActivationFor.Add("broken");
        var calls = Enumerable.Range(0, 5).Select(i => Probe("broken").Append(i)).ToArray();
        foreach (var call in calls)
        {
            var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => call);
            Assert.Equal("state store unreachable", ex.Message);
        }
        Assert.Empty(journal.Calls);

        journal.FailActivationFor.Clear();
        Assert.Equal(1, await Probe("broken").Append(7));
        Assert.True(journal.Activations["broken"] >= 2);
    }

    [Fact]
    public async Task Idle_activations_are_collected_after_the_configured_age_and_reactivate_on_demand()
    {
        await Probe("idle").Append(1);
        await Probe("busy").Append(1);
        var entered = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var blocked = Probe("busy").Block(entered, release.Task);
        await entered.Task;

        // Released in finally: a failed assertion must fail the test, not leave "busy" mid-call
        // so that disposing the runtime waits for it forever.
        try
        {
            clock.Advance(TimeSpan.FromMinutes(14));
            Assert.Equal(0, runtime.CollectIdleActivations());

            clock.Advance(TimeSpan.FromMinutes(2));
            Assert.Equal(1, runtime.CollectIdleActivations()); // "busy" is mid-call, so only "idle" goes
            await WaitUntil(() => journal.Deactivations.GetValueOrDefault("idle") == 1);
            Assert.Equal(1, runtime.ActivationCount);

            // State lived only in the activation: a fresh one starts over.
            Assert.Empty(await Probe("idle").Values());
            Assert.Equal(2, journal.Activations["idle"]);
        }
        finally
        {
            release.TrySetResult();
        }
        await blocked;
    }

    [Fact]
    public async Task A_full_mailbox_answers_busy_and_admits_calls_again_once_drained()
    {
        await DisposeAsync();
        mailboxCapacity = 2;
        await StartRuntime();

        var grain = Probe("narrow");
        var entered = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var running = grain.Block(entered, release.Task);
        await entered.Task;
        var queued = new[] { grain.Append(1), grain.Append(2) };

        var busy = await Assert.ThrowsAsync<GrainBusyException>(() => grain.Append(3));
        Assert.Equal("narrow", busy.Grain.Key);

        release.SetResult();
        await running;
        Assert.Equal(new[] { 1, 2 }, await Task.WhenAll(queued));
        Assert.Equal(3, await grain.Append(3));
    }

    [Fact]
    public async Task A_failed_call_drops_the_activation_and_queued_calls_move_in_order_to_a_fresh_one()
    {
        var grain = Probe("flaky");
        await grain.Append(1);
        var entered = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var blocker = grain.Block(entered, release.Task);
        await entered.Task;
        var failing = grain.Fail("write failed");
        var after = Enumerable.Range(10, 5).Select(grain.Append).ToArray();

        release.SetResult();
        await blocker;
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.Equal("write failed", ex.Message);
        Assert.Equal(new[] { 1, 2, 3, 4, 5 }, await Task.WhenAll(after));

        // The fresh activation reloaded (here: started empty) and received the queued calls in order.
        Assert.Equal(2, await grain.ActivationNumber());
        Assert.Equal(new[] { 10, 11, 12, 13, 14 }, await grain.Values());
    }

    [Fact]
    public async Task A_version_conflict_is_re_decided_once_on_a_fresh_activation()
    {
        journal.ConflictsBeforeSuccess = 1;
        await Probe("contended").Conflict();
        Assert.Equal(2, journal.Activations["contended"]);

        journal.ConflictsBeforeSuccess = int.MaxValue;
        await Assert.ThrowsAsync<VersionConflictException>(() => Probe("contended").Conflict());
        Assert.Equal(3, journal.Activations["contended"]); // ran on the live one, re-decided once on a fresh one
    }

    [Fact]
    public async Task Many_keys_under_concurrent_load_each_get_exactly_one_activation()
    {
        var work = Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < 500; i++) await Probe($"k{i % 50}").Append(i);
        }));
        await Task.WhenAll(work);

        Assert.Equal(50, journal.Activations.Count);
        Assert.All(journal.Activations.Values, n => Assert.Equal(1, n));
        var total = 0;
        for (var k = 0; k < 50; k++) total += (await Probe($"k{k}").Values()).Count;
        Assert.Equal(8 * 500, total);
    }

    [Fact]
    public async Task Stopping_the_runtime_deactivates_every_activation_and_refuses_new_calls()
    {
        for (var i = 0; i < 5; i++) await Probe($"s{i}").Append(i);
        await runtime.StopAsync(CancellationToken.None);

        Assert.Equal(5, journal.Deactivations.Count);
        await Assert.ThrowsAsync<OperationCanceledException>(() => Probe("s0").Append(1));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition());
    }
}
