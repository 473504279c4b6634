using Arena.Api.Infrastructure;
using Arena.Grains.Bots;
using FastEndpoints;

namespace Arena.Api.Features.Admin.Settings;

public sealed record GetSettingRequest(string Key);

public sealed class GetSetting(SettingsService settings) : Endpoint<GetSettingRequest, Results<Ok<SettingEntry>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/api/admin/settings/{key}");
        Definition.Documented(AdminSettingRoutes.Tag, "One setting").AdminOnly().Rejects(404);
    }

    public override async Task<Results<Ok<SettingEntry>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(GetSettingRequest request, CancellationToken ct) =>
        (await settings.GetAsync(request.Key, ct)).ToHttp(TypedResults.Ok);
}
