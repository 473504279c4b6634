namespace Arena.Grains.Bots.Cluster;

/// <summary>
/// A graceful stop hands this silo's bots to the other silos before its grains are deactivated, so a rolling deploy
/// does not wait for failure detection or the keeper's next round: at the stop of the silo's <c>BecomeActive</c>
/// stage (the membership table says ShuttingDown from here on, so the keeper no longer places bots on this silo) each
/// local bot migrates to an active silo, spread evenly; migration activates it there at once and its turn timer
/// resumes. Whatever does not move in time is deactivated with the silo and placed by the keeper's next round.
/// </summary>
public sealed partial class BotHandover(
    IClusterMembershipService membership,
    ILocalSiloDetails localSilo,
    IGrainFactory grains,
    LocalBots local,
    IOptions<BotsOptions> options,
    ILogger<BotHandover> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan HandoverLimit = TimeSpan.FromSeconds(10);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(BotHandover), ServiceLifecycleStage.BecomeActive, _ => Task.CompletedTask, HandOverAsync);

    private async Task HandOverAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.RunEngine) return;
        // The membership agent marks this silo ShuttingDown in the same stage; wait (briefly) until it has, so the keeper
        // of the cluster, which reads the same membership, does not send bots back here.
        var until = Stopwatch.GetTimestamp() + (long)(Stopwatch.Frequency * HandoverLimit.TotalSeconds / 2);
        while (membership.CurrentSnapshot.GetSiloStatus(localSilo.SiloAddress) == SiloStatus.Active && Stopwatch.GetTimestamp() < until)
            await Task.Delay(20, cancellationToken);
        var bots = local.Ids;
        var targets = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active && !m.SiloAddress.Equals(localSilo.SiloAddress))
            .Select(m => m.SiloAddress).OrderBy(a => a.ToString(), StringComparer.Ordinal).ToArray();
        if (bots.Count == 0 || targets.Length == 0) return;
        var started = Stopwatch.GetTimestamp();
        var moves = bots.Select((bot, i) => grains.GetGrain<IBotGrain>(bot).MoveTo(targets[i % targets.Length]));
        try
        {
            await Task.WhenAll(moves).WaitAsync(HandoverLimit, cancellationToken);
            LogHandedOver(bots.Count, targets.Length, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception ex)
        {
            LogHandoverIncomplete(ex, bots.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Handed {Bots} bots over to {Silos} silos in {ElapsedMs:F0} ms")]
    private partial void LogHandedOver(int bots, int silos, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handing {Bots} bots over did not complete; the keeper places the rest")]
    private partial void LogHandoverIncomplete(Exception exception, int bots);
}
