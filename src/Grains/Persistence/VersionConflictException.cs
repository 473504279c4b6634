namespace Arena.Grains.Persistence;

/// <summary>
/// Another writer changed the aggregate first: the version check of a write matched no row and the transaction
/// was rolled back. A grain re-runs the call once on freshly loaded state (it re-decides, never blindly retries);
/// a second conflict reaches the caller (HTTP 409).
/// </summary>
[GenerateSerializer]
public sealed class VersionConflictException : Exception
{
    public VersionConflictException(string aggregate, object key, long expectedVersion)
        : base($"{aggregate} {key} was changed by another writer (expected version {expectedVersion}).")
    {
    }

    public VersionConflictException(string message) : base(message)
    {
    }
}
