using Arena.Grains.Events;
using Arena.Grains.Market;
using Arena.Grains.Providers;
using Arena.Grains.Trading;

namespace Arena.Grains.Bots;

/// <summary>
/// One bot's hot state, loaded from its rows at activation and replaced after every commit. Admin
/// commands are here; the turn, risk and snapshot paths are in <c>BotGrain.Turns.cs</c>. Every change
/// is written through before the call returns; an exception escaping a call drops the activation
/// (memory may disagree with the database) and the next call reloads.
/// </summary>
public sealed partial class BotGrain(
    BotStore store,
    SettingsService settings,
    IMarketFeed market,
    IDecisionProviders providers,
    LeveragePolicies leveragePolicies,
    TimeProvider clock,
    ILogger<BotGrain> logger) : Grain, IBotGrain
{
    private static readonly Rejection Missing = Rejection.NotFound("No bot has this id.");

    private BotState? state;
    private IProviderSession? session;

    private string Id => GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var current = await settings.CurrentAsync(cancellationToken);
        state = await store.LoadAsync(Id, current.PromptWindow, cancellationToken);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        DropSession();
        return Task.CompletedTask;
    }

    public async Task<Result<BotAdminView>> Create(BotDefinition d, AdminActor? by = null)
    {
        if (state is not null) return Rejection.Conflict("A bot with this id already exists.", "id");
        var errors = BotRules.Check(d);
        if (d.Id != Id) errors.Add("id", "The id does not match the grain.");
        if (errors.Any) return errors.ToRejection();

        var now = clock.Now();
        var config = new BotConfig(d.Id, d.DisplayName.Trim(), Users.AccountRules.Clean(d.AvatarUrl), d.ProviderId, d.TradingMode, d.InitialBalance,
            d.MaxLeverage, d.DailyTokenBudget, d.IsActive, IsPaused: false, ActivePromptVersion: 1, Version: 1, now, now);
        var rejection = await store.CreateAsync(config, d.Prompt, d.PromptNote,
            [EventDraft.Public(BotEvents.Created, new BotEvents.BotChangedEvent(d.Id, config.DisplayName, "created"), d.Id), .. Audit(by, "created")]);
        if (rejection is not null) return rejection;
        await ReloadAsync();
        return View();
    }

    public Task<BotAdminView?> Get() => Task.FromResult(state is null ? null : View());

    public async Task<Result<BotAdminView>> Update(BotChanges c, long? expectedVersion, AdminActor? by = null)
    {
        if (state is null) return Missing;
        if (expectedVersion is { } v && v != state.Config.Version)
            return Rejection.Conflict($"The bot is at version {state.Config.Version}, not {v}; read it again.");
        var errors = new FieldErrors();
        BotRules.CheckConfig(c.DisplayName, c.AvatarUrl, c.ProviderId, c.TradingMode, c.InitialBalance, c.MaxLeverage, c.DailyTokenBudget, errors);
        if (errors.Any) return errors.ToRejection();
        var next = state.Config with
        {
            DisplayName = c.DisplayName.Trim(), AvatarUrl = Users.AccountRules.Clean(c.AvatarUrl), ProviderId = c.ProviderId, TradingMode = c.TradingMode,
            InitialBalance = c.InitialBalance, MaxLeverage = c.MaxLeverage, DailyTokenBudget = c.DailyTokenBudget, IsActive = c.IsActive,
            UpdatedAt = clock.Now(),
        };
        if (next with { UpdatedAt = state.Config.UpdatedAt } == state.Config) return View();
        try
        {
            await store.UpdateConfigAsync(next, state.Config.Version,
                [EventDraft.Public(BotEvents.Updated, new BotEvents.BotChangedEvent(Id, next.DisplayName, "updated"), Id), .. Audit(by, "updated")]);
        }
        catch (DbException ex) when (IsForeignKeyViolation(ex))
        {
            return Rejection.Invalid("providerId", "No provider has this id.");
        }
        DropSession();
        await ReloadAsync();
        return View();
    }

    public async Task<Result<PromptVersionView>> AddPrompt(string prompt, string? note, AdminActor? by = null)
    {
        if (state is null) return Missing;
        var errors = new FieldErrors();
        BotRules.CheckPrompt(prompt, errors);
        BotRules.CheckNote(note, errors);
        if (errors.Any) return errors.ToRejection();
        var version = (state.Prompt?.Version ?? 0) + 1;
        var now = clock.Now();
        var next = state.Config with { ActivePromptVersion = version, UpdatedAt = now };
        await store.AddPromptAsync(next, state.Config.Version, new BotPrompt(version, prompt, note, now),
            [EventDraft.Public(BotEvents.PromptChanged, new BotEvents.PromptVersionActivatedEvent(Id, version), Id), .. Audit(by, $"prompt v{version} added")]);
        await ReloadAsync();
        return new PromptVersionView(Id, version, prompt, note, now, Active: true);
    }

    public async Task<Result<BotAdminView>> SetPaused(bool paused, AdminActor? by = null)
    {
        if (state is null) return Missing;
        if (state.Config.IsPaused == paused) return View();
        var next = state.Config with { IsPaused = paused, UpdatedAt = clock.Now() };
        var type = paused ? BotEvents.Paused : BotEvents.Resumed;
        await store.UpdateConfigAsync(next, state.Config.Version,
            [EventDraft.Public(type, new BotEvents.BotChangedEvent(Id, next.DisplayName, paused ? "paused" : "resumed"), Id), .. Audit(by, paused ? "paused" : "resumed")]);
        await ReloadAsync();
        return View();
    }

    public async Task<Result<bool>> Delete(AdminActor? by = null)
    {
        if (state is null) return Missing;
        if (await store.HasTradesAsync(Id)) return Rejection.Conflict("This bot has trading history; deactivate it (isActive=false) instead of deleting it.");
        await store.DeleteAsync(Id, state.Config.Version, Audit(by, "deleted"), clock.Now());
        state = null;
        DropSession();
        DeactivateOnIdle();
        return true;
    }

    public Task Release()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task ObserveConfigVersion(long version)
    {
        if (state is null || version > state.Config.Version) DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private async Task ReloadAsync()
    {
        var current = await settings.CurrentAsync();
        state = await store.LoadAsync(Id, current.PromptWindow);
    }

    private void DropSession()
    {
        session?.Dispose();
        session = null;
    }

    private BotAdminView View()
    {
        var s = state!;
        return new BotAdminView(s.Config, StatusOf(s), s.Account, s.Positions.Count, s.Prompt?.Version, s.Summary?.Id);
    }

    private BotStatus StatusOf(BotState s) => BotRules.Status(s.Config, s.Account, knownSettings?.DailyTokenBudget ?? 0, clock.GetUtcNow());

    private IEnumerable<EventDraft> Audit(AdminActor? by, string action) => AdminAudit.Events(by, "bots", Id, action, Id);

    private static bool IsForeignKeyViolation(DbException ex) =>
        ex is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.ForeignKeyViolation }
        || ex is Microsoft.Data.Sqlite.SqliteException { SqliteExtendedErrorCode: 787 };
}
