using Arena.Grains.Trading;

namespace Arena.Grains.Bots;

public enum SettingType { Duration, Decimal, Integer, Boolean }

/// <summary>One operational setting the admin API may change (stored in <c>app_settings</c>).</summary>
public sealed record SettingDefinition(string Key, SettingType Type, string Default, string Description, decimal? Min = null, decimal? Max = null);

/// <summary>
/// Every setting the engine reads, with its type, bounds and default. Effective value: the database
/// row if set, else the configuration default (<c>Arena:Bots</c> for intervals), else the built-in default.
/// </summary>
public static class SettingCatalog
{
    public const string TurnInterval = "turnInterval";
    public const string MinimumOrder = "minimumOrder";
    public const string TakerFeeRate = "takerFeeRate";
    public const string SlippageRate = "slippageRate";
    public const string MaxOpenPositions = "maxOpenPositions";
    public const string SymbolCooldown = "symbolCooldown";
    public const string MaintenanceMarginRate = "maintenanceMarginRate";
    public const string RealTradingEnabled = "realTradingEnabled";
    public const string DailyTokenBudget = "dailyTokenBudget";
    public const string PromptWindow = "promptWindow";
    public const string SummarizeAfter = "summarizeAfter";
    public const string SnapshotInterval = "snapshotInterval";
    public const string SnapshotRetention = "snapshotRetention";
    public const string DeskStartingBalance = "deskStartingBalance";

    public static IReadOnlyList<SettingDefinition> All { get; } =
    [
        new(TurnInterval, SettingType.Duration, "00:03:20", "Time between a bot's turns.", Min: 0.05m, Max: 86_400m),
        new(MinimumOrder, SettingType.Decimal, "10", "Smallest position notional a decision may open, in USDT.", Min: 0m, Max: 1_000_000m),
        new(TakerFeeRate, SettingType.Decimal, "0.0005", "Taker fee rate charged on each fill's notional (0.0005 = 0.05%).", Min: 0m, Max: 0.01m),
        new(SlippageRate, SettingType.Decimal, "0.0005", "Paper fill slippage against the trader (0.0005 = 0.05%).", Min: 0m, Max: 0.05m),
        new(MaxOpenPositions, SettingType.Integer, "5", "Open positions a bot may hold at once.", Min: 1m, Max: 100m),
        new(SymbolCooldown, SettingType.Duration, "00:05:00", "After a trade in a symbol, how long before a bot may open it again.", Min: 0m, Max: 86_400m),
        new(MaintenanceMarginRate, SettingType.Decimal, "0.005", "Maintenance margin rate used for liquidation prices.", Min: 0m, Max: 0.5m),
        new(RealTradingEnabled, SettingType.Boolean, "false", "Kill switch for real (exchange) trading; paper trading is unaffected."),
        new(DailyTokenBudget, SettingType.Integer, "200000", "LLM tokens a bot may use per UTC day before its calls pause (0 = no limit); a bot's own budget overrides it.", Min: 0m, Max: 1_000_000_000m),
        new(PromptWindow, SettingType.Integer, "10", "Recent decisions shown verbatim in each prompt.", Min: 0m, Max: 200m),
        new(SummarizeAfter, SettingType.Integer, "20", "Decisions outside the prompt window that trigger folding them into the history summary.", Min: 1m, Max: 10_000m),
        new(SnapshotInterval, SettingType.Duration, "00:10:00", "How often balance and equity are snapshotted.", Min: 1m, Max: 86_400m),
        new(SnapshotRetention, SettingType.Duration, "90.00:00:00", "Snapshots older than this are pruned.", Min: 3_600m, Max: 315_360_000m),
        new(DeskStartingBalance, SettingType.Decimal, "10000", "A user's paper wallet starting balance in USDT: given to a new wallet and restored by a wallet reset.", Min: 1m, Max: 1_000_000_000m),
    ];

    private static readonly Dictionary<string, SettingDefinition> ByKey = All.ToDictionary(d => d.Key, StringComparer.Ordinal);

    public static bool TryGet(string key, out SettingDefinition definition) => ByKey.TryGetValue(key, out definition!);

    public static string UnknownKey(string key) => $"There is no setting '{key}'. Known: {string.Join(", ", All.Select(d => d.Key))}.";

    /// <summary>A new override (its key named in the body): the key must be in the catalog and the value valid for it.</summary>
    public static void CheckNew(string key, string? value, FieldErrors errors)
    {
        if (TryGet(key, out _)) CheckValue(key, value, errors);
        else errors.Add("key", UnknownKey(key));
    }

    /// <summary>The value rules of a known key; an unknown key is the caller's answer (a path naming no setting is a 404).</summary>
    public static void CheckValue(string key, string? value, FieldErrors errors)
    {
        if (!TryGet(key, out var definition) || Normalize(definition, value).Rejection?.Errors is not { } invalid) return;
        foreach (var (field, messages) in invalid)
            foreach (var message in messages) errors.Add(field, message);
    }

    /// <summary>The canonical text of a valid value, or the reason it is not valid.</summary>
    public static Result<string> Normalize(SettingDefinition definition, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return Rejection.Invalid("value", "A value is required.");
        value = value.Trim();
        switch (definition.Type)
        {
            case SettingType.Duration:
                if (!TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span)) return Rejection.Invalid("value", "Expected a duration like 00:03:20.");
                if (!InRange(definition, (decimal)span.TotalSeconds)) return OutOfRange(definition, "seconds");
                return span.ToString("c", CultureInfo.InvariantCulture);
            case SettingType.Decimal:
                if (!decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number)) return Rejection.Invalid("value", "Expected a decimal number.");
                if (!InRange(definition, number)) return OutOfRange(definition, "");
                return number.ToString(CultureInfo.InvariantCulture);
            case SettingType.Integer:
                if (!long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer)) return Rejection.Invalid("value", "Expected a whole number.");
                if (!InRange(definition, integer)) return OutOfRange(definition, "");
                return integer.ToString(CultureInfo.InvariantCulture);
            default:
                if (!bool.TryParse(value, out var flag)) return Rejection.Invalid("value", "Expected true or false.");
                return flag ? "true" : "false";
        }
    }

    /// <summary>A bound in the format of the setting's values (a duration's as a duration, from its bound in seconds); null for none.</summary>
    public static string? Bound(SettingDefinition definition, decimal? bound) => bound is not { } b ? null : definition.Type == SettingType.Duration
        ? TimeSpan.FromTicks((long)(b * TimeSpan.TicksPerSecond)).ToString("c", CultureInfo.InvariantCulture)
        : b.ToString(CultureInfo.InvariantCulture);

    private static bool InRange(SettingDefinition d, decimal v) => (d.Min is null || v >= d.Min) && (d.Max is null || v <= d.Max);

    private static Rejection OutOfRange(SettingDefinition d, string unit) =>
        Rejection.Invalid("value", $"Must be between {d.Min?.ToString(CultureInfo.InvariantCulture)} and {d.Max?.ToString(CultureInfo.InvariantCulture)}{(unit.Length > 0 ? " " + unit : "")}.");
}

/// <summary>The effective settings at one moment.</summary>
public sealed record ArenaSettings(
    TimeSpan TurnInterval,
    TradingRules Rules,
    bool RealTradingEnabled,
    int DailyTokenBudget,
    int PromptWindow,
    int SummarizeAfter,
    TimeSpan SnapshotInterval,
    TimeSpan SnapshotRetention,
    decimal DeskStartingBalance);
