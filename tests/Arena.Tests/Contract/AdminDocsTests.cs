using Arena.Grains.Bots;

namespace Arena.Tests.Contract;

/// <summary>docs/admin-api.md's settings table matches the catalog: every key with its type, default and bounds as the API shows them.</summary>
public sealed class AdminDocsTests
{
    [Fact]
    public void The_docs_list_every_setting_with_its_type_default_and_bounds()
    {
        var rows = ConfigurationDocsTests.DocsTableRows("admin-api.md");
        foreach (var setting in SettingCatalog.All)
        {
            var cells = Assert.Single(rows[setting.Key]).Split('|').Select(c => c.Trim()).ToArray();
            string Cell(string? value) => value is null ? "—" : $"`{value}`";
            Assert.Equal(
                [setting.Type.ToString().ToLowerInvariant(), Cell(setting.Default), Cell(SettingCatalog.Bound(setting, setting.Min)), Cell(SettingCatalog.Bound(setting, setting.Max))],
                cells[2..6]);
        }
    }
}
