using Arena.Api.Infrastructure;
using Arena.Grains.Bots;
using FastEndpoints;

namespace Arena.Api.Features.Admin.Settings;

public sealed record ResetSettingRequest(string Key);

public sealed class ResetSetting(SettingsService settings) : Endpoint<ResetSettingRequest, Results<Ok<SettingEntry>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Delete("/api/admin/settings/{key}");
        Definition.Documented(AdminSettingRoutes.Tag, "Drop the stored value: the default applies again (answers the setting)").AdminOnly().Rejects(404);
    }

    public override async Task<Results<Ok<SettingEntry>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(ResetSettingRequest request, CancellationToken ct) =>
        (await settings.ResetAsync(request.Key, HttpContext.Actor(), ct)).ToHttp(TypedResults.Ok);
}
