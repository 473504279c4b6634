using Arena.Grains.Common;
using Arena.Grains.Persistence;

namespace Arena.Grains.Users;

/// <summary>The <c>user_preferences</c> row; enum columns hold the wire names ('1h', 'dark', 'NIFTY50').</summary>
internal sealed class PreferencesRow
{
    public string? Timeframe { get; set; }
    public string? Speed { get; set; }
    public bool? Sfx { get; set; }
    public bool? Signals { get; set; }
    public string? Language { get; set; }
    public string? Theme { get; set; }
    public string? DataSource { get; set; }
    public string? Universe { get; set; }
    public string? MarketRegion { get; set; }
    public string? RiskProfile { get; set; }
    public bool? ModeIntraday { get; set; }
    public bool? ModeSwing { get; set; }
    public bool? ModeOptions { get; set; }
    public bool? ModeFutures { get; set; }
    public string? PrimaryMode { get; set; }
    public bool? AuxIntraday { get; set; }
    public bool? AuxSwing { get; set; }
    public bool? AuxOptions { get; set; }
    public bool? AuxFutures { get; set; }
    public DateTimeOffset? DisclosureAcceptedAt { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }

    public StoredPreferences ToStored() => new(
        WireEnum<Timeframe>.ParseOrNull(Timeframe),
        WireEnum<PlaybackSpeed>.ParseOrNull(Speed),
        Sfx,
        Signals,
        WireEnum<Language>.ParseOrNull(Language),
        WireEnum<Theme>.ParseOrNull(Theme),
        WireEnum<DataSource>.ParseOrNull(DataSource),
        WireEnum<Universe>.ParseOrNull(Universe),
        WireEnum<MarketRegion>.ParseOrNull(MarketRegion),
        WireEnum<RiskProfile>.ParseOrNull(RiskProfile),
        ModeIntraday is null && ModeSwing is null && ModeOptions is null && ModeFutures is null
            ? null
            : new TradingModes(ModeIntraday ?? false, ModeSwing ?? false, ModeOptions ?? false, ModeFutures ?? false),
        WireEnum<TradingMode>.ParseOrNull(PrimaryMode),
        AuxIntraday is null && AuxSwing is null && AuxOptions is null && AuxFutures is null
            ? null
            : ImmutableSortedSet.CreateRange(new[]
                {
                    (AuxIntraday, TradingMode.Intraday), (AuxSwing, TradingMode.Swing),
                    (AuxOptions, TradingMode.Options), (AuxFutures, TradingMode.Futures),
                }.Where(a => a.Item1 == true).Select(a => a.Item2)),
        DisclosureAcceptedAt,
        UpdatedAt);

    /// <summary>Writes <paramref name="p"/> as the whole row (insert or replace).</summary>
    public static Task UpsertAsync(Tx tx, Guid userId, StoredPreferences p, DateTimeOffset now) => tx.ExecuteAsync("""
        INSERT INTO user_preferences (user_id, timeframe, speed, sfx, signals, language, theme, data_source, universe, market_region,
            risk_profile, mode_intraday, mode_swing, mode_options, mode_futures, primary_mode, aux_intraday, aux_swing, aux_options,
            aux_futures, disclosure_accepted_at, updated_at)
        VALUES (@userId, @timeframe, @speed, @sfx, @signals, @language, @theme, @dataSource, @universe, @marketRegion,
            @riskProfile, @modeIntraday, @modeSwing, @modeOptions, @modeFutures, @primaryMode, @auxIntraday, @auxSwing, @auxOptions,
            @auxFutures, @disclosureAcceptedAt, @now)
        ON CONFLICT (user_id) DO UPDATE SET
            timeframe = excluded.timeframe, speed = excluded.speed, sfx = excluded.sfx, signals = excluded.signals,
            language = excluded.language, theme = excluded.theme, data_source = excluded.data_source, universe = excluded.universe,
            market_region = excluded.market_region, risk_profile = excluded.risk_profile, mode_intraday = excluded.mode_intraday,
            mode_swing = excluded.mode_swing, mode_options = excluded.mode_options, mode_futures = excluded.mode_futures,
            primary_mode = excluded.primary_mode, aux_intraday = excluded.aux_intraday, aux_swing = excluded.aux_swing,
            aux_options = excluded.aux_options, aux_futures = excluded.aux_futures,
            disclosure_accepted_at = excluded.disclosure_accepted_at, updated_at = excluded.updated_at
        """, new
    {
        userId,
        timeframe = WireEnum<Timeframe>.Name(p.Timeframe),
        speed = WireEnum<PlaybackSpeed>.Name(p.Speed),
        sfx = p.Sfx,
        signals = p.Signals,
        language = WireEnum<Language>.Name(p.Language),
        theme = WireEnum<Theme>.Name(p.Theme),
        dataSource = WireEnum<DataSource>.Name(p.DataSource),
        universe = WireEnum<Universe>.Name(p.Universe),
        marketRegion = WireEnum<MarketRegion>.Name(p.MarketRegion),
        riskProfile = WireEnum<RiskProfile>.Name(p.RiskProfile),
        modeIntraday = p.TradingModes?.Intraday,
        modeSwing = p.TradingModes?.Swing,
        modeOptions = p.TradingModes?.Options,
        modeFutures = p.TradingModes?.Futures,
        primaryMode = WireEnum<TradingMode>.Name(p.PrimaryMode),
        auxIntraday = p.AuxiliaryModes?.Contains(TradingMode.Intraday),
        auxSwing = p.AuxiliaryModes?.Contains(TradingMode.Swing),
        auxOptions = p.AuxiliaryModes?.Contains(TradingMode.Options),
        auxFutures = p.AuxiliaryModes?.Contains(TradingMode.Futures),
        disclosureAcceptedAt = p.DisclosureAcceptedAt,
        now,
    });
}
