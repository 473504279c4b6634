namespace Arena.Grains.Runtime;

/// <summary>Configuration section <c>Arena:Grains</c>. Defaults follow Orleans' GrainCollectionOptions.</summary>
public sealed class GrainOptions
{
    public const string Section = "Arena:Grains";

    /// <summary>An activation with no calls for this long is collected.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often idle activations are looked for.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Calls that may wait behind the running one; past this the grain answers busy.</summary>
    public int MailboxCapacity { get; set; } = 256;

    /// <summary>How long <see cref="Grain.OnDeactivateAsync"/> may take.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
