using Arena.Api.Infrastructure;
using Arena.Grains.AgentChat;
using FastEndpoints;

namespace Arena.Api.Features.Agents;

// Query values arrive as text so that a bad one is a 400 naming its field, like any other input.
public sealed record ListAgentChatRequest(string BotId, string? Cursor, string? Limit);

public sealed class ListAgentChatValidator() : RulesValidator<ListAgentChatRequest>((r, errors) => AgentChatRules.ParseHistory(r.Cursor, r.Limit, errors));

public sealed class ListAgentChat(AgentChatHistory history) : Endpoint<ListAgentChatRequest, Results<Ok<Page<ChatMessageView>>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get(AgentsRoutes.Chat);
        Definition.Documented(AgentsRoutes.Tag, "The caller's chat history with a bot, newest first (cursor, limit)").SignedIn().Rejects(404);
        Definition.Summary(s =>
        {
            s.Params["limit"] = "page size, 1-200 (larger values are capped); default 50";
            s.Params["cursor"] = "the nextCursor of the previous page";
        });
    }

    public override async Task<Results<Ok<Page<ChatMessageView>>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(ListAgentChatRequest request, CancellationToken ct) =>
        (await history.ListAsync(User.UserId(), request.BotId, request.Cursor, request.Limit, ct)).ToHttp(TypedResults.Ok);
}
