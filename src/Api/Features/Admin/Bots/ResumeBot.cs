using Arena.Api.Infrastructure;
using Arena.Grains.Bots;
using FastEndpoints;

namespace Arena.Api.Features.Admin.Bots;

public sealed record ResumeBotRequest(string Id);

public sealed class ResumeBot(IGrainFactory grains) : Endpoint<ResumeBotRequest, Results<Ok<AdminBotView>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/api/admin/bots/{id}/resume");
        Definition.Documented(AdminBotRoutes.Tag, "Resume a paused bot").AdminOnly().Rejects(404);
    }

    public override async Task<Results<Ok<AdminBotView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(ResumeBotRequest request, CancellationToken ct) =>
        AdminBotRoutes.Answer(await grains.GetGrain<IBotGrain>(request.Id).SetPaused(false, HttpContext.Actor()));
}
