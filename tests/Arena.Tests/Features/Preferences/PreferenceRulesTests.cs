using Arena.Grains.Users;

namespace Arena.Tests.Features.Preferences;

/// <summary>Cross-field rules, gap filling and comparison (pure; no server).</summary>
public sealed class PreferenceRulesTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static string[] Fields(PreferencesView view) => PreferenceRules.Check(view, Now).ToDictionary().Keys.Order().ToArray();

    [Fact]
    public void The_defaults_satisfy_every_rule()
    {
        Assert.Empty(Fields(PreferencesView.Defaults));
        Assert.Equal(PreferencesView.Defaults, PreferencesView.From(StoredPreferences.Unset) with { AuxiliaryModes = PreferencesView.Defaults.AuxiliaryModes });
        Assert.Empty(PreferencesView.From(StoredPreferences.Unset).AuxiliaryModes);
    }

    [Fact]
    public void The_primary_mode_must_be_enabled()
    {
        var view = PreferencesView.Defaults with { PrimaryMode = TradingMode.Options };

        Assert.Equal(["primaryMode"], Fields(view));
        Assert.Empty(Fields(view with { TradingModes = view.TradingModes.With(TradingMode.Options, true) }));
    }

    [Fact]
    public void Auxiliary_modes_must_be_enabled_distinct_and_not_the_primary_mode()
    {
        var defaults = PreferencesView.Defaults;

        Assert.Equal(["auxiliaryModes"], Fields(defaults with { AuxiliaryModes = [TradingMode.Options] }));
        Assert.Equal(["auxiliaryModes"], Fields(defaults with { AuxiliaryModes = [TradingMode.Intraday] }));
        Assert.Equal(["auxiliaryModes"], Fields(defaults with { AuxiliaryModes = [TradingMode.Swing, TradingMode.Swing] }));
        Assert.Empty(Fields(defaults with { AuxiliaryModes = [TradingMode.Swing, TradingMode.Futures] }));
    }

    [Fact]
    public void The_disclosure_may_be_accepted_up_to_the_clock_skew_ahead_but_not_later()
    {
        var defaults = PreferencesView.Defaults;

        Assert.Empty(Fields(defaults with { DisclosureAcceptedAt = Now.AddYears(-1) }));
        Assert.Empty(Fields(defaults with { DisclosureAcceptedAt = Now + PreferenceRules.ClockSkew }));
        Assert.Equal(["disclosureAcceptedAt"], Fields(defaults with { DisclosureAcceptedAt = Now + PreferenceRules.ClockSkew + TimeSpan.FromSeconds(1) }));
    }

    [Fact]
    public void Filling_gaps_takes_only_fields_the_server_never_set_and_says_which()
    {
        var server = StoredPreferences.Unset with { Theme = Theme.Light, TradingModes = new TradingModes(true, false, false, false) };
        var incoming = StoredPreferences.Unset with
        {
            Theme = Theme.Dark,
            TradingModes = new TradingModes(true, true, true, true),
            Universe = Universe.Nifty500,
            AuxiliaryModes = [TradingMode.Swing],
        };

        var (next, applied) = PreferenceFields.FillUnset(server, incoming);

        Assert.Equal(["universe", "auxiliaryModes"], applied.ToArray());
        Assert.Equal(Theme.Light, next.Theme);
        Assert.Equal(server.TradingModes, next.TradingModes);
        Assert.Equal(Universe.Nifty500, next.Universe);
        Assert.Equal([TradingMode.Swing], next.AuxiliaryModes!);
    }

    [Fact]
    public void Rows_compare_by_their_values_and_sets_by_content()
    {
        var a = StoredPreferences.Unset with { AuxiliaryModes = [TradingMode.Swing, TradingMode.Options], UpdatedAt = Now };
        var b = StoredPreferences.Unset with { AuxiliaryModes = [TradingMode.Options, TradingMode.Swing] };

        Assert.True(PreferenceFields.SameValues(a, b));
        Assert.False(PreferenceFields.SameValues(a, b with { AuxiliaryModes = [] }));
        Assert.False(PreferenceFields.SameValues(a, a with { Sfx = true }));
        Assert.False(PreferenceFields.SameValues(StoredPreferences.Unset, StoredPreferences.Unset with { Theme = Theme.Dark }));
    }
}
