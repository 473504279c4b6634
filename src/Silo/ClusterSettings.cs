namespace Arena.Silo;

/// <summary>Configuration section <c>Arena:Cluster</c>: how this silo finds and talks to the others (PostgreSQL) or stands alone (SQLite).</summary>
public sealed class ClusterSettings
{
    public const string Section = "Arena:Cluster";

    /// <summary>Silos with the same cluster id form one cluster (Orleans <c>ClusterOptions.ClusterId</c>).</summary>
    public string ClusterId { get; set; } = "arena";

    /// <summary>The service's stable id across deployments (Orleans <c>ClusterOptions.ServiceId</c>).</summary>
    public string ServiceId { get; set; } = "arena";

    /// <summary>The port silos use between themselves.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The port external Orleans clients connect to; 0 turns the gateway off (the API runs inside the silo and needs none).</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos reach this one at (IP or host name). Unset: loopback on SQLite, this host's first address on PostgreSQL.</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>How long a silo waits for a probe answer before counting it missed (Orleans <c>ClusterMembershipOptions.ProbeTimeout</c>).</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest a probe timeout grows to while this silo's own health is degraded (<c>ClusterMembershipOptions.MaxProbeTimeout</c>).</summary>
    public TimeSpan MaxProbeTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Missed probes after which a silo votes another dead (Orleans <c>ClusterMembershipOptions.NumMissedProbesLimit</c>).</summary>
    public int MissedProbesLimit { get; set; } = 3;

    /// <summary>How often a silo re-reads the membership table even without news (<c>ClusterMembershipOptions.TableRefreshTimeout</c>).</summary>
    public TimeSpan TableRefreshTimeout { get; set; } = TimeSpan.FromSeconds(60);

    public bool IsValid => !string.IsNullOrWhiteSpace(ClusterId) && !string.IsNullOrWhiteSpace(ServiceId) && SiloPort is > 0 and <= 65535
                           && GatewayPort is >= 0 and <= 65535 && GatewayPort != SiloPort && ProbeTimeout > TimeSpan.Zero && MaxProbeTimeout >= ProbeTimeout
                           && MissedProbesLimit > 0 && TableRefreshTimeout > TimeSpan.Zero;
}

/// <summary>Configuration section <c>Arena:Grains</c>: activation lifetime and overload limits (Orleans' own options underneath).</summary>
public sealed class GrainSettings
{
    public const string Section = "Arena:Grains";

    /// <summary>An activation with no calls for this long is collected (Orleans <c>GrainCollectionOptions.CollectionAge</c>).</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often idle activations are looked for (<c>GrainCollectionOptions.CollectionQuantum</c>).</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Calls that may wait behind the running one at an activation before it answers busy (<c>SiloMessagingOptions.MaxEnqueuedRequestsHardLimit</c>, which counts the running call too and refuses above the limit).</summary>
    public int MailboxCapacity { get; set; } = 256;

    /// <summary>How long a deactivation may take (<c>GrainCollectionOptions.DeactivationTimeout</c>).</summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsValid => MailboxCapacity > 0 && CollectionAge > TimeSpan.Zero && CollectionQuantum > TimeSpan.Zero && DeactivationTimeout > TimeSpan.Zero;
}

/// <summary>Configuration section <c>Arena:Dashboard</c>.</summary>
public sealed class DashboardSettings
{
    public const string Section = "Arena:Dashboard";

    /// <summary>Serve the Orleans Dashboard at /dashboard (admins only). Building its assets costs about a second of CPU at start.</summary>
    public bool Enabled { get; set; } = true;
}
