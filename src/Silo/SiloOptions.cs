namespace Arena.Silo;

/// <summary>Configuration section <c>Arena:Logging</c>.</summary>
public sealed class LoggingOptions
{
    public const string Section = "Arena:Logging";

    /// <summary>One JSON object per log line instead of text.</summary>
    public bool Json { get; set; }
}

/// <summary>Configuration section <c>Arena:Management</c>: where <c>/metrics</c> is served.</summary>
public sealed class ManagementOptions
{
    public const string Section = "Arena:Management";

    /// <summary>A second port serving only <c>/metrics</c> (no sign-in) and <c>/health</c>; unset, <c>/metrics</c> is on the API port for admins.</summary>
    public int? Port { get; set; }

    /// <summary>The address the management port binds to.</summary>
    public string Host { get; set; } = "0.0.0.0";
}
