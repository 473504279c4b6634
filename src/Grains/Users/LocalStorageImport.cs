using System.Text.Json.Nodes;

namespace Arena.Grains.Users;

/// <summary>What became of one localStorage key: <c>imported</c>, <c>ignored</c> (with why) or <c>invalid</c> (with why).</summary>
[GenerateSerializer, Immutable]
public sealed record ImportedKey([Id(0)] string Key, [Id(1)] string Status, [Id(2)] string? Reason, [Id(3)] IReadOnlyList<string> Fields)
{
    public const string Imported = "imported";
    public const string Ignored = "ignored";
    public const string Invalid = "invalid";
}

[GenerateSerializer, Immutable]
public sealed record LocalStorageImportReport([Id(0)] IReadOnlyList<ImportedKey> Keys, [Id(1)] bool Changed);

/// <summary>One key's contribution to the import, before it is weighed against the server's data.</summary>
internal abstract record KeyChange(string Key)
{
    public sealed record Preferences(string Key, StoredPreferences Values) : KeyChange(Key);
    public sealed record Profile(string Key, string? DisplayName, string? AvatarUrl, string? Note) : KeyChange(Key);
    public sealed record Watchlist(string Key, IReadOnlyList<WatchlistItem?> Items) : KeyChange(Key);
    public sealed record Insights(string Key, IReadOnlyList<string?> Ids) : KeyChange(Key);
    public sealed record Tracked(string Key, IReadOnlyList<TrackedSignal> Items, IReadOnlyList<string> Skipped) : KeyChange(Key);
    public sealed record Settled(ImportedKey Outcome) : KeyChange(Outcome.Key);
}

/// <summary>
/// Reads the browser storage of the two legacy apps (seed 004's <c>arise_*</c> keys, seed 000's MAXI⚡DOGE
/// <c>stockclaw_*</c> keys) into changes to the user aggregate. Pure: what the server already has is weighed by
/// the grain (<see cref="UserGrain.ImportLocalStorage"/>). Values may be raw strings or JSON-encoded strings,
/// because the apps wrote both.
/// </summary>
internal static class LocalStorageImport
{
    public const int MaxEntries = 200;
    public const int MaxValueLength = 256 * 1024;

    // Caches of market or AI output (seed 004 "Data that should remain in localStorage"): recomputed, not user data.
    private static readonly HashSet<string> Caches = new(StringComparer.Ordinal)
    {
        "arise_market", "arise_flows", "arise_market_asof", "arise_spark", "arise_news", "arise_events",
        "arise_picks", "arise_winning_trades", "arise_strategy_cache_v1",
    };

    // Seed 000 stores for features this server does not take over yet (matches, quick trades, signals, community...).
    private static readonly HashSet<string> LaterFeatures = new(StringComparer.Ordinal)
    {
        "stockclaw_agents", "stockclaw_wallet", "stockclaw_match_history",
        "stockclaw_predict_positions", "stockclaw_community", "stockclaw_pnl", "stockclaw_users", "stockclaw_matches",
        "stockclaw_signals", "stockclaw_predictions", "stockclaw_active_games", "stockclaw.drawings.v1", "stockclaw.warroom.scanstate.v1",
    };

    // The MAXI⚡DOGE app's own defaults: importing them would record a choice the user never made.
    private const string DefaultDogeName = "Anonymous Doge";

    public static IReadOnlyList<KeyChange> Plan(IReadOnlyDictionary<string, string?> entries, DateTimeOffset now)
    {
        var changes = new List<KeyChange>();
        foreach (var (key, value) in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            try
            {
                changes.Add(Read(key, value, now));
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or ArgumentException)
            {
                changes.Add(Invalid(key, "The value is not in the format the app stored."));
            }
        }
        return changes;
    }

    private static KeyChange Read(string key, string? value, DateTimeOffset now)
    {
        if (Caches.Contains(key)) return Ignored(key, "A cache of market or AI data; the server computes it, so it is not imported.");
        if (LaterFeatures.Contains(key)) return Ignored(key, "Belongs to a feature whose data this import does not take over yet.");
        if (key == "stockclaw_notifications_seeded_v1") return Ignored(key, "A session flag, not user data.");
        if (!IsKnown(key)) return Ignored(key, "Unknown key.");
        if (value is null || value.Length == 0) return Ignored(key, "Empty value.");
        if (value.Length > MaxValueLength) return Invalid(key, $"The value is longer than {MaxValueLength} characters.");

        var p = StoredPreferences.Unset;
        switch (key)
        {
            case "arise_universe": return Enum<Universe>(key, value, v => p with { Universe = v });
            case "arise_market_region": return Enum<MarketRegion>(key, value, v => p with { MarketRegion = v });
            case "arise_risk": return Enum<RiskProfile>(key, value, v => p with { RiskProfile = v });
            case "arise_primary_mode": return Enum<TradingMode>(key, value, v => p with { PrimaryMode = v });
            case "arise_modes": return Modes(key, value);
            case "arise_auxiliary_modes":
                var aux = JsonNode.Parse(value)!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
                var set = ImmutableSortedSet.CreateBuilder<TradingMode>();
                foreach (var text in aux)
                {
                    if (!WireEnum<TradingMode>.TryParse(text, out var mode)) return Invalid(key, $"'{text}' is not a trading mode ({string.Join(", ", WireEnum<TradingMode>.Names)}).");
                    set.Add(mode);
                }
                return new KeyChange.Preferences(key, p with { AuxiliaryModes = set.ToImmutable() });
            case "arise_disclosure_accepted_v1": return Disclosure(key, value, now);
            case "arise_account_profile_v1":
                var name = Text(JsonNode.Parse(value)?["name"]);
                return name is null ? Ignored(key, "No name in the stored profile.") : new KeyChange.Profile(key, name, null, "account_id has no counterpart here.");
            case "arise_watchlist":
                return new KeyChange.Watchlist(key, JsonNode.Parse(value)!.AsArray().Select(WatchlistItemOf).ToArray());
            case "arise_dismissed_insights_v1":
                return new KeyChange.Insights(key, JsonNode.Parse(value)!.AsArray().Select(n => n?.GetValue<string>()).ToArray());
            case "stockclaw_state": return DogeState(key, value);
            case "stockclaw_settings": return DogeSettings(key, value);
            case TrackedImport.Key: return TrackedImport.Read(key, value, now);
            default: return DogeProfile(key, value);
        }
    }

    // Seed 000's copyTradeStore is an in-memory Svelte store (never written to localStorage), and its draft is a one-off
    // signal to publish (pair, direction, entry, TP/SL, size %) built from War Room scans: it names no bot, so no copy run
    // (a follow of a bot) can be made from it. A key a client sends for it anyway is answered with this reason.
    private static bool IsKnown(string key) => key is "arise_universe" or "arise_market_region" or "arise_risk" or "arise_primary_mode"
        or "arise_modes" or "arise_auxiliary_modes" or "arise_disclosure_accepted_v1" or "arise_account_profile_v1" or "arise_watchlist"
        or "arise_dismissed_insights_v1" or "stockclaw_state" or "stockclaw_settings" or "stockclaw_profile" or TrackedImport.Key;

    /// <summary>An enumerated value stored raw ("Aggressive") or JSON-encoded ("\"Aggressive\"").</summary>
    private static KeyChange Enum<T>(string key, string value, Func<T, StoredPreferences> apply) where T : struct, Enum
    {
        var text = Unquote(value);
        return WireEnum<T>.TryParse(text, out var parsed)
            ? new KeyChange.Preferences(key, apply(parsed))
            : Invalid(key, $"'{text}' is not one of: {string.Join(", ", WireEnum<T>.Names)}.");
    }

    private static KeyChange Modes(string key, string value)
    {
        var modes = JsonNode.Parse(value)!.AsObject();
        bool On(string name) => modes.FirstOrDefault(m => string.Equals(m.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.GetValue<bool>() ?? false;
        return new KeyChange.Preferences(key, StoredPreferences.Unset with
        {
            TradingModes = new TradingModes(On("Intraday"), On("Swing"), On("Options"), On("Futures")),
        });
    }

    /// <summary>Either a time (ISO-8601 or Unix milliseconds) or a flag; a flag has no time, so acceptance is dated at the import.</summary>
    private static KeyChange Disclosure(string key, string value, DateTimeOffset now)
    {
        var text = Unquote(value).Trim();
        if (text is "false" or "0" or "no") return Ignored(key, "The disclosure was not accepted.");
        DateTimeOffset at;
        if (text is "true" or "1" or "yes") at = now;
        else if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)) at = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        else if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out at))
            return Invalid(key, "Expected true/false, a Unix time in milliseconds or an ISO-8601 time.");
        return new KeyChange.Preferences(key, StoredPreferences.Unset with { DisclosureAcceptedAt = at });
    }

    private static WatchlistItem? WatchlistItemOf(JsonNode? node) => node switch
    {
        JsonValue v => new WatchlistItem(v.GetValue<string>()),
        JsonObject o => new WatchlistItem(Text(o["symbol"]), Text(o["exchange"]), Text(o["notes"])),
        _ => null,
    };

    /// <summary>MAXI⚡DOGE's persisted game state: its timeframe and its speed (1–5, the app's default 3) are preferences.</summary>
    private static KeyChange DogeState(string key, string value)
    {
        var state = JsonNode.Parse(value)!.AsObject();
        var p = StoredPreferences.Unset;
        if (Text(state["timeframe"]) is { } tf)
        {
            if (!WireEnum<Timeframe>.TryParse(tf, out var timeframe)) return Invalid(key, $"timeframe '{tf}' is not one of: {string.Join(", ", WireEnum<Timeframe>.Names)}.");
            p = p with { Timeframe = timeframe };
        }
        if (state["speed"] is JsonValue speed && speed.TryGetValue<decimal>(out var n))
            p = p with { Speed = n <= 2 ? PlaybackSpeed.Slow : n >= 4 ? PlaybackSpeed.Fast : PlaybackSpeed.Normal };
        return p == StoredPreferences.Unset ? Ignored(key, "No preference in the stored game state.") : new KeyChange.Preferences(key, p);
    }

    /// <summary>MAXI⚡DOGE's settings modal (timeframe, speed, sfx, signals, language, theme, dataSource).</summary>
    private static KeyChange DogeSettings(string key, string value)
    {
        var s = JsonNode.Parse(value)!.AsObject();
        var p = StoredPreferences.Unset;
        string? bad = null;
        T? Parse<T>(string field) where T : struct, Enum
        {
            if (Text(s[field]) is not { } text) return null;
            if (WireEnum<T>.TryParse(text, out var v)) return v;
            bad ??= $"{field} '{text}' is not one of: {string.Join(", ", WireEnum<T>.Names)}.";
            return null;
        }
        p = p with
        {
            Timeframe = Parse<Timeframe>("timeframe"),
            Language = Parse<Language>("language"),
            Theme = Parse<Theme>("theme"),
            DataSource = Parse<DataSource>("dataSource"),
            Sfx = s["sfx"]?.GetValue<bool>(),
            Signals = s["signals"]?.GetValue<bool>(),
        };
        if (s["speed"] is JsonValue speed)
            p = p with { Speed = speed.TryGetValue<decimal>(out var n) ? (n <= 2 ? PlaybackSpeed.Slow : n >= 4 ? PlaybackSpeed.Fast : PlaybackSpeed.Normal) : Parse<PlaybackSpeed>("speed") };
        return bad is not null ? Invalid(key, bad) : new KeyChange.Preferences(key, p);
    }

    /// <summary>MAXI⚡DOGE's profile: its free-text "username" is a display name here; a relative avatar path has no host to point at.</summary>
    private static KeyChange DogeProfile(string key, string value)
    {
        var profile = JsonNode.Parse(value)!.AsObject();
        var name = Text(profile["username"]);
        if (name == DefaultDogeName) name = null;
        var avatar = Text(profile["avatar"]);
        string? note = null;
        if (avatar is not null && !(Uri.TryCreate(avatar, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            note = "The avatar is a path inside the old app, not a URL, so it was not imported.";
            avatar = null;
        }
        return name is null && avatar is null ? Ignored(key, note ?? "Only the app's defaults were stored.") : new KeyChange.Profile(key, name, avatar, note);
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;

    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] == '"' ? JsonNode.Parse(value)!.GetValue<string>() : value;

    private static KeyChange.Settled Ignored(string key, string reason) => new(new ImportedKey(key, ImportedKey.Ignored, reason, []));

    private static KeyChange.Settled Invalid(string key, string reason) => new(new ImportedKey(key, ImportedKey.Invalid, reason, []));
}
