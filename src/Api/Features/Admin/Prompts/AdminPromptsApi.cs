using Arena.Api.Features.Admin.Bots;
using Arena.Api.Infrastructure;
using Arena.Grains.Bots;

namespace Arena.Api.Features.Admin.Prompts;

public sealed record NewPromptRequest(string? Prompt, string? Note);

/// <summary>
/// <c>/api/admin/bots/{id}/prompts</c>: a bot's prompt versions. Adding one creates the next version and makes it
/// the active one; older versions are kept (each decision references the version it used). Prompts are
/// admin-only: no public endpoint or event carries their text.
/// </summary>
public static class AdminPromptsApi
{
    public static RouteGroupBuilder MapAdminPrompts(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/bots/{id}/prompts").WithTags("Admin: prompts");
        group.MapGet("/", ListPrompts).Rejects(404).WithSummary("Every prompt version of a bot, oldest first, the active one marked");
        group.MapGet("/{version:int}", GetPrompt).Rejects(404).WithSummary("One prompt version");
        group.MapPost("/", AddPrompt).Rejects(404).WithSummary("Add the next prompt version and activate it (older versions are kept)");
        return group;
    }

    public static async Task<Results<Ok<PromptVersionView[]>, ProblemHttpResult>> ListPrompts(string id, BotQueries bots, CancellationToken cancellationToken) =>
        await bots.PromptsAsync(id, cancellationToken) is { } prompts ? TypedResults.Ok(prompts.ToArray()) : AdminBotsApi.NoSuchBot();

    public static async Task<Results<Ok<PromptVersionView>, ValidationProblem, ProblemHttpResult>> GetPrompt(
        string id, int version, BotQueries bots, CancellationToken cancellationToken) =>
        (await bots.PromptAsync(id, version, cancellationToken)).ToHttp(TypedResults.Ok);

    public static async Task<Results<Created<PromptVersionView>, ValidationProblem, ProblemHttpResult>> AddPrompt(
        string id, NewPromptRequest request, IGrainFactory grains, HttpContext context) =>
        (await grains.GetGrain<IBotGrain>(id).AddPrompt(request.Prompt ?? "", request.Note, context.Actor()))
        .ToHttp(p => TypedResults.Created($"/api/admin/bots/{id}/prompts/{p.Version}", p));
}
