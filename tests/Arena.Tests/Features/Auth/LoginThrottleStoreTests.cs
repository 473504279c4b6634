using Arena.Grains.Auth;
using Arena.Grains.Persistence;
using Arena.Tests.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Arena.Tests.Features.Auth;

/// <summary>The throttle's growing waits, driven by a hand-moved clock against a real database of each dialect.</summary>
public abstract class LoginThrottleStoreTests(Dialect dialect) : IAsyncLifetime
{
    private const string Account = "account:00000000-0000-0000-0000-000000000001";
    private const string Address = "address:203.0.113.5";
    private readonly ManualClock clock = new();
    private readonly AuthOptions options = new()
    {
        FailuresBeforeDelay = 3,
        FirstSignInDelay = TimeSpan.FromSeconds(1),
        MaxSignInDelay = TimeSpan.FromSeconds(30),
        MaxFailuresPerAccount = 1000,
        MaxFailuresPerAddress = 1000,
        ThrottleWindow = TimeSpan.FromMinutes(15),
    };
    private Database database = null!;
    private LoginThrottle throttle = null!;

    public async Task InitializeAsync()
    {
        database = (await DatabaseTarget.CreateAsync(dialect)).Open();
        await new MigrationRunner(database, NullLogger<MigrationRunner>.Instance).ApplyAsync();
        throttle = new LoginThrottle(database, clock, Options.Create(options));
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    /// <summary>Fails once as soon as the pair may try again; returns the wait that failure imposed.</summary>
    private async Task<TimeSpan?> FailAsync()
    {
        if (await throttle.BlockedForAsync(Account, Address) is { } wait) clock.Advance(wait);
        await throttle.RecordFailureAsync(Account, Address);
        return await throttle.BlockedForAsync(Account, Address);
    }

    [Fact]
    public async Task Each_failure_past_the_free_ones_doubles_the_wait_up_to_the_maximum()
    {
        var waits = new List<double?>();
        for (var i = 0; i < 9; i++) waits.Add((await FailAsync())?.TotalSeconds);
        Assert.Equal(new double?[] { null, null, null, 1, 2, 4, 8, 16, 30 }, waits);
        Assert.Null(await throttle.BlockedForAsync(Account, "address:198.51.100.5"));
    }

    [Fact]
    public async Task A_pair_forgets_its_failures_a_window_after_its_last_wait_and_at_a_success()
    {
        for (var i = 0; i < 5; i++) await FailAsync();
        clock.Advance(TimeSpan.FromSeconds(2) + options.ThrottleWindow + TimeSpan.FromSeconds(1));
        for (var i = 0; i < 3; i++) Assert.Null(await FailAsync());

        await throttle.ResetAsync(Account, Address);
        for (var i = 0; i < 3; i++) Assert.Null(await FailAsync());
        Assert.NotNull(await FailAsync());

        clock.Advance(TimeSpan.FromSeconds(1) + options.ThrottleWindow + TimeSpan.FromSeconds(1));
        Assert.Equal(3, await throttle.PruneAsync());
    }

    [Fact]
    public void Under_attack_only_one_failure_is_free_and_the_wait_is_at_least_the_lockout()
    {
        var auth = new AuthOptions { FailuresBeforeDelay = 3, FirstSignInDelay = TimeSpan.FromSeconds(1), LockoutDuration = TimeSpan.FromMinutes(15) };
        Assert.Null(LoginThrottle.DelayAfter(1, accountUnderAttack: true, auth));
        Assert.Equal(TimeSpan.FromMinutes(15), LoginThrottle.DelayAfter(2, accountUnderAttack: true, auth));
        Assert.Null(LoginThrottle.DelayAfter(3, accountUnderAttack: false, auth));
        Assert.Equal(TimeSpan.FromSeconds(1), LoginThrottle.DelayAfter(4, accountUnderAttack: false, auth));
    }
}

public sealed class LoginThrottleStoreTestsOnSqlite() : LoginThrottleStoreTests(Dialect.Sqlite);

public sealed class LoginThrottleStoreTestsOnPostgres() : LoginThrottleStoreTests(Dialect.Postgres);
