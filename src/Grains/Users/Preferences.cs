using System.Text.Json.Serialization;

namespace Arena.Grains.Users;

// Enumerated preference values. The JSON names are what the apps stored (seed 000 settings, seed 004 arise_* keys).

[JsonConverter(typeof(JsonStringEnumConverter<Timeframe>))]
[GenerateSerializer]
public enum Timeframe
{
    [JsonStringEnumMemberName("1m")] OneMinute,
    [JsonStringEnumMemberName("5m")] FiveMinutes,
    [JsonStringEnumMemberName("15m")] FifteenMinutes,
    [JsonStringEnumMemberName("30m")] ThirtyMinutes,
    [JsonStringEnumMemberName("1h")] OneHour,
    [JsonStringEnumMemberName("4h")] FourHours,
    [JsonStringEnumMemberName("1d")] OneDay,
    [JsonStringEnumMemberName("1w")] OneWeek,
}

[JsonConverter(typeof(JsonStringEnumConverter<PlaybackSpeed>))]
[GenerateSerializer]
public enum PlaybackSpeed
{
    [JsonStringEnumMemberName("slow")] Slow,
    [JsonStringEnumMemberName("normal")] Normal,
    [JsonStringEnumMemberName("fast")] Fast,
}

[JsonConverter(typeof(JsonStringEnumConverter<Language>))]
[GenerateSerializer]
public enum Language
{
    [JsonStringEnumMemberName("en")] English,
    [JsonStringEnumMemberName("es")] Spanish,
    [JsonStringEnumMemberName("fr")] French,
    [JsonStringEnumMemberName("de")] German,
    [JsonStringEnumMemberName("pt")] Portuguese,
    [JsonStringEnumMemberName("ru")] Russian,
    [JsonStringEnumMemberName("tr")] Turkish,
    [JsonStringEnumMemberName("hi")] Hindi,
    [JsonStringEnumMemberName("ja")] Japanese,
    [JsonStringEnumMemberName("ko")] Korean,
    [JsonStringEnumMemberName("zh")] Chinese,
    [JsonStringEnumMemberName("vi")] Vietnamese,
}

[JsonConverter(typeof(JsonStringEnumConverter<Theme>))]
[GenerateSerializer]
public enum Theme
{
    [JsonStringEnumMemberName("dark")] Dark,
    [JsonStringEnumMemberName("light")] Light,
    [JsonStringEnumMemberName("system")] System,
}

[JsonConverter(typeof(JsonStringEnumConverter<DataSource>))]
[GenerateSerializer]
public enum DataSource
{
    [JsonStringEnumMemberName("simulated")] Simulated,
    [JsonStringEnumMemberName("binance")] Binance,
}

[JsonConverter(typeof(JsonStringEnumConverter<Universe>))]
[GenerateSerializer]
public enum Universe
{
    [JsonStringEnumMemberName("NIFTY50")] Nifty50,
    [JsonStringEnumMemberName("NIFTY100")] Nifty100,
    [JsonStringEnumMemberName("NIFTY200")] Nifty200,
    [JsonStringEnumMemberName("NIFTY500")] Nifty500,
    [JsonStringEnumMemberName("BANKNIFTY")] BankNifty,
    [JsonStringEnumMemberName("SENSEX")] Sensex,
    [JsonStringEnumMemberName("SP500")] SP500,
    [JsonStringEnumMemberName("NASDAQ100")] Nasdaq100,
    [JsonStringEnumMemberName("CRYPTO")] Crypto,
}

[JsonConverter(typeof(JsonStringEnumConverter<MarketRegion>))]
[GenerateSerializer]
public enum MarketRegion
{
    [JsonStringEnumMemberName("India")] India,
    [JsonStringEnumMemberName("Global")] Global,
}

[JsonConverter(typeof(JsonStringEnumConverter<RiskProfile>))]
[GenerateSerializer]
public enum RiskProfile
{
    [JsonStringEnumMemberName("Aggressive")] Aggressive,
    [JsonStringEnumMemberName("Moderate")] Moderate,
    [JsonStringEnumMemberName("Conservative")] Conservative,
}

[JsonConverter(typeof(JsonStringEnumConverter<TradingMode>))]
[GenerateSerializer]
public enum TradingMode
{
    [JsonStringEnumMemberName("Intraday")] Intraday,
    [JsonStringEnumMemberName("Swing")] Swing,
    [JsonStringEnumMemberName("Options")] Options,
    [JsonStringEnumMemberName("Futures")] Futures,
}

[GenerateSerializer, Immutable]
public sealed record TradingModes([Id(0)] bool Intraday, [Id(1)] bool Swing, [Id(2)] bool Options, [Id(3)] bool Futures)
{
    public bool IsEnabled(TradingMode mode) => mode switch
    {
        TradingMode.Intraday => Intraday,
        TradingMode.Swing => Swing,
        TradingMode.Options => Options,
        _ => Futures,
    };

    public TradingModes With(TradingMode mode, bool enabled) => mode switch
    {
        TradingMode.Intraday => this with { Intraday = enabled },
        TradingMode.Swing => this with { Swing = enabled },
        TradingMode.Options => this with { Options = enabled },
        _ => this with { Futures = enabled },
    };
}

/// <summary>
/// The preferences row as stored: a null field was never set by the user (the API answers its default),
/// which is what lets the localStorage import fill gaps without overwriting server data.
/// Auxiliary modes are a set, kept in canonical order.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record StoredPreferences(
    [Id(0)] Timeframe? Timeframe,
    [Id(1)] PlaybackSpeed? Speed,
    [Id(2)] bool? Sfx,
    [Id(3)] bool? Signals,
    [Id(4)] Language? Language,
    [Id(5)] Theme? Theme,
    [Id(6)] DataSource? DataSource,
    [Id(7)] Universe? Universe,
    [Id(8)] MarketRegion? MarketRegion,
    [Id(9)] RiskProfile? RiskProfile,
    [Id(10)] TradingModes? TradingModes,
    [Id(11)] TradingMode? PrimaryMode,
    [Id(12)] ImmutableSortedSet<TradingMode>? AuxiliaryModes,
    [Id(13)] DateTimeOffset? DisclosureAcceptedAt,
    [Id(14)] DateTimeOffset? UpdatedAt)
{
    public static readonly StoredPreferences Unset = new(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
}
