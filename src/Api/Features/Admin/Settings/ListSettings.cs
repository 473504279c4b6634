using Arena.Api.Infrastructure;
using Arena.Grains.Bots;
using FastEndpoints;

namespace Arena.Api.Features.Admin.Settings;

public sealed class ListSettings(SettingsService settings) : EndpointWithoutRequest<Ok<SettingEntry[]>>
{
    public override void Configure()
    {
        Get("/api/admin/settings");
        Definition.Documented(AdminSettingRoutes.Tag, "Every setting: type, effective value, default, bounds, where the value comes from").AdminOnly();
    }

    public override async Task<Ok<SettingEntry[]>> ExecuteAsync(CancellationToken ct) =>
        TypedResults.Ok((await settings.ListAsync(ct)).ToArray());
}
