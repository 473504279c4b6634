using Arena.Api.Infrastructure;
using Arena.Grains.Bots;
using FastEndpoints;

namespace Arena.Api.Features.Admin.Bots;

public sealed record PauseBotRequest(string Id);

public sealed class PauseBot(IGrainFactory grains) : Endpoint<PauseBotRequest, Results<Ok<AdminBotView>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/api/admin/bots/{id}/pause");
        Definition.Documented(AdminBotRoutes.Tag, "Pause a bot: it takes no turns until resumed (an answer in flight is discarded)").AdminOnly().Rejects(404);
    }

    public override async Task<Results<Ok<AdminBotView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(PauseBotRequest request, CancellationToken ct) =>
        AdminBotRoutes.Answer(await grains.GetGrain<IBotGrain>(request.Id).SetPaused(true, HttpContext.Actor()));
}
