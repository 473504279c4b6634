using Arena.Api.Infrastructure;
using Arena.Grains.Bots;
using FastEndpoints;

namespace Arena.Api.Features.Admin.Bots;

public sealed record GetAdminBotRequest(string Id);

public sealed class GetAdminBot(BotQueries bots) : Endpoint<GetAdminBotRequest, Results<Ok<AdminBotView>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/api/admin/bots/{id}");
        Definition.Documented(AdminBotRoutes.Tag, "One bot: configuration, status and account summary").AdminOnly().Rejects(404);
    }

    public override async Task<Results<Ok<AdminBotView>, ProblemHttpResult>> ExecuteAsync(GetAdminBotRequest request, CancellationToken ct) =>
        await bots.GetAsync(request.Id, ct) is { } view ? TypedResults.Ok(AdminBotView.From(view)) : AdminBotRoutes.NoSuchBot();
}
