using Arena.Grains.Trading;

namespace Arena.Grains.Bots;

public sealed record SettingEntry(string Key, string Type, string Value, string Default, string Source, string Description, DateTimeOffset? UpdatedAt);

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

    public async Task<Result<SettingEntry>> SetAsync(string key, string? value, CancellationToken cancellationToken = default)
    {
        if (!SettingCatalog.TryGet(key, out var definition)) return Unknown(key);
        var normalized = SettingCatalog.Normalize(definition, value);
        if (!normalized.IsOk) return normalized.Rejection!;
        var now = clock.Now();
        await database.InTransactionAsync(async tx =>
        {
            await tx.ExecuteAsync("""
                INSERT INTO app_settings (key, value, updated_at) VALUES (@key, @value, @now)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                """, new { key, value = normalized.Value, now });
            tx.NotifyOnCommit(ChangeChannel, key);
        }, cancellationToken);
        LogChanged(key, normalized.Value!);
        return Entry(definition, (await ReloadAsync(cancellationToken)).Rows);
    }

    /// <summary>Removes the stored value, so the configured or built-in default applies again.</summary>
    public async Task<Result<SettingEntry>> ResetAsync(string key, CancellationToken cancellationToken = default)
    {
        if (!SettingCatalog.TryGet(key, out var definition)) return Unknown(key);
        await database.InTransactionAsync(async tx =>
        {
            await tx.ExecuteAsync("DELETE FROM app_settings WHERE key = @key", new { key });
            tx.NotifyOnCommit(ChangeChannel, key);
        }, cancellationToken);
        return Entry(definition, (await ReloadAsync(cancellationToken)).Rows);
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
            Duration(SettingCatalog.SnapshotRetention));
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
        return rows.TryGetValue(d.Key, out var row)
            ? new SettingEntry(d.Key, TypeName(d.Type), row.Value, @default, "database", d.Description, row.UpdatedAt)
            : new SettingEntry(d.Key, TypeName(d.Type), @default, @default, configured is null ? "default" : "configuration", d.Description, null);
    }

    private static SettingDefinition Definition(string key) => SettingCatalog.TryGet(key, out var d) ? d : throw new KeyNotFoundException(key);

    private static string TypeName(SettingType type) => type.ToString().ToLowerInvariant();

    private static Rejection Unknown(string key) => Rejection.NotFound($"There is no setting '{key}'. Known: {string.Join(", ", SettingCatalog.All.Select(d => d.Key))}.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Setting {Key} changed to {Value}")]
    private partial void LogChanged(string key, string value);
}
