using Arena.Grains.Events;
using Arena.Grains.Trading;

namespace Arena.Grains.Bots;

/// <summary>
/// A setting as the admin API shows it. <see cref="Min"/> and <see cref="Max"/> are the bounds in the value's own
/// format (a duration's as durations), null for booleans.
/// </summary>
public sealed record SettingEntry(string Key, string Type, string Value, string Default, string Source, string Description, string? Min, string? Max,
    DateTimeOffset? UpdatedAt);

/// <summary>
/// The effective arena settings, cached in memory. A change made on this silo is visible at once;
/// other silos hear about it through NOTIFY (and re-read every 30 s regardless).
/// </summary>
public sealed partial class SettingsService(Database database, TimeProvider clock, IOptions<BotsOptions> options, ILogger<SettingsService> logger)
{
    public const string ChangeChannel = "arena_settings_changed";
    private static readonly TimeSpan RefreshAfter = TimeSpan.FromSeconds(30);

    private readonly BotsOptions defaults = options.Value;
    private volatile Snapshot? cache;

    private sealed record Snapshot(IReadOnlyDictionary<string, (string Value, DateTimeOffset UpdatedAt)> Rows, ArenaSettings Settings, DateTimeOffset LoadedAt);

    /// <summary>The effective settings; loads them on first use and refreshes stale caches.</summary>
    public async ValueTask<ArenaSettings> CurrentAsync(CancellationToken cancellationToken = default)
    {
        var current = cache;
        if (current is not null && clock.GetUtcNow() - current.LoadedAt < RefreshAfter) return current.Settings;
        return (await ReloadAsync(cancellationToken)).Settings;
    }

    public void Invalidate() => cache = null;

    public async Task<IReadOnlyList<SettingEntry>> ListAsync(CancellationToken cancellationToken = default)
    {
        var rows = (await ReloadAsync(cancellationToken)).Rows;
        return SettingCatalog.All.Select(d => Entry(d, rows)).ToArray();
    }

    public async Task<Result<SettingEntry>> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        if (!SettingCatalog.TryGet(key, out var definition)) return Unknown(key);
        return Entry(definition, (await ReloadAsync(cancellationToken)).Rows);
    }

    /// <summary>Stores <paramref name="value"/> for <paramref name="key"/>, replacing a stored value if there is one.</summary>
    public Task<Result<SettingEntry>> SetAsync(string key, string? value, AdminActor? by = null, CancellationToken cancellationToken = default) =>
        WriteAsync(key, value, replace: true, by, cancellationToken);

    /// <summary>Stores a value only where none is stored yet: a conflict when the setting already has one (change it with <see cref="SetAsync"/>).</summary>
    public Task<Result<SettingEntry>> CreateAsync(string key, string? value, AdminActor? by = null, CancellationToken cancellationToken = default) =>
        WriteAsync(key, value, replace: false, by, cancellationToken);

    private async Task<Result<SettingEntry>> WriteAsync(string key, string? value, bool replace, AdminActor? by, CancellationToken cancellationToken)
    {
        // PUT names the key in its path (no such resource: 404); POST in its body (an invalid field: 400).
        if (!SettingCatalog.TryGet(key, out var definition)) return replace ? Unknown(key) : Rejection.Invalid("key", SettingCatalog.UnknownKey(key));
        var normalized = SettingCatalog.Normalize(definition, value);
        if (!normalized.IsOk) return normalized.Rejection!;
        var now = clock.Now();
        var written = await database.InTransactionAsync(async tx =>
        {
            if (!await AppSettings.StoreAsync(tx, key, normalized.Value!, now, replace)) return false;
            await AdminAudit.AppendAsync(tx, by, "settings", key, replace ? "set" : "created", now);
            tx.NotifyOnCommit(ChangeChannel, key);
            return true;
        }, cancellationToken);
        if (!written)
            return Rejection.Conflict($"Setting '{key}' already has a stored value; change it with PUT /api/admin/settings/{key}.", "key");
        LogWritten(key, normalized.Value!, by);
        return Entry(definition, (await ReloadAsync(cancellationToken)).Rows);
    }

    /// <summary>Removes the stored value, so the configured or built-in default applies again.</summary>
    public async Task<Result<SettingEntry>> ResetAsync(string key, AdminActor? by = null, CancellationToken cancellationToken = default)
    {
        if (!SettingCatalog.TryGet(key, out var definition)) return Unknown(key);
        var now = clock.Now();
        var deleted = await database.InTransactionAsync(async tx =>
        {
            if (!await AppSettings.DeleteAsync(tx, key)) return false;
            await AdminAudit.AppendAsync(tx, by, "settings", key, "reset", now);
            tx.NotifyOnCommit(ChangeChannel, key);
            return true;
        }, cancellationToken);
        var entry = Entry(definition, (await ReloadAsync(cancellationToken)).Rows);
        if (deleted) LogWritten(key, entry.Value, by);
        return entry;
    }

    // The kill switch is the one setting that decides whether real money moves: every change of it is a warning.
    private void LogWritten(string key, string value, AdminActor? by)
    {
        if (key == SettingCatalog.RealTradingEnabled) LogKillSwitch(value, by?.UserId, by?.RequestId);
        else LogChanged(key, value, by?.UserId);
    }

    private async Task<Snapshot> ReloadAsync(CancellationToken cancellationToken)
    {
        var rows = await database.ReadAsync(c => c.QueryAsync<(string Key, string Value, DateTimeOffset UpdatedAt)>(
            "SELECT key, value, updated_at FROM app_settings"), cancellationToken);
        var known = rows.Where(r => SettingCatalog.TryGet(r.Key, out _)).ToDictionary(r => r.Key, r => (r.Value, r.UpdatedAt), StringComparer.Ordinal);
        var snapshot = new Snapshot(known, Build(known), clock.GetUtcNow());
        cache = snapshot;
        return snapshot;
    }

    private ArenaSettings Build(IReadOnlyDictionary<string, (string Value, DateTimeOffset UpdatedAt)> rows)
    {
        string Raw(string key) => rows.TryGetValue(key, out var row) ? row.Value : ConfiguredDefault(key) ?? Definition(key).Default;
        TimeSpan Duration(string key) => TimeSpan.Parse(Raw(key), CultureInfo.InvariantCulture);
        decimal Number(string key) => decimal.Parse(Raw(key), CultureInfo.InvariantCulture);
        int Integer(string key) => int.Parse(Raw(key), CultureInfo.InvariantCulture);
        return new ArenaSettings(
            Duration(SettingCatalog.TurnInterval),
            new TradingRules(
                Number(SettingCatalog.MinimumOrder),
                Number(SettingCatalog.TakerFeeRate),
                Number(SettingCatalog.SlippageRate),
                Integer(SettingCatalog.MaxOpenPositions),
                Duration(SettingCatalog.SymbolCooldown),
                Number(SettingCatalog.MaintenanceMarginRate)),
            bool.Parse(Raw(SettingCatalog.RealTradingEnabled)),
            Integer(SettingCatalog.DailyTokenBudget),
            Integer(SettingCatalog.PromptWindow),
            Integer(SettingCatalog.SummarizeAfter),
            Duration(SettingCatalog.SnapshotInterval),
            Duration(SettingCatalog.SnapshotRetention),
            Number(SettingCatalog.DeskStartingBalance));
    }

    private string? ConfiguredDefault(string key) => key switch
    {
        SettingCatalog.TurnInterval => defaults.TurnInterval.ToString("c", CultureInfo.InvariantCulture),
        SettingCatalog.SnapshotInterval => defaults.SnapshotInterval.ToString("c", CultureInfo.InvariantCulture),
        SettingCatalog.SnapshotRetention => defaults.SnapshotRetention.ToString("c", CultureInfo.InvariantCulture),
        _ => null,
    };

    private SettingEntry Entry(SettingDefinition d, IReadOnlyDictionary<string, (string Value, DateTimeOffset UpdatedAt)> rows)
    {
        var configured = ConfiguredDefault(d.Key);
        var @default = configured ?? d.Default;
        var (min, max) = (SettingCatalog.Bound(d, d.Min), SettingCatalog.Bound(d, d.Max));
        return rows.TryGetValue(d.Key, out var row)
            ? new SettingEntry(d.Key, TypeName(d.Type), row.Value, @default, "database", d.Description, min, max, row.UpdatedAt)
            : new SettingEntry(d.Key, TypeName(d.Type), @default, @default, configured is null ? "default" : "configuration", d.Description, min, max, null);
    }

    private static SettingDefinition Definition(string key) => SettingCatalog.TryGet(key, out var d) ? d : throw new KeyNotFoundException(key);

    private static string TypeName(SettingType type) => type.ToString().ToLowerInvariant();

    private static Rejection Unknown(string key) => Rejection.NotFound(SettingCatalog.UnknownKey(key));

    [LoggerMessage(Level = LogLevel.Information, Message = "Setting {Key} changed to {Value} by admin {UserId}")]
    private partial void LogChanged(string key, string value, Guid? userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Real trading kill switch (realTradingEnabled) is now {Value}, set by admin {UserId} (request {RequestId})")]
    private partial void LogKillSwitch(string value, Guid? userId, string? requestId);
}
