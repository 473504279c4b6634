using Arena.Api.Infrastructure;
using Arena.Grains.Bots;
using FastEndpoints;

namespace Arena.Api.Features.Admin.Bots;

public sealed class ListAdminBots(BotQueries bots) : EndpointWithoutRequest<Ok<AdminBotView[]>>
{
    public override void Configure()
    {
        Get("/api/admin/bots");
        Definition.Documented(AdminBotRoutes.Tag, "Every bot: configuration, status and account summary, by id").AdminOnly();
    }

    public override async Task<Ok<AdminBotView[]>> ExecuteAsync(CancellationToken ct) =>
        TypedResults.Ok((await bots.ListAsync(ct)).Select(AdminBotView.From).ToArray());
}
