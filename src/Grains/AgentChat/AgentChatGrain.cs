using Arena.Grains.Bots.Read;
using Arena.Grains.Providers;

namespace Arena.Grains.AgentChat;

/// <summary>
/// The agent chat of one user (see <see cref="IAgentChatGrain"/>). No state is kept hot: the rows are the history and the
/// budget. The provider is asked outside any transaction (a reply takes seconds); the exchange is then written in one
/// short transaction, with the reply's event on the user's stream.
/// </summary>
public sealed partial class AgentChatGrain(
    AgentContexts contexts,
    ProviderStore providers,
    IDecisionProviders sessions,
    Database database,
    IOptions<AgentChatOptions> options,
    TimeProvider clock,
    ILogger<AgentChatGrain> logger) : Grain, IAgentChatGrain
{
    private static readonly Rejection Missing = Rejection.NotFound("No bot has this id.");

    private Guid UserId => this.GetPrimaryKey();

    public async Task<Result<ChatExchange>> Send(string botId, string? message)
    {
        var errors = new FieldErrors();
        var text = AgentChatRules.CheckMessage(message, errors);
        if (text is null) return errors.ToRejection();
        var bot = await contexts.FindAsync(botId);
        if (bot is null) return Missing;

        var limits = options.Value;
        var receivedAt = clock.Now();
        var (used, history) = await database.ReadAsync(async c => (
            await AgentChatRows.TokensSinceAsync(c, UserId, AgentChatRules.DayStart(receivedAt)),
            await AgentChatRows.RecentTurnsAsync(c, UserId, botId, limits.HistoryMessages)));
        if (AgentChatRules.CheckBudget(used, limits.DailyTokenBudget, receivedAt) is { } spent) return spent;

        var answer = await AskAsync(bot, new ChatRequest(bot.Context, history, text, limits.MaxReplyTokens));
        var tokens = answer.PromptTokens + answer.CompletionTokens;
        var replyText = answer.Succeeded ? AgentPersona.Cut(answer.Text!.Trim(), limits.MaxReplyLength) : "";
        var error = answer.Succeeded && replyText.Length == 0 ? "the answer has no content" : answer.Error;
        var sent = new ChatMessageView(SequentialUuid.Next(receivedAt), botId, ChatTurn.UserRole, text, error is null ? ChatMessageView.Ok : ChatMessageView.Failed,
            error is null ? 0 : tokens, null, receivedAt);
        ChatMessageView? reply = null;
        if (error is null)
        {
            var at = clock.Now();
            reply = new ChatMessageView(SequentialUuid.Next(at), botId, ChatTurn.AgentRole, replyText, ChatMessageView.Ok, tokens, sent.Id, at);
        }
        try
        {
            await database.InTransactionAsync(tx => AgentChatRows.AppendAsync(tx, UserId, sent, reply));
        }
        catch (DbException ex) when (DbErrors.IsForeignKeyViolation(ex))
        {
            // The bot was deleted while its provider answered (its history went with it).
            return Missing;
        }
        return new ChatExchange(sent, reply, error is null ? null : PublicDecisionError.Summarize(error), used + tokens, limits.DailyTokenBudget);
    }

    /// <summary>The provider's answer within <see cref="AgentChatOptions.ReplyTimeout"/>; every failure is an answer with an error (logged, never a secret).</summary>
    private async Task<ProviderAnswer> AskAsync(AgentChatBot bot, ChatRequest request)
    {
        var started = clock.GetTimestamp();
        using var deadline = new CancellationTokenSource(options.Value.ReplyTimeout, clock);
        try
        {
            var found = await providers.GetAsync(bot.ProviderId, deadline.Token);
            if (!found.IsOk) return Unavailable("provider unavailable: the bot's provider does not exist", bot, started);
            var opened = await sessions.OpenAsync(found.Value!.Settings, deadline.Token);
            if (!opened.IsOk) return Unavailable("provider unavailable: " + (opened.Rejection!.Detail ?? opened.Rejection.Title), bot, started);
            using var session = opened.Value!;
            return await session.ChatAsync(request, deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return Unavailable(FormattableString.Invariant($"timed out after {options.Value.ReplyTimeout.TotalSeconds:0.#} s"), bot, started);
        }
    }

    private ProviderAnswer Unavailable(string error, AgentChatBot bot, long started)
    {
        LogNoReply(bot.Context.BotId, bot.ProviderId, error);
        return new ProviderAnswer(null, 0, 0, clock.GetElapsedTime(started), error);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent chat with bot {BotId}: provider {ProviderId} gave no reply ({Error})")]
    private partial void LogNoReply(string botId, string providerId, string error);
}
