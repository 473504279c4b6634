namespace Arena.Grains.Runtime;

internal sealed partial class RuntimeLog(ILogger logger)
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "Grain {Grain} call failed; activation dropped so the next call reloads its state")]
    public partial void CallFailed(GrainId grain, Exception exception);

    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "Grain {Grain} failed to activate")]
    public partial void ActivationFailed(GrainId grain, Exception exception);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Grain {Grain} failed while deactivating")]
    public partial void DeactivationFailed(GrainId grain, Exception exception);

    [LoggerMessage(EventId = 103, Level = LogLevel.Debug, Message = "Grain {Grain} deactivated ({Reason})")]
    public partial void Deactivated(GrainId grain, DeactivationReason reason);

    [LoggerMessage(EventId = 104, Level = LogLevel.Debug, Message = "Collected {Collected} idle activations; {Remaining} remain")]
    public partial void Collected(int collected, int remaining);
}
