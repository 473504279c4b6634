using Arena.Api.Infrastructure;
using Arena.Grains.Bots;
using FastEndpoints;

namespace Arena.Api.Features.Admin.Settings;

/// <summary>An override for the setting named by <c>key</c>; the value as in <see cref="SetSettingRequest"/>.</summary>
public sealed record CreateSettingRequest(string? Key, JsonElement? Value);

public sealed class CreateSettingValidator() : RulesValidator<CreateSettingRequest>((r, errors) =>
    AdminSettingRoutes.CheckValue(r.Value, errors, (value, e) => SettingCatalog.CheckNew(r.Key ?? "", value, e)));

public sealed class CreateSetting(SettingsService settings) : Endpoint<CreateSettingRequest, Results<Created<SettingEntry>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/api/admin/settings");
        Definition.Documented(AdminSettingRoutes.Tag, "Override a setting that has no stored value yet (409 when it has one: use PUT); unknown key is 400")
            .AdminOnly().Rejects(409);
    }

    public override async Task<Results<Created<SettingEntry>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(CreateSettingRequest request, CancellationToken ct) =>
        // The validator refused a value that is not text.
        (await settings.CreateAsync(request.Key ?? "", AdminSettingRoutes.ValueText(request.Value, new FieldErrors()), HttpContext.Actor(), ct))
        .ToHttp(e => TypedResults.Created($"/api/admin/settings/{e.Key}", e));
}
