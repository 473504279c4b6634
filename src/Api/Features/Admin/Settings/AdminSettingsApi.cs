using Arena.Api.Infrastructure;
using Arena.Grains.Bots;

namespace Arena.Api.Features.Admin.Settings;

/// <summary>A value as JSON: a string (<c>"00:03:20"</c>, <c>"0.0005"</c>), a number or a boolean.</summary>
public sealed record SettingValueRequest(JsonElement? Value)
{
    /// <summary>The value's text as the catalog parses it (an object or array as its JSON, which no type accepts); null when absent.</summary>
    public string? ToText() => Value is not { } v ? null : v.ValueKind switch
    {
        JsonValueKind.String => v.GetString(),
        JsonValueKind.Number => v.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => v.GetRawText(),
    };
}

public sealed record NewSettingRequest(string? Key, JsonElement? Value)
{
    public string? ToText() => new SettingValueRequest(Value).ToText();
}

/// <summary>
/// <c>/api/admin/settings</c>: the engine's typed operational settings (<see cref="SettingCatalog"/>). A setting
/// always exists with a default; writing one stores an override in <c>app_settings</c>, deleting it returns to the
/// default. Values are answered as canonical strings. POST stores an override only where there is none (409
/// otherwise); PUT stores or replaces one. Writes are last-writer-wins (a setting is one value).
/// </summary>
public static class AdminSettingsApi
{
    public static RouteGroupBuilder MapAdminSettings(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/settings").WithTags("Admin: settings");
        group.MapGet("/", ListSettings).WithSummary("Every setting: type, effective value, default, bounds, where the value comes from");
        group.MapGet("/{key}", GetSetting).Rejects(404).WithSummary("One setting");
        group.MapPost("/", CreateSetting).Rejects(409)
            .WithSummary("Override a setting that has no stored value yet (409 when it has one: use PUT); unknown key is 400");
        group.MapPut("/{key}", SetSetting).Rejects(404).WithSummary("Store or replace a setting's value (400 names 'value' with the allowed range)");
        group.MapDelete("/{key}", ResetSetting).Rejects(404).WithSummary("Drop the stored value: the default applies again (answers the setting)");
        return group;
    }

    public static async Task<Ok<SettingEntry[]>> ListSettings(SettingsService settings, CancellationToken cancellationToken) =>
        TypedResults.Ok((await settings.ListAsync(cancellationToken)).ToArray());

    public static async Task<Results<Ok<SettingEntry>, ValidationProblem, ProblemHttpResult>> GetSetting(
        string key, SettingsService settings, CancellationToken cancellationToken) =>
        (await settings.GetAsync(key, cancellationToken)).ToHttp(TypedResults.Ok);

    public static async Task<Results<Created<SettingEntry>, ValidationProblem, ProblemHttpResult>> CreateSetting(
        NewSettingRequest request, SettingsService settings, HttpContext context) =>
        (await settings.CreateAsync(request.Key ?? "", request.ToText(), context.Actor(), context.RequestAborted))
        .ToHttp(e => TypedResults.Created($"/api/admin/settings/{e.Key}", e));

    public static async Task<Results<Ok<SettingEntry>, ValidationProblem, ProblemHttpResult>> SetSetting(
        string key, SettingValueRequest request, SettingsService settings, HttpContext context) =>
        (await settings.SetAsync(key, request.ToText(), context.Actor(), context.RequestAborted)).ToHttp(TypedResults.Ok);

    public static async Task<Results<Ok<SettingEntry>, ValidationProblem, ProblemHttpResult>> ResetSetting(
        string key, SettingsService settings, HttpContext context) =>
        (await settings.ResetAsync(key, context.Actor(), context.RequestAborted)).ToHttp(TypedResults.Ok);
}
