using Arena.Api.Infrastructure;
using Arena.Grains.Bots;
using FastEndpoints;

namespace Arena.Api.Features.Admin.Settings;

/// <summary>The value of the setting in the path, as JSON: a string (<c>"00:03:20"</c>, <c>"0.0005"</c>), a number or a boolean.</summary>
public sealed record SetSettingRequest(string Key, JsonElement? Value);

/// <summary>The value's rules; a key the catalog does not have is left to the handler (a 404, as for any unknown path).</summary>
public sealed class SetSettingValidator() : RulesValidator<SetSettingRequest>((r, errors) =>
    AdminSettingRoutes.CheckValue(r.Value, errors, (value, e) => SettingCatalog.CheckValue(r.Key, value, e)));

public sealed class SetSetting(SettingsService settings) : Endpoint<SetSettingRequest, Results<Ok<SettingEntry>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Put("/api/admin/settings/{key}");
        Definition.Documented(AdminSettingRoutes.Tag, "Store or replace a setting's value (400 names 'value' with the allowed range)").AdminOnly().Rejects(404);
    }

    public override async Task<Results<Ok<SettingEntry>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(SetSettingRequest request, CancellationToken ct) =>
        // The validator refused a value that is not text.
        (await settings.SetAsync(request.Key, AdminSettingRoutes.ValueText(request.Value, new FieldErrors()), HttpContext.Actor(), ct)).ToHttp(TypedResults.Ok);
}
