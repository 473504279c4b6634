namespace Arena.Grains.Runtime;

/// <summary>The grain's mailbox is full; the caller should retry later (HTTP 503 + Retry-After).</summary>
public sealed class GrainBusyException(GrainId grain)
    : Exception($"Grain {grain} is busy: its mailbox is full.")
{
    public GrainId Grain { get; } = grain;
}

/// <summary>
/// Another writer changed the aggregate first (its version moved). The runtime drops the activation
/// and runs the call once more on a fresh activation, which re-reads the state and re-decides;
/// a second conflict reaches the caller (HTTP 409).
/// </summary>
public sealed class VersionConflictException(string aggregate, object key, long expectedVersion)
    : Exception($"{aggregate} {key} was changed by another writer (expected version {expectedVersion}).");
