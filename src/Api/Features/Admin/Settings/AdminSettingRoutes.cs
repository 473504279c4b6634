using Arena.Grains.Bots;

namespace Arena.Api.Features.Admin.Settings;

/// <summary>
/// <c>/api/admin/settings</c>: the engine's typed operational settings (<see cref="SettingCatalog"/>). A setting
/// always exists with a default; writing one stores an override in <c>app_settings</c>, deleting it returns to the
/// default. Values are answered as canonical strings. POST stores an override only where there is none (409
/// otherwise); PUT stores or replaces one. Writes are last-writer-wins (a setting is one value).
/// </summary>
internal static class AdminSettingRoutes
{
    public const string Tag = "Admin: settings";

    /// <summary>
    /// A value sent as JSON (a string like <c>"00:03:20"</c> or <c>"0.0005"</c>, a number or a boolean) as the text the
    /// catalog parses: an object or array as its JSON, which no type accepts; null when absent, or when a string in it
    /// is not text (a lone surrogate escape), with that error added under <c>value</c>.
    /// </summary>
    public static string? ValueText(JsonElement? value, FieldErrors errors) => value is not { } v || !JsonStrings.CheckText(v, "value", errors) ? null : v.ValueKind switch
    {
        JsonValueKind.String => v.GetString(),
        JsonValueKind.Number => v.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => v.GetRawText(),
    };

    /// <summary>The value rules of <paramref name="check"/> once the value reads as text (one error for a value that does not).</summary>
    public static void CheckValue(JsonElement? value, FieldErrors errors, Action<string?, FieldErrors> check)
    {
        var text = ValueText(value, errors);
        if (!errors.Any) check(text, errors);
    }
}
