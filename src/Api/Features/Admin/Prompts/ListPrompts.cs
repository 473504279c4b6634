using Arena.Api.Features.Admin.Bots;
using Arena.Api.Infrastructure;
using Arena.Grains.Bots;
using FastEndpoints;

namespace Arena.Api.Features.Admin.Prompts;

public sealed record ListPromptsRequest(string Id);

public sealed class ListPrompts(BotQueries bots) : Endpoint<ListPromptsRequest, Results<Ok<PromptVersionView[]>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/api/admin/bots/{id}/prompts");
        Definition.Documented(AdminPromptRoutes.Tag, "Every prompt version of a bot, oldest first, the active one marked").AdminOnly().Rejects(404);
    }

    public override async Task<Results<Ok<PromptVersionView[]>, ProblemHttpResult>> ExecuteAsync(ListPromptsRequest request, CancellationToken ct) =>
        await bots.PromptsAsync(request.Id, ct) is { } prompts ? TypedResults.Ok(prompts.ToArray()) : AdminBotRoutes.NoSuchBot();
}
