namespace Arena.Grains.Bots;

/// <summary>Configuration section <c>Arena:Bots</c>: defaults for the engine; the admin settings in the database override the first three.</summary>
public sealed class BotsOptions
{
    public const string Section = "Arena:Bots";

    /// <summary>Time between a bot's turns (the legacy system's 3 min 20 s).</summary>
    public TimeSpan TurnInterval { get; set; } = TimeSpan.FromSeconds(200);

    /// <summary>How often each bot's balance and equity are snapshotted.</summary>
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Snapshots older than this are pruned.</summary>
    public TimeSpan SnapshotRetention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How often the cluster's bot keeper checks that every active bot is activated somewhere, and spreads them (it also runs at once on every membership change).</summary>
    public TimeSpan KeeperInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Turns in flight at once in this silo (each bot still has at most one).</summary>
    public int MaxConcurrentTurns { get; set; } = 16;

    /// <summary>Run turns, risk checks and snapshots in this silo's bot activations, and keep bots placed (false: serve the API only; a bot activated here runs no timers).</summary>
    public bool RunEngine { get; set; } = true;
}

/// <summary>Configuration section <c>Arena:Seed</c>.</summary>
public sealed class SeedOptions
{
    public const string Section = "Arena:Seed";

    /// <summary>On a first start with no bots, create the demo arena (4 rule-based bots, 10 simulated symbols).</summary>
    public bool Demo { get; set; } = true;
}
