namespace Arena.Grains.Users;

/// <summary>
/// The preferences a client sees: the stored value of each field, or its default when the user never set it.
/// <see cref="UpdatedAt"/> is null until the first save. Auxiliary modes come back in canonical order
/// (Intraday, Swing, Options, Futures), whatever order they were sent in.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PreferencesView(
    [Id(0)] Timeframe Timeframe,
    [Id(1)] PlaybackSpeed Speed,
    [Id(2)] bool Sfx,
    [Id(3)] bool Signals,
    [Id(4)] Language Language,
    [Id(5)] Theme Theme,
    [Id(6)] DataSource DataSource,
    [Id(7)] Universe Universe,
    [Id(8)] MarketRegion MarketRegion,
    [Id(9)] RiskProfile RiskProfile,
    [Id(10)] TradingModes TradingModes,
    [Id(11)] TradingMode PrimaryMode,
    [Id(12)] IReadOnlyList<TradingMode> AuxiliaryModes,
    [Id(13)] DateTimeOffset? DisclosureAcceptedAt,
    [Id(14)] DateTimeOffset? UpdatedAt)
{
    /// <summary>
    /// The one place the defaults live (documented in docs/api.md). Chosen to match what the apps did
    /// before they had a server: dark theme, simulated data, NIFTY 50, moderate risk, intraday first.
    /// </summary>
    public static readonly PreferencesView Defaults = new(
        Timeframe.OneHour,
        PlaybackSpeed.Normal,
        Sfx: true,
        Signals: true,
        Language.English,
        Theme.Dark,
        DataSource.Simulated,
        Universe.Nifty50,
        MarketRegion.Global,
        RiskProfile.Moderate,
        new TradingModes(Intraday: true, Swing: true, Options: false, Futures: true),
        TradingMode.Intraday,
        AuxiliaryModes: [],
        DisclosureAcceptedAt: null,
        UpdatedAt: null);

    public static PreferencesView From(StoredPreferences stored)
    {
        var d = Defaults;
        return new PreferencesView(
            stored.Timeframe ?? d.Timeframe,
            stored.Speed ?? d.Speed,
            stored.Sfx ?? d.Sfx,
            stored.Signals ?? d.Signals,
            stored.Language ?? d.Language,
            stored.Theme ?? d.Theme,
            stored.DataSource ?? d.DataSource,
            stored.Universe ?? d.Universe,
            stored.MarketRegion ?? d.MarketRegion,
            stored.RiskProfile ?? d.RiskProfile,
            stored.TradingModes ?? d.TradingModes,
            stored.PrimaryMode ?? d.PrimaryMode,
            stored.AuxiliaryModes?.ToArray() ?? d.AuxiliaryModes,
            stored.DisclosureAcceptedAt,
            stored.UpdatedAt);
    }
}
