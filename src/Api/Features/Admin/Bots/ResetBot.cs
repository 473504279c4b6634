using Arena.Api.Infrastructure;
using Arena.Grains.Bots;
using FastEndpoints;

namespace Arena.Api.Features.Admin.Bots;

public sealed record ResetBotRequest(string Id);

public sealed class ResetBot(IGrainFactory grains) : Endpoint<ResetBotRequest, Results<Ok<AdminBotView>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/api/admin/bots/{id}/reset");
        Definition.Documented(AdminBotRoutes.Tag, "Close every open position (reason reset) and restore the initial balance; the history stays").AdminOnly().Rejects(404);
    }

    public override async Task<Results<Ok<AdminBotView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(ResetBotRequest request, CancellationToken ct) =>
        AdminBotRoutes.Answer(await grains.GetGrain<IBotGrain>(request.Id).Reset(HttpContext.Actor()));
}
