namespace Arena.Grains.AgentChat;

/// <summary>
/// A chat turn: the user's message as stored and, when the provider answered, the agent's reply; otherwise <see cref="Error"/>
/// is the failure's public category (the message is stored <c>failed</c>). The budget figures are after this turn.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ChatExchange(
    [Id(0)] ChatMessageView Message,
    [Id(1)] ChatMessageView? Reply,
    [Id(2)] string? Error,
    [Id(3)] long TokensUsedToday,
    [Id(4)] int DailyTokenBudget);

/// <summary>
/// One user's chats with the bots, keyed by user id. Calls run one at a time, so a user's turns are serialized: each reads
/// the day's spent tokens after the previous turn wrote its own, and two messages sent at once cannot both spend the budget.
/// </summary>
public interface IAgentChatGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Asks the bot's provider for a reply in character and stores the exchange: 400 (<c>message</c>), 404 (no such bot) or 429
    /// (the day's budget is spent) store nothing; a provider failure stores the message as <c>failed</c> and comes back as a
    /// <see cref="ChatExchange"/> with an <see cref="ChatExchange.Error"/>.
    /// </summary>
    Task<Result<ChatExchange>> Send(string botId, string? message);
}
