using Arena.Api.Infrastructure;
using Arena.Grains.Bots;
using FastEndpoints;

namespace Arena.Api.Features.Admin.Bots;

public sealed record DeleteBotRequest(string Id);

public sealed class DeleteBot(IGrainFactory grains) : Endpoint<DeleteBotRequest, Results<NoContent, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Delete("/api/admin/bots/{id}");
        Definition.Documented(AdminBotRoutes.Tag, "Delete a bot that never traded (409 for one with trading history: deactivate it instead)")
            .AdminOnly().Rejects(404, 409);
    }

    public override async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ExecuteAsync(DeleteBotRequest request, CancellationToken ct) =>
        (await grains.GetGrain<IBotGrain>(request.Id).Delete(HttpContext.Actor())).ToHttp(_ => TypedResults.NoContent());
}
