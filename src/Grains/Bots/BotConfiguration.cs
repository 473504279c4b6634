using Arena.Grains.Events;

namespace Arena.Grains.Bots;

/// <summary>
/// The admin commands of a bot (create, update, prompt versions, pause, delete): each checks the rules, writes one
/// transaction through <see cref="BotStore"/> (the configuration's version check, the public event and the admin's
/// audit event together) and returns the state as it now is in the database. Called by <see cref="BotGrain"/> only,
/// one command at a time per bot.
/// </summary>
public sealed class BotConfiguration(BotStore store, SettingsService settings, TimeProvider clock)
{
    public async Task<Result<BotState>> CreateAsync(BotDefinition d, AdminActor? by)
    {
        var errors = BotRules.Check(d);
        if (errors.Any) return errors.ToRejection();
        var now = clock.Now();
        var config = new BotConfig(d.Id, d.DisplayName.Trim(), Users.AccountRules.Clean(d.AvatarUrl), d.ProviderId, d.TradingMode, d.InitialBalance,
            d.MaxLeverage, d.DailyTokenBudget, d.IsActive, IsPaused: false, ActivePromptVersion: 1, Version: 1, now, now);
        var rejection = await store.CreateAsync(config, d.Prompt, d.PromptNote,
            [EventDraft.Public(BotEvents.Created, new BotEvents.BotChangedEvent(d.Id, config.DisplayName, "created"), d.Id), .. Audit(by, d.Id, "created")]);
        return rejection ?? await LoadAsync(d.Id);
    }

    public async Task<Result<BotState>> UpdateAsync(BotState s, BotChanges c, long? expectedVersion, AdminActor? by)
    {
        if (expectedVersion is { } v && v != s.Config.Version)
            return Rejection.Conflict($"The bot is at version {s.Config.Version}, not {v}; read it again.");
        var errors = new FieldErrors();
        BotRules.CheckConfig(c.DisplayName, c.AvatarUrl, c.ProviderId, c.TradingMode, c.InitialBalance, c.MaxLeverage, c.DailyTokenBudget, errors);
        if (errors.Any) return errors.ToRejection();
        var next = s.Config with
        {
            DisplayName = c.DisplayName.Trim(), AvatarUrl = Users.AccountRules.Clean(c.AvatarUrl), ProviderId = c.ProviderId, TradingMode = c.TradingMode,
            InitialBalance = c.InitialBalance, MaxLeverage = c.MaxLeverage, DailyTokenBudget = c.DailyTokenBudget, IsActive = c.IsActive,
            UpdatedAt = clock.Now(),
        };
        if (next with { UpdatedAt = s.Config.UpdatedAt } == s.Config) return s;
        try
        {
            await store.UpdateConfigAsync(next, s.Config.Version,
                [EventDraft.Public(BotEvents.Updated, new BotEvents.BotChangedEvent(next.Id, next.DisplayName, "updated"), next.Id), .. Audit(by, next.Id, "updated")]);
        }
        catch (DbException ex) when (DbErrors.IsForeignKeyViolation(ex))
        {
            return Rejection.Invalid("providerId", "No provider has this id.");
        }
        return await LoadAsync(next.Id);
    }

    public async Task<Result<PromptVersionView>> AddPromptAsync(BotState s, string prompt, string? note, AdminActor? by)
    {
        var errors = new FieldErrors();
        BotRules.CheckPrompt(prompt, errors);
        BotRules.CheckNote(note, errors);
        if (errors.Any) return errors.ToRejection();
        var id = s.Config.Id;
        var version = (s.Prompt?.Version ?? 0) + 1;
        var now = clock.Now();
        await store.AddPromptAsync(s.Config with { ActivePromptVersion = version, UpdatedAt = now }, s.Config.Version, new BotPrompt(version, prompt, note, now),
            [EventDraft.Public(BotEvents.PromptChanged, new BotEvents.PromptVersionActivatedEvent(id, version), id), .. Audit(by, id, $"prompt v{version} added")]);
        return new PromptVersionView(id, version, prompt, note, now, Active: true);
    }

    public async Task<Result<BotState>> SetPausedAsync(BotState s, bool paused, AdminActor? by)
    {
        if (s.Config.IsPaused == paused) return s;
        var next = s.Config with { IsPaused = paused, UpdatedAt = clock.Now() };
        var type = paused ? BotEvents.Paused : BotEvents.Resumed;
        var action = paused ? "paused" : "resumed";
        await store.UpdateConfigAsync(next, s.Config.Version,
            [EventDraft.Public(type, new BotEvents.BotChangedEvent(next.Id, next.DisplayName, action), next.Id), .. Audit(by, next.Id, action)]);
        return await LoadAsync(next.Id);
    }

    /// <summary>Deletes a bot that never traded (null); one with history is refused: it is deactivated instead.</summary>
    public async Task<Rejection?> DeleteAsync(BotState s, AdminActor? by)
    {
        var id = s.Config.Id;
        if (await store.HasTradesAsync(id))
            return Rejection.Conflict("This bot has trading history; deactivate it (isActive=false) instead of deleting it.");
        await store.DeleteAsync(id, Audit(by, id, "deleted"), clock.Now());
        return null;
    }

    public BotAdminView View(BotState s, ArenaSettings? known) =>
        new(s.Config, BotRules.Status(s.Config, s.Account, known?.DailyTokenBudget ?? 0, clock.GetUtcNow()), s.Account, s.Positions.Count, s.Prompt?.Version,
            s.Summary?.Id);

    private async Task<Result<BotState>> LoadAsync(string id)
    {
        var current = await settings.CurrentAsync();
        return await store.LoadAsync(id, current.PromptWindow) is { } loaded ? loaded : Rejection.NotFound("No bot has this id.");
    }

    private static IEnumerable<EventDraft> Audit(AdminActor? by, string id, string action) => AdminAudit.Events(by, "bots", id, action, id);
}
