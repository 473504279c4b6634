namespace Arena.Api.Features.Agents;

internal static class AgentsRoutes
{
    public const string Tag = "Agents";

    public const string Chat = "/api/agents/{botId}/chat";
}
