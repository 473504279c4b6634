using Arena.Grains.Bots.Cluster;
using Arena.Grains.Events;
using Arena.Grains.Providers;
using Orleans.Runtime.Placement;

namespace Arena.Grains.Bots;

/// <summary>
/// One bot's activation: its hot state, loaded from its rows and replaced after every commit, the admin commands
/// (<see cref="BotConfiguration"/> decides and writes them), and the engine's timers. While the bot is active, unpaused
/// and the silo runs the engine, three timers drive it: turns (each due a turn interval after the last), risk checks
/// (every market tick) and snapshots. A turn is prepared in a timer tick, the provider is asked outside the grain (a
/// slow provider never holds up the bot's other calls) and the answer comes back as <see cref="CompleteTurn"/>, which
/// commits it against the state as it is then (<see cref="BotTrader"/>).
/// </summary>
public sealed partial class BotGrain(
    BotStore store,
    BotConfiguration configuration,
    BotTrader trader,
    SettingsService settings,
    LocalBots localBots,
    TurnSlots slots,
    IOptions<BotsOptions> botOptions,
    TimeProvider clock,
    ILogger<BotGrain> logger) : AggregateGrain, IBotGrain
{
    private static readonly Rejection Missing = Rejection.NotFound("No bot has this id.");

    private readonly CancellationTokenSource deactivating = new();
    private BotState? held;
    private IGrainTimer? turnTimer;
    private IGrainTimer? snapshotTimer;

    private string Id => this.GetPrimaryKeyString();

    /// <summary>The hot state (null: no such bot). Every change is published to this silo's running bots, for the risk monitor.</summary>
    private BotState? State
    {
        get => held;
        set
        {
            held = value;
            if (Kept) localBots.Run(Id, held!.Positions);
            else localBots.Remove(Id);
        }
    }

    // An active bot is kept running (risk checks and snapshots, paused or not); it takes turns unless paused.
    private bool Kept => botOptions.Value.RunEngine && held is { Config.IsActive: true };

    private bool TakesTurns => Kept && State is { Config: { IsPaused: false, TradingMode: TradingMode.Paper } };

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        var current = await settings.CurrentAsync(cancellationToken);
        State = await store.LoadAsync(Id, current.PromptWindow, cancellationToken);
    }

    protected override async Task ReloadAsync()
    {
        await LoadAsync(CancellationToken.None);
        await ScheduleAsync();
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        await ScheduleAsync();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (snapshotTimer is not null) LogLeft(Id, reason.ReasonCode.ToString());
        localBots.Remove(Id);
        deactivating.Cancel();
        trader.Dispose();
        return Task.CompletedTask;
    }

    public async Task<Result<BotAdminView>> Create(BotDefinition definition, AdminActor? by = null)
    {
        if (State is not null) return Rejection.Conflict("A bot with this id already exists.", "id");
        if (definition.Id != Id) return Rejection.Invalid("id", "The id does not match the grain.");
        return await Apply(await configuration.CreateAsync(definition, by));
    }

    public Task<BotAdminView?> Get() => Task.FromResult(State is null ? null : View(State));

    public async Task<Result<BotAdminView>> Update(BotChanges changes, long? expectedVersion, AdminActor? by = null) =>
        State is null ? Missing : await Apply(await configuration.UpdateAsync(State, changes, expectedVersion, by));

    public async Task<Result<PromptVersionView>> AddPrompt(string prompt, string? note, AdminActor? by = null)
    {
        if (State is null) return Missing;
        var added = await configuration.AddPromptAsync(State, prompt, note, by);
        if (!added.IsOk) return added.Rejection!;
        await ReloadAsync();
        return added.Value!;
    }

    public async Task<Result<BotAdminView>> SetPaused(bool paused, AdminActor? by = null) =>
        State is null ? Missing : await Apply(await configuration.SetPausedAsync(State, paused, by));

    public async Task<Result<BotAdminView>> Reset(AdminActor? by = null)
    {
        if (State is null) return Missing;
        State = await trader.ResetAsync(State, by);
        return View(State);
    }

    public async Task<Result<SummaryView>> ForceSummarize(AdminActor? by = null)
    {
        if (State is null) return Missing;
        var (next, summary) = await trader.SummarizeAsync(State, force: true, AdminAudit.Events(by, "bots", Id, "summarized", Id).ToArray());
        State = next;
        return summary is null
            ? Rejection.Conflict("Nothing to summarize: every decision since the last summary is still inside the prompt window.")
            : new SummaryView(summary.Id, summary.Text, summary.ThroughDecisionId, summary.DecisionsFolded, summary.CreatedAt);
    }

    public async Task<Result<bool>> Delete(AdminActor? by = null)
    {
        if (State is null) return Missing;
        var refused = await configuration.DeleteAsync(State, by);
        if (refused is not null) return refused;
        State = null;
        await ScheduleAsync();
        DeactivateOnIdle();
        return true;
    }

    public Task Wake() => Task.CompletedTask;

    public Task MoveTo(SiloAddress silo)
    {
        // The hint travels in the request context of the migration; the placement director puts the new activation there.
        RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
        this.MigrateOnIdle();
        return Task.CompletedTask;
    }

    public async Task<TurnReport> CompleteTurn(Guid turnId, ProviderAnswer answer)
    {
        if (State is null) return NoBot();
        var (next, report) = await trader.CompleteAsync(State, turnId, answer);
        State = next;
        ScheduleTurn(report.NextDueAt);
        return report;
    }

    public async Task<TurnReport> RunTurn()
    {
        if (State is null) return NoBot();
        var start = await trader.PrepareAsync(State);
        State = start.State;
        if (start.Plan is not { } plan) return Skipped(start);
        var answer = await plan.Session.DecideAsync(plan.Request, deactivating.Token);
        return await CompleteTurn(plan.TurnId, answer);
    }

    public async Task<RiskReport> CheckRisk()
    {
        if (State is null) return new RiskReport(0, 0);
        var (next, report) = await trader.CheckRiskAsync(State);
        State = next;
        return report;
    }

    public async Task<bool> TakeSnapshot()
    {
        if (State is null) return false;
        State = await trader.SnapshotAsync(State);
        return true;
    }

    /// <summary>
    /// Arms the timers for the current state. An active bot gets its snapshot timer (one snapshot interval after the last
    /// snapshot) and, unless it is paused, its turn timer (first tick when its next turn is due); its open positions are in
    /// <see cref="LocalBots"/>, where the silo's <see cref="RiskMonitor"/> watches them on every market tick (a paused bot's
    /// stop loss still protects it). An inactive or deleted bot, or a silo with the engine off, gets none.
    /// </summary>
    private async Task ScheduleAsync()
    {
        if (!TakesTurns)
        {
            turnTimer?.Dispose();
            turnTimer = null;
        }
        if (!Kept)
        {
            if (snapshotTimer is not null) LogLeft(Id, State is null ? "deleted" : "deactivated");
            snapshotTimer?.Dispose();
            snapshotTimer = null;
            return;
        }
        if (snapshotTimer is null) LogRunning(Id);
        var current = await settings.CurrentAsync();
        var now = clock.GetUtcNow();
        if (TakesTurns)
        {
            turnTimer ??= this.RegisterGrainTimer(OnTurnDueAsync, new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan) { KeepAlive = true });
            ScheduleTurn((State!.Account.LastTurnAt ?? DateTimeOffset.MinValue) + current.TurnInterval);
        }
        var snapshotDue = (State!.LastSnapshotAt ?? now) + current.SnapshotInterval - now;
        snapshotTimer ??= this.RegisterGrainTimer(OnSnapshotDueAsync,
            new GrainTimerCreationOptions(Max(snapshotDue, TimeSpan.Zero), current.SnapshotInterval) { KeepAlive = true });
    }

    /// <summary>The turn timer is one-shot: each turn (or skip) sets when the next tick comes.</summary>
    private void ScheduleTurn(DateTimeOffset dueAt)
    {
        if (!TakesTurns || turnTimer is null) return;
        turnTimer.Change(Max(dueAt - clock.GetUtcNow(), TimeSpan.Zero), Timeout.InfiniteTimeSpan);
    }

    private Task OnTurnDueAsync(CancellationToken cancellationToken) => RunGuardedAsync("turn", async () =>
    {
        if (State is null || !TakesTurns || trader.TurnInFlight) return;
        // A silo-wide limit on turns in flight: the slot is held from preparing to committing.
        await slots.WaitAsync(cancellationToken);
        var handedOff = false;
        try
        {
            var start = await trader.PrepareAsync(State);
            State = start.State;
            if (start.Plan is not { } plan)
            {
                ScheduleTurn(start.NextDueAt);
                return;
            }
            if (plan.Session.Settings.Kind == ProviderSettings.RulesKind)
            {
                // A built-in strategy answers at once from memory (no I/O): asked within this turn, like any other computation.
                await CompleteTurn(plan.TurnId, await plan.Session.DecideAsync(plan.Request, deactivating.Token));
                return;
            }
            var self = this.AsReference<IBotGrain>();
            var stopping = deactivating.Token;
            // A network provider is asked on the thread pool, outside this grain's turn, so a slow one never holds up the
            // bot's other calls; its answer comes back as a call.
            _ = Task.Run(() => AskProviderAsync(self, plan, stopping), CancellationToken.None);
            handedOff = true;
        }
        finally
        {
            if (!handedOff) slots.Release();
        }
    });

    private async Task AskProviderAsync(IBotGrain self, PreparedTurn plan, CancellationToken stopping)
    {
        try
        {
            var answer = await plan.Session.DecideAsync(plan.Request, stopping);
            await self.CompleteTurn(plan.TurnId, answer);
        }
        catch (Exception ex) when (!stopping.IsCancellationRequested)
        {
            // The activation is dropped by a failed CompleteTurn and the keeper wakes a fresh one; a turn that never
            // completes is abandoned after BotTrader.PendingTurnLimit.
            LogTurnFailed(ex, Id);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            slots.Release();
        }
    }

    private Task OnSnapshotDueAsync(CancellationToken cancellationToken) => RunGuardedAsync("snapshot", async () =>
    {
        if (State is null) return;
        State = await trader.SnapshotAsync(State);
        // The interval is an admin setting: a change takes effect from the next snapshot.
        var interval = (await settings.CurrentAsync(cancellationToken)).SnapshotInterval;
        snapshotTimer?.Change(interval, interval);
    });

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>Takes the state a configuration command committed (or its rejection), then re-arms the timers for it.</summary>
    private async Task<Result<BotAdminView>> Apply(Result<BotState> changed)
    {
        if (!changed.IsOk) return changed.Rejection!;
        State = changed.Value!;
        trader.ConfigurationChanged();
        await ScheduleAsync();
        return View(State);
    }


    private BotAdminView View(BotState s) => configuration.View(s, trader.KnownSettings);

    private TurnReport NoBot() => new(false, null, 0, 0, 0, clock.GetUtcNow() + botOptions.Value.TurnInterval, null, "no such bot");

    private static TurnReport Skipped(TurnStart start) =>
        new(false, null, 0, 0, start.State.Positions.Count, start.NextDueAt, null, start.SkipReason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bot {BotId} runs on this silo")]
    private partial void LogRunning(string botId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bot {BotId} left this silo ({Reason})")]
    private partial void LogLeft(string botId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Turn of bot {BotId} failed outside the grain; the next one is prepared afresh")]
    private partial void LogTurnFailed(Exception exception, string botId);
}
