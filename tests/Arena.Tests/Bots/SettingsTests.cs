using Arena.Grains.Bots;
using Arena.Grains.Common;

namespace Arena.Tests.Bots;

public sealed class SettingCatalogTests
{
    [Theory]
    [InlineData(SettingCatalog.TurnInterval, "0:3:20", "00:03:20")]
    [InlineData(SettingCatalog.TakerFeeRate, " 0.00040 ", "0.00040")]
    [InlineData(SettingCatalog.MaxOpenPositions, "7", "7")]
    [InlineData(SettingCatalog.RealTradingEnabled, "TRUE", "true")]
    public void Valid_values_are_normalized(string key, string value, string expected)
    {
        Assert.True(SettingCatalog.TryGet(key, out var definition));
        Assert.Equal(expected, SettingCatalog.Normalize(definition, value).Value);
    }

    [Theory]
    [InlineData(SettingCatalog.TurnInterval, "00:00:00.01")] // below 0.05 s
    [InlineData(SettingCatalog.TurnInterval, "soon")]
    [InlineData(SettingCatalog.TakerFeeRate, "0.5")]          // above 1 %
    [InlineData(SettingCatalog.MaxOpenPositions, "0")]
    [InlineData(SettingCatalog.MaxOpenPositions, "2.5")]
    [InlineData(SettingCatalog.RealTradingEnabled, "yes")]
    [InlineData(SettingCatalog.MinimumOrder, "")]
    public void Invalid_values_are_refused_naming_the_value(string key, string value)
    {
        Assert.True(SettingCatalog.TryGet(key, out var definition));
        var result = SettingCatalog.Normalize(definition, value);
        Assert.Equal(RejectionKind.Invalid, result.Rejection?.Kind);
        Assert.True(result.Rejection!.Errors!.ContainsKey("value"));
    }

    [Fact]
    public void Every_setting_default_is_itself_valid()
    {
        foreach (var definition in SettingCatalog.All)
            Assert.True(SettingCatalog.Normalize(definition, definition.Default).IsOk, definition.Key);
    }
}

/// <summary>A stored value beats the configured default, which beats the built-in one; resetting goes back.</summary>
public abstract class SettingsPrecedenceTests(Dialect dialect)
{
    [Fact]
    public async Task A_stored_setting_overrides_configuration_and_a_reset_restores_it()
    {
        await using var arena = await EngineHarness.StartAsync(dialect, runEngine: false,
            settings: new Dictionary<string, string?> { ["Arena:Bots:TurnInterval"] = "00:00:07" });
        var settings = arena.Server.GetService<SettingsService>();

        var configured = (await settings.GetAsync(SettingCatalog.TurnInterval)).Value!;
        Assert.Equal(("00:00:07", "configuration"), (configured.Value, configured.Source));
        Assert.Equal(("5", "default"), ((await settings.GetAsync(SettingCatalog.MaxOpenPositions)).Value!.Value, (await settings.GetAsync(SettingCatalog.MaxOpenPositions)).Value!.Source));

        var stored = (await settings.SetAsync(SettingCatalog.TurnInterval, "00:01:00")).Value!;
        Assert.Equal(("00:01:00", "database"), (stored.Value, stored.Source));
        Assert.Equal(TimeSpan.FromMinutes(1), (await settings.CurrentAsync()).TurnInterval);

        var reset = (await settings.ResetAsync(SettingCatalog.TurnInterval)).Value!;
        Assert.Equal(("00:00:07", "configuration"), (reset.Value, reset.Source));
        Assert.Equal(TimeSpan.FromSeconds(7), (await settings.CurrentAsync()).TurnInterval);
        Assert.Equal(RejectionKind.NotFound, (await settings.SetAsync("noSuchSetting", "1")).Rejection?.Kind);
    }
}

public sealed class SettingsPrecedenceTestsOnSqlite() : SettingsPrecedenceTests(Dialect.Sqlite);

public sealed class SettingsPrecedenceTestsOnPostgres() : SettingsPrecedenceTests(Dialect.Postgres);
