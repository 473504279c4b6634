using Arena.Grains.Common;
using Arena.Grains.Users;
using static Arena.Tests.Features.Preferences.PreferenceDocuments;

namespace Arena.Tests.Features.Preferences;

/// <summary>Parsing and applying replacements and merge patches (pure; no server).</summary>
public sealed class PreferencesPatchTests
{
    private static readonly StoredPreferences LightTheme = StoredPreferences.Unset with { Theme = Theme.Light, Sfx = false };

    private static IReadOnlyDictionary<string, string[]> Errors(Result<PreferencesPatch> result)
    {
        Assert.False(result.IsOk);
        Assert.Equal(RejectionKind.Invalid, result.Rejection!.Kind);
        return result.Rejection.Errors!;
    }

    [Fact]
    public void A_complete_replacement_sets_every_field()
    {
        var stored = PreferencesPatch.ParseReplacement(Utf8(NonDefault())).Value!.ApplyTo(StoredPreferences.Unset);

        Assert.Equal(Timeframe.FourHours, stored.Timeframe);
        Assert.Equal(new TradingModes(false, true, true, false), stored.TradingModes);
        Assert.Equal([TradingMode.Options], stored.AuxiliaryModes!);
        Assert.Equal(new DateTimeOffset(2025, 1, 31, 9, 30, 0, TimeSpan.Zero).AddTicks(1234560), stored.DisclosureAcceptedAt);
        Assert.All(PreferenceDocuments.FieldNames, name => Assert.True(typeof(StoredPreferences).GetProperties()
            .Single(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).GetValue(stored) is not null, name));
    }

    [Fact]
    public void A_replacement_names_every_missing_field_and_only_those()
    {
        var body = NonDefault();
        body.Remove("theme");
        body.Remove("tradingModes");
        body.Remove("disclosureAcceptedAt");

        var errors = Errors(PreferencesPatch.ParseReplacement(Utf8(body)));

        Assert.Equal(["disclosureAcceptedAt", "theme", "tradingModes"], errors.Keys.Order());
    }

    [Fact]
    public void A_replacement_refuses_null_except_for_the_disclosure_time()
    {
        var body = NonDefault();
        body["speed"] = null;
        body["disclosureAcceptedAt"] = null;

        Assert.Equal(["speed"], Errors(PreferencesPatch.ParseReplacement(Utf8(body))).Keys);
    }

    [Fact]
    public void A_replacement_needs_every_trading_mode()
    {
        var body = NonDefault();
        body["tradingModes"] = new JsonObject { ["intraday"] = true, ["swing"] = null };

        Assert.Equal(["tradingModes.futures", "tradingModes.options", "tradingModes.swing"], Errors(PreferencesPatch.ParseReplacement(Utf8(body))).Keys.Order());
    }

    [Fact]
    public void The_read_only_updatedAt_is_accepted_and_ignored_when_it_is_what_a_read_gives()
    {
        var body = NonDefault();
        body["updatedAt"] = "2020-01-01T00:00:00Z";

        Assert.True(PreferencesPatch.ParseReplacement(Utf8(body)).IsOk);
        Assert.True(PreferencesPatch.ParseMergePatch(Utf8("""{"updatedAt":"2020-01-01T00:00:00Z"}""")).Value!.Fields.IsEmpty);
        Assert.True(PreferencesPatch.ParseMergePatch(Utf8("""{"updatedAt":null}""")).Value!.Fields.IsEmpty);
        Assert.Equal(["updatedAt"], Errors(PreferencesPatch.ParseMergePatch(Utf8("""{"updatedAt":"whatever"}"""))).Keys);
        Assert.Equal(["updatedAt"], Errors(PreferencesPatch.ParseMergePatch(Utf8("""{"updatedAt":5}"""))).Keys);
    }

    [Theory]
    [MemberData(nameof(PreferenceDocuments.UnknownEnumValues), MemberType = typeof(PreferenceDocuments))]
    public void An_unknown_enumerated_value_is_named_with_the_allowed_values(string field, JsonNode value)
    {
        var errors = Errors(PreferencesPatch.ParseMergePatch(Utf8(new JsonObject { [field] = value.DeepClone() })));

        Assert.Equal([field], errors.Keys);
        Assert.StartsWith("Must be one of: ", errors[field].Single());
    }

    [Fact]
    public void Allowed_values_are_listed_by_their_wire_names()
    {
        var errors = Errors(PreferencesPatch.ParseMergePatch(Utf8("""{"timeframe":"2h","auxiliaryModes":["Intraday","Daytrade"]}""")));

        Assert.Equal("Must be one of: 1m, 5m, 15m, 30m, 1h, 4h, 1d, 1w.", errors["timeframe"].Single());
        Assert.Equal("Must be one of: Intraday, Swing, Options, Futures.", errors["auxiliaryModes"].Single());
    }

    [Theory]
    [InlineData("""{"sfx":"yes"}""", "sfx")]
    [InlineData("""{"signals":1}""", "signals")]
    [InlineData("""{"tradingModes":true}""", "tradingModes")]
    [InlineData("""{"tradingModes":{"swing":"false"}}""", "tradingModes.swing")]
    [InlineData("""{"tradingModes":{"scalping":true}}""", "tradingModes.scalping")]
    [InlineData("""{"auxiliaryModes":"Swing"}""", "auxiliaryModes")]
    [InlineData("""{"auxiliaryModes":["Swing","Swing"]}""", "auxiliaryModes")]
    [InlineData("""{"disclosureAcceptedAt":"yesterday"}""", "disclosureAcceptedAt")]
    [InlineData("""{"disclosureAcceptedAt":"2025-01-31T09:30:00"}""", "disclosureAcceptedAt")]
    [InlineData("""{"disclosureAcceptedAt":true}""", "disclosureAcceptedAt")]
    [InlineData("""{"colour":"red"}""", "colour")]
    [InlineData("""{"Theme":"dark"}""", "Theme")]
    [InlineData("""{"theme":"dark","theme":"light"}""", "theme")]
    [InlineData("""[]""", "body")]
    [InlineData("""null""", "body")]
    [InlineData("\"theme\"", "body")]
    [InlineData("""{"theme":""", "body")]
    [InlineData("", "body")]
    public void Malformed_patches_are_rejected_naming_the_field(string json, string field)
    {
        var errors = Errors(PreferencesPatch.ParseMergePatch(Utf8(json)));

        Assert.Equal([field], errors.Keys);
    }

    [Fact]
    public void A_merge_patch_changes_only_what_it_names()
    {
        var patch = PreferencesPatch.ParseMergePatch(Utf8("""{"timeframe":"5m"}""")).Value!;

        Assert.Equal(LightTheme with { Timeframe = Timeframe.FiveMinutes }, patch.ApplyTo(LightTheme));
    }

    [Fact]
    public void Null_in_a_merge_patch_unsets_the_field()
    {
        var patch = PreferencesPatch.ParseMergePatch(Utf8("""{"theme":null}""")).Value!;

        Assert.Equal(LightTheme with { Theme = null }, patch.ApplyTo(LightTheme));
    }

    [Fact]
    public void Trading_modes_merge_member_by_member_onto_the_effective_modes()
    {
        var swingOff = PreferencesPatch.ParseMergePatch(Utf8("""{"tradingModes":{"swing":false}}""")).Value!;
        var optionsOn = PreferencesPatch.ParseMergePatch(Utf8("""{"tradingModes":{"options":true}}""")).Value!;

        var once = swingOff.ApplyTo(StoredPreferences.Unset);
        Assert.Equal(new TradingModes(Intraday: true, Swing: false, Options: false, Futures: true), once.TradingModes);
        Assert.Equal(new TradingModes(Intraday: true, Swing: false, Options: true, Futures: true), optionsOn.ApplyTo(once).TradingModes);
    }

    [Fact]
    public void A_null_trading_mode_member_takes_that_modes_default_and_a_null_object_unsets_them_all()
    {
        var current = StoredPreferences.Unset with { TradingModes = new TradingModes(false, false, true, false) };

        var memberReset = PreferencesPatch.ParseMergePatch(Utf8("""{"tradingModes":{"swing":null}}""")).Value!.ApplyTo(current);
        var allReset = PreferencesPatch.ParseMergePatch(Utf8("""{"tradingModes":null}""")).Value!.ApplyTo(current);

        Assert.Equal(new TradingModes(false, true, true, false), memberReset.TradingModes);
        Assert.Null(allReset.TradingModes);
    }

    [Fact]
    public void An_empty_trading_modes_object_leaves_them_unset()
    {
        var patch = PreferencesPatch.ParseMergePatch(Utf8("""{"tradingModes":{}}""")).Value!;

        Assert.Null(patch.ApplyTo(StoredPreferences.Unset).TradingModes);
    }

    [Fact]
    public void Arrays_replace_rather_than_merge()
    {
        var current = StoredPreferences.Unset with { AuxiliaryModes = [TradingMode.Swing, TradingMode.Futures] };

        var next = PreferencesPatch.ParseMergePatch(Utf8("""{"auxiliaryModes":["Options"]}""")).Value!.ApplyTo(current);

        Assert.Equal([TradingMode.Options], next.AuxiliaryModes!);
    }

    [Fact]
    public void Disclosure_times_keep_the_instant_at_microsecond_precision()
    {
        var patch = PreferencesPatch.ParseMergePatch(Utf8("""{"disclosureAcceptedAt":"2025-01-31T15:00:00.1234567+05:30"}""")).Value!;

        var at = patch.ApplyTo(StoredPreferences.Unset).DisclosureAcceptedAt!.Value;
        Assert.Equal(new DateTimeOffset(2025, 1, 31, 9, 30, 0, TimeSpan.Zero).AddTicks(1234560), at);
        Assert.Equal(TimeSpan.Zero, at.Offset);
    }
}
