namespace Arena.Grains.Events;

/// <summary>Configuration section <c>Arena:Events</c>: sequencing, retention and reactions.</summary>
public sealed class EventOptions
{
    public const string Section = "Arena:Events";

    /// <summary>How long sequenced events are kept; older ones are pruned (the newest one always stays).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the pruning loop looks for events older than <see cref="Retention"/>.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Events deleted per pruning transaction.</summary>
    public int PruneBatchSize { get; set; } = 1000;

    /// <summary>Fallback poll of the sequencer and the hub when no wake-up (signal or NOTIFY) arrives.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Events numbered per sequencer transaction.</summary>
    public int SequenceBatchSize { get; set; } = 1000;

    /// <summary>Reactions one user may post within <see cref="ReactionWindow"/>, across all silos.</summary>
    public int ReactionLimit { get; set; } = 10;

    public TimeSpan ReactionWindow { get; set; } = TimeSpan.FromSeconds(10);
}
