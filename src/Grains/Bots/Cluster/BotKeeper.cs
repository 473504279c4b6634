using Microsoft.Extensions.Hosting;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;
using Orleans.Serialization.TypeSystem;

namespace Arena.Grains.Bots.Cluster;

/// <summary>
/// Keeps every active bot activated somewhere in the cluster, spread evenly over the silos that run the engine. Every
/// silo runs this service, but only the oldest active engine silo (the first by generation, which every silo computes
/// alike from the same membership) does the work, so two silos never place or move the same bot at once. A round, every <see cref="BotsOptions.KeeperInterval"/>
/// and at once on every membership change (a silo joined, left or was declared dead):
/// <list type="number">
/// <item>reads the active bots from <c>bots</c> (the source of truth) and where their activations are (every active
/// silo reports its own);</item>
/// <item>activates each bot that has none, on the active silo with the fewest bots (a placement hint), so the bots of a
/// dead silo resume within one detection plus one round;</item>
/// <item>moves bots off any silo holding more than ⌈bots ÷ silos⌉ to the least loaded (live migration), so a silo that
/// joins or rejoins takes its share.</item>
/// </list>
/// An activation is what runs a bot (its turn timer); Orleans' directory keeps it single, and each commit's version
/// check fences the rare duplicate while membership changes.
/// </summary>
public sealed partial class BotKeeper(
    IClusterMembershipService membership,
    ISiloMetadataCache metadata,
    ILocalSiloDetails localSilo,
    IGrainFactory grains,
    BotStore store,
    IOptions<BotsOptions> options,
    ILogger<BotKeeper> logger) : BackgroundService
{
    private static readonly string BotGrainType = RuntimeTypeNameFormatter.Format(typeof(BotGrain));

    /// <summary>Silo metadata key: "on" on silos that run the engine (<see cref="BotsOptions.RunEngine"/>), "off" on API-only silos.</summary>
    public const string EngineMetadataKey = "arena.engine";

    private readonly BotsOptions bots = options.Value;
    private readonly SemaphoreSlim wake = new(0);

    /// <summary>Rounds this silo ran as the keeper (for tests).</summary>
    public long Rounds => Interlocked.Read(ref rounds);

    private long rounds;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!bots.RunEngine) return;
        _ = WatchMembershipAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunRoundAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A round that fails (a silo went away mid-round, the database blinked) is logged and retried next round.
                LogRoundFailed(ex);
            }
            try
            {
                await wake.WaitAsync(bots.KeeperInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
        }
    }

    private async Task WatchMembershipAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var _ in membership.MembershipUpdates.WithCancellation(stoppingToken)) wake.Release();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogRoundFailed(ex);
        }
    }

    /// <summary>One round: does nothing unless this silo is the keeper. Returns how many bots it activated or moved.</summary>
    public async Task<int> RunRoundAsync(CancellationToken cancellationToken = default)
    {
        var active = ActiveSilos();
        var silos = active.Where(RunsEngine).ToArray();
        if (silos.Length == 0 || !silos[0].Equals(localSilo.SiloAddress)) return 0;
        Interlocked.Increment(ref rounds);

        var bots = await store.ActiveBotIdsAsync(cancellationToken);
        var management = grains.GetGrain<IManagementGrain>(0);
        var where = (await management.GetDetailedGrainStatistics([BotGrainType], active))
            .GroupBy(s => s.GrainId.Key.ToString()!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().SiloAddress, StringComparer.Ordinal);
        var plan = BotSpread.Plan(bots, where, silos);

        await Task.WhenAll(plan.Activate.Select(p => WithHint(p.Silo, () => grains.GetGrain<IBotGrain>(p.BotId).Wake())));
        await Task.WhenAll(plan.Move.Select(p => grains.GetGrain<IBotGrain>(p.BotId).MoveTo(p.Silo)));
        if (plan.Activate.Count + plan.Move.Count > 0) LogRound(plan.Activate.Count, plan.Move.Count, silos.Length, bots.Count);
        return plan.Activate.Count + plan.Move.Count;
    }

    private bool RunsEngine(SiloAddress silo) =>
        metadata.GetSiloMetadata(silo).Metadata.TryGetValue(EngineMetadataKey, out var value) && value == "on";

    /// <summary>Active silos, oldest first: the first that runs the engine is the keeper.</summary>
    private SiloAddress[] ActiveSilos() => membership.CurrentSnapshot.Members.Values
        .Where(m => m.Status == SiloStatus.Active)
        .Select(m => m.SiloAddress)
        .OrderBy(a => a.Generation).ThenBy(a => a.ToString(), StringComparer.Ordinal)
        .ToArray();

    // The hint travels with the call that activates the grain; the placement director puts the activation there.
    private static async Task WithHint(SiloAddress silo, Func<Task> call)
    {
        await Task.Yield();
        RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
        await call();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Bot keeper: activated {Activated} and moved {Moved} bots ({Bots} active bots on {Silos} silos)")]
    private partial void LogRound(int activated, int moved, int silos, int bots);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bot keeper round failed; retrying next round")]
    private partial void LogRoundFailed(Exception exception);
}
