using Arena.Api.Infrastructure;
using Arena.Grains.Bots;
using FastEndpoints;

namespace Arena.Api.Features.Admin.Prompts;

/// <summary>
/// The next prompt version of the bot in the path. No validator: the bot's grain answers 404 for an unknown bot
/// before it checks the prompt (<see cref="BotRules.CheckPrompt"/>), and a validator would answer 400 first.
/// </summary>
public sealed record AddPromptRequest(string Id, string? Prompt, string? Note);

public sealed class AddPrompt(IGrainFactory grains) : Endpoint<AddPromptRequest, Results<Created<PromptVersionView>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/api/admin/bots/{id}/prompts");
        Definition.Documented(AdminPromptRoutes.Tag, "Add the next prompt version and activate it (older versions are kept)").AdminOnly().Rejects(404);
    }

    public override async Task<Results<Created<PromptVersionView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(AddPromptRequest request, CancellationToken ct) =>
        (await grains.GetGrain<IBotGrain>(request.Id).AddPrompt(request.Prompt ?? "", request.Note, HttpContext.Actor()))
        .ToHttp(p => TypedResults.Created($"/api/admin/bots/{request.Id}/prompts/{p.Version}", p));
}
