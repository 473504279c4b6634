using Arena.Api.Infrastructure;
using Arena.Grains.AgentChat;
using FastEndpoints;

namespace Arena.Api.Features.Agents;

public sealed record SendAgentChatMessageRequest(string BotId, string? Message);

public sealed class SendAgentChatMessageValidator() : RulesValidator<SendAgentChatMessageRequest>((r, errors) => AgentChatRules.CheckMessage(r.Message, errors));

/// <summary>
/// One chat turn with a bot, answered in character by its provider from its public context. A provider failure is a 502
/// problem naming the stored (failed) message; the per-user limit of the <c>Agents</c> group and the daily token budget are 429s.
/// </summary>
public sealed class SendAgentChatMessage(IGrainFactory grains) : Endpoint<SendAgentChatMessageRequest, Results<Ok<ChatExchange>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post(AgentsRoutes.Chat);
        Definition.Documented(AgentsRoutes.Tag, "Send a message to a bot; its reply, in character, from its public context only (stored with the caller's history)")
            .SignedIn().Rejects(404, StatusCodes.Status502BadGateway);
    }

    public override async Task<Results<Ok<ChatExchange>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(SendAgentChatMessageRequest request, CancellationToken ct)
    {
        var sent = await grains.GetGrain<IAgentChatGrain>(User.UserId()).Send(request.BotId, request.Message);
        if (sent.Value is { Error: { } error } failed)
            return TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway, title: "The agent could not answer.",
                detail: "The bot's provider did not answer; your message is kept in the history, marked failed. Try again later.",
                extensions: new Dictionary<string, object?> { ["messageId"] = failed.Message.Id, ["error"] = error });
        return sent.ToHttp(TypedResults.Ok);
    }
}
