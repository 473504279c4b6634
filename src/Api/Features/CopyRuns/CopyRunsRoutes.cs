using Arena.Api.Infrastructure;
using Arena.Grains.Desk;
using FastEndpoints;

namespace Arena.Api.Features.CopyRuns;

internal static class CopyRunsRoutes
{
    public const string Tag = "Copy trading";

    public const string List = "/api/copy-runs";

    public const string One = "/api/copy-runs/{id:guid}";
}

public sealed record CopyRunIdRequest(Guid Id);

/// <summary>
/// The four state changes share one shape (POST with the run's id in the path, the run after the change in the answer);
/// each endpoint names its command, route and summary.
/// </summary>
public abstract class ChangeCopyRunEndpoint(IGrainFactory grains, CopyRunCommand command, string action, string summary)
    : Endpoint<CopyRunIdRequest, Results<Ok<CopyRunView>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post($"{CopyRunsRoutes.One}/{action}");
        Definition.Documented(CopyRunsRoutes.Tag, summary).SignedIn().Rejects(404, 409);
        if (command == CopyRunCommand.Publish) Definition.Idempotent();
    }

    public override async Task<Results<Ok<CopyRunView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(CopyRunIdRequest request, CancellationToken ct) =>
        (await grains.GetGrain<ICopyDesk>(User.UserId()).ChangeCopyRun(request.Id, command)).ToHttp(view => TypedResults.Ok(view));
}

public sealed class PublishCopyRun(IGrainFactory grains)
    : ChangeCopyRunEndpoint(grains, CopyRunCommand.Publish, "publish", "Publish a draft copy run: from now on the bot's later fills are mirrored");

public sealed class PauseCopyRun(IGrainFactory grains)
    : ChangeCopyRunEndpoint(grains, CopyRunCommand.Pause, "pause", "Pause an active copy run: new fills are ignored, the bot's closes still close its mirrors");

public sealed class ResumeCopyRun(IGrainFactory grains)
    : ChangeCopyRunEndpoint(grains, CopyRunCommand.Resume, "resume", "Resume a paused copy run (fills from the pause stay ignored)");

public sealed class StopCopyRun(IGrainFactory grains)
    : ChangeCopyRunEndpoint(grains, CopyRunCommand.Stop, "stop", "Stop a copy run for good; its open mirrors stay open as the caller's trades");
