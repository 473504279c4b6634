namespace Arena.Grains.Users;

/// <summary>
/// One preference field of <see cref="StoredPreferences"/>: its JSON name, whether it is set (non-null),
/// how to compare it, copy it from another row, and read a non-null JSON value into it (null in JSON
/// means "reset" and never reaches <see cref="Read"/>). The document's strings were checked to be text
/// (<see cref="JsonStrings"/>) before any field reads them.
/// </summary>
internal sealed record PreferenceField(
    string Name,
    Func<StoredPreferences, bool> IsSet,
    Func<StoredPreferences, StoredPreferences, bool> Same,
    Func<StoredPreferences, StoredPreferences, StoredPreferences> CopyFrom,
    Func<JsonElement, FieldErrors, StoredPreferences, StoredPreferences> Read);

/// <summary>The table of preference fields, so that parsing, merging, comparing and gap-filling list them once.</summary>
internal static class PreferenceFields
{
    public const string TradingModesName = "tradingModes";

    public static readonly ImmutableArray<PreferenceField> All =
    [
        Field("timeframe", p => p.Timeframe, (p, v) => p with { Timeframe = v }, ReadEnum<Timeframe>),
        Field("speed", p => p.Speed, (p, v) => p with { Speed = v }, ReadEnum<PlaybackSpeed>),
        Field("sfx", p => p.Sfx, (p, v) => p with { Sfx = v }, ReadBool),
        Field("signals", p => p.Signals, (p, v) => p with { Signals = v }, ReadBool),
        Field("language", p => p.Language, (p, v) => p with { Language = v }, ReadEnum<Language>),
        Field("theme", p => p.Theme, (p, v) => p with { Theme = v }, ReadEnum<Theme>),
        Field("dataSource", p => p.DataSource, (p, v) => p with { DataSource = v }, ReadEnum<DataSource>),
        Field("universe", p => p.Universe, (p, v) => p with { Universe = v }, ReadEnum<Universe>),
        Field("marketRegion", p => p.MarketRegion, (p, v) => p with { MarketRegion = v }, ReadEnum<MarketRegion>),
        Field("riskProfile", p => p.RiskProfile, (p, v) => p with { RiskProfile = v }, ReadEnum<RiskProfile>),
        Field(TradingModesName, p => p.TradingModes, (p, v) => p with { TradingModes = v }, ReadAllModes),
        Field("primaryMode", p => p.PrimaryMode, (p, v) => p with { PrimaryMode = v }, ReadEnum<TradingMode>),
        Field("auxiliaryModes", p => p.AuxiliaryModes, (p, v) => p with { AuxiliaryModes = v }, ReadModeSet,
            (a, b) => a is null ? b is null : b is not null && a.SetEquals(b)),
        Field("disclosureAcceptedAt", p => p.DisclosureAcceptedAt, (p, v) => p with { DisclosureAcceptedAt = v }, ReadTimestamp),
    ];

    /// <summary>Fields whose JSON value may be null in a full replacement (PUT).</summary>
    public static readonly ImmutableHashSet<string> Optional = ["disclosureAcceptedAt"];

    /// <summary>Read-only fields of the representation: accepted in a body (so a GET body can be sent back) and ignored.</summary>
    public static readonly ImmutableHashSet<string> ReadOnly = ["updatedAt"];

    /// <summary>The JSON names of the members of <c>tradingModes</c>.</summary>
    public static readonly ImmutableArray<(string Name, TradingMode Mode)> ModeMembers =
        [("intraday", TradingMode.Intraday), ("swing", TradingMode.Swing), ("options", TradingMode.Options), ("futures", TradingMode.Futures)];

    public static PreferenceField? Find(string name) => All.FirstOrDefault(f => f.Name == name);

    /// <summary>Equal in every field (the row's <c>updatedAt</c> is not a preference).</summary>
    public static bool SameValues(StoredPreferences a, StoredPreferences b) => All.All(f => f.Same(a, b));

    /// <summary>Takes from <paramref name="incoming"/> exactly the fields that <paramref name="current"/> never set.</summary>
    public static (StoredPreferences Next, ImmutableArray<string> Applied) FillUnset(StoredPreferences current, StoredPreferences incoming)
    {
        var next = current;
        var applied = ImmutableArray.CreateBuilder<string>();
        foreach (var field in All.Where(f => !f.IsSet(current) && f.IsSet(incoming)))
        {
            next = field.CopyFrom(next, incoming);
            applied.Add(field.Name);
        }
        return (next, applied.ToImmutable());
    }

    /// <summary>
    /// The members of a <c>tradingModes</c> object: mode → value, or mode → null for an explicit JSON null.
    /// Unknown members and non-boolean values are errors named <c>tradingModes.&lt;member&gt;</c>.
    /// </summary>
    public static Dictionary<TradingMode, bool?> ReadModeMembers(JsonElement json, FieldErrors errors)
    {
        var members = new Dictionary<TradingMode, bool?>();
        if (json.ValueKind != JsonValueKind.Object)
        {
            errors.Add(TradingModesName, "Must be an object with the booleans intraday, swing, options and futures.");
            return members;
        }
        foreach (var member in json.EnumerateObject())
        {
            var name = $"{TradingModesName}.{member.Name}";
            var known = ModeMembers.Where(m => m.Name == member.Name).Select(m => (TradingMode?)m.Mode).FirstOrDefault();
            if (known is not { } mode) errors.Add(name, "Unknown field; the members are intraday, swing, options and futures.");
            else if (!members.TryAdd(mode, member.Value.ValueKind == JsonValueKind.Null ? null : ReadBool(member.Value, name, errors)))
                errors.Add(name, "Given more than once.");
        }
        return members;
    }

    private static PreferenceField Field<T>(
        string name,
        Func<StoredPreferences, T> get,
        Func<StoredPreferences, T, StoredPreferences> set,
        Func<JsonElement, string, FieldErrors, T> read,
        Func<T, T, bool>? same = null)
    {
        same ??= EqualityComparer<T>.Default.Equals;
        return new PreferenceField(
            name,
            p => get(p) is not null,
            (a, b) => same(get(a), get(b)),
            (target, source) => set(target, get(source)),
            (json, errors, p) => set(p, read(json, name, errors)));
    }

    // Exact wire names only: the case-insensitive fallback of WireEnum is for legacy stores, not for the API.
    private static T? ReadEnum<T>(JsonElement json, string name, FieldErrors errors) where T : struct, Enum
    {
        var text = json.ValueKind == JsonValueKind.String ? json.GetString() : null;
        if (WireEnum<T>.TryParseExact(text, out var value)) return value;
        errors.Add(name, $"Must be one of: {string.Join(", ", WireEnum<T>.Names)}.");
        return null;
    }

    private static bool? ReadBool(JsonElement json, string name, FieldErrors errors)
    {
        if (json.ValueKind is JsonValueKind.True or JsonValueKind.False) return json.GetBoolean();
        errors.Add(name, "Must be true or false.");
        return null;
    }

    private static TradingModes? ReadAllModes(JsonElement json, string name, FieldErrors errors)
    {
        var members = ReadModeMembers(json, errors);
        if (json.ValueKind != JsonValueKind.Object) return null;
        foreach (var (member, mode) in ModeMembers)
            if (members.GetValueOrDefault(mode) is null) errors.Add($"{name}.{member}", "Required: true or false.");
        bool Flag(TradingMode mode) => members.GetValueOrDefault(mode) ?? false;
        return new TradingModes(Flag(TradingMode.Intraday), Flag(TradingMode.Swing), Flag(TradingMode.Options), Flag(TradingMode.Futures));
    }

    // The set is stored, so a repeated mode would be silently lost: it is refused instead.
    private static ImmutableSortedSet<TradingMode>? ReadModeSet(JsonElement json, string name, FieldErrors errors)
    {
        if (json.ValueKind != JsonValueKind.Array)
        {
            errors.Add(name, $"Must be an array of: {string.Join(", ", WireEnum<TradingMode>.Names)}.");
            return null;
        }
        var modes = ImmutableSortedSet.CreateBuilder<TradingMode>();
        var valid = true;
        foreach (var item in json.EnumerateArray())
        {
            if (ReadEnum<TradingMode>(item, name, errors) is not { } mode) valid = false;
            else if (!modes.Add(mode))
            {
                errors.Add(name, $"'{WireEnum<TradingMode>.Name(mode)}' is listed more than once.");
                valid = false;
            }
        }
        return valid ? modes.ToImmutable() : null;
    }

    // Stored at the precision both databases keep, so what is read back after a restart is equal.
    // An offset is required: without one the instant would depend on the server's time zone.
    private static DateTimeOffset? ReadTimestamp(JsonElement json, string name, FieldErrors errors)
    {
        if (json.ValueKind == JsonValueKind.String && json.TryGetDateTimeOffset(out var value) && HasOffset(json.GetString()!))
            return DbTypeHandlers.ToStoragePrecision(value);
        errors.Add(name, "Must be an ISO 8601 date and time with an offset, e.g. 2025-01-31T09:30:00Z, or null.");
        return null;
    }

    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
}
