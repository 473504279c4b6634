namespace Arena.Grains.Bots;

/// <summary>This silo's name in <c>silos</c> and <c>bot_leases</c>: unique per process start.</summary>
public sealed class SiloIdentity
{
    public string Id { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";

    public string Host { get; } = Environment.MachineName;
}
