namespace Arena.Grains.AgentChat;

/// <summary>
/// Reads a user's chat history with a bot straight from the rows (not through the chat grain, so a read never waits behind a
/// reply in progress). Scoped by the caller's user id: another user's messages are never in the query.
/// </summary>
public sealed class AgentChatHistory(Database database, AgentContexts contexts)
{
    /// <summary>Newest first; <paramref name="cursor"/> is the previous page's <c>nextCursor</c>. 404 when no bot has this id.</summary>
    public async Task<Result<Page<ChatMessageView>>> ListAsync(Guid userId, string botId, string? cursor, string? limit,
        CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        var query = AgentChatRules.ParseHistory(cursor, limit, errors);
        if (errors.Any) return errors.ToRejection();
        if (!await contexts.ExistsAsync(botId, cancellationToken)) return Rejection.NotFound("No bot has this id.");
        return await database.ReadAsync(c => AgentChatRows.PageAsync(c, userId, botId, query), cancellationToken);
    }
}
