using Arena.Grains.Events;
using Arena.Grains.Providers;

namespace Arena.Grains.AgentChat;

/// <summary>A stored chat message as the API shows it: <c>role</c> <c>user</c>|<c>agent</c>, <c>status</c> <c>ok</c>|<c>failed</c>; an agent message replies to a user's.</summary>
[GenerateSerializer, Immutable]
public sealed record ChatMessageView(
    [Id(0)] Guid Id,
    [Id(1)] string BotId,
    [Id(2)] string Role,
    [Id(3)] string Content,
    [Id(4)] string Status,
    [Id(5)] int Tokens,
    [Id(6)] Guid? ReplyTo,
    [Id(7)] DateTimeOffset CreatedAt)
{
    public const string Ok = "ok";
    public const string Failed = "failed";
}

/// <summary>The <c>agent_chat.replied</c> event on the user's own stream (<c>/ws/me</c>): the reply as stored. Never public.</summary>
public sealed record AgentChatRepliedEvent(string BotId, Guid MessageId, Guid ReplyTo, string Content, int Tokens, DateTimeOffset CreatedAt)
{
    public const string Type = "agent_chat.replied";
}

/// <summary>
/// SQL for <c>agent_chat_messages</c> (see 0010). Every statement is scoped by <c>user_id</c>; ids are uuid v7, so
/// <c>ORDER BY id</c> is creation order, and a user's turns are written by their one chat grain, in order.
/// </summary>
internal static class AgentChatRows
{
    private const string Columns = "id, bot_id, role, content, status, tokens, reply_to, created_at";

    /// <summary>Tokens the user's chats used since <paramref name="since"/> (integers: summed in SQL on both dialects).</summary>
    public static Task<long> TokensSinceAsync(DbConnection connection, Guid userId, DateTimeOffset since) =>
        connection.ExecuteScalarAsync<long>(
            "SELECT COALESCE(SUM(tokens), 0) FROM agent_chat_messages WHERE user_id = @userId AND created_at >= @since", new { userId, since });

    /// <summary>The newest <paramref name="take"/> answered messages of this user with this bot, oldest first (what the provider is shown).</summary>
    public static async Task<IReadOnlyList<ChatTurn>> RecentTurnsAsync(DbConnection connection, Guid userId, string botId, int take)
    {
        if (take == 0) return [];
        var rows = await connection.QueryAsync<(string Role, string Content)>("""
            SELECT role, content FROM agent_chat_messages
            WHERE user_id = @userId AND bot_id = @botId AND status = 'ok'
            ORDER BY id DESC LIMIT @take
            """, new { userId, botId, take });
        return rows.Reverse().Select(r => new ChatTurn(r.Role, r.Content)).ToArray();
    }

    /// <summary>One page of the user's messages with the bot, newest first; one row past the limit tells whether there is more.</summary>
    public static async Task<Page<ChatMessageView>> PageAsync(DbConnection connection, Guid userId, string botId, HistoryQuery query)
    {
        var rows = (await connection.QueryAsync<ChatMessageRow>(
            $"SELECT {Columns} FROM agent_chat_messages WHERE user_id = @userId AND bot_id = @botId"
            + (query.Before is null ? "" : " AND id < @before")
            + " ORDER BY id DESC LIMIT @take",
            new { userId, botId, before = query.Before ?? Guid.Empty, take = query.Limit + 1 })).AsList();
        var more = rows.Count > query.Limit;
        if (more) rows.RemoveAt(rows.Count - 1);
        return new Page<ChatMessageView>(rows.Select(r => r.ToView()).ToArray(), more ? UuidCursor.After(rows[^1].Id) : null);
    }

    /// <summary>Writes the user's message and, when there is one, the reply with its event, in the caller's transaction.</summary>
    public static async Task AppendAsync(Tx tx, Guid userId, ChatMessageView message, ChatMessageView? reply)
    {
        await InsertAsync(tx, userId, message);
        if (reply is null) return;
        await InsertAsync(tx, userId, reply);
        await EventOutbox.AppendAsync(tx, [EventDraft.ForUser(userId, AgentChatRepliedEvent.Type,
            new AgentChatRepliedEvent(reply.BotId, reply.Id, message.Id, reply.Content, reply.Tokens, reply.CreatedAt))], reply.CreatedAt);
    }

    private static Task InsertAsync(Tx tx, Guid userId, ChatMessageView m) =>
        tx.ExecuteAsync("""
            INSERT INTO agent_chat_messages (id, user_id, bot_id, role, content, status, tokens, reply_to, created_at)
            VALUES (@Id, @userId, @BotId, @Role, @Content, @Status, @Tokens, @ReplyTo, @CreatedAt)
            """, new { m.Id, userId, m.BotId, m.Role, m.Content, m.Status, m.Tokens, m.ReplyTo, m.CreatedAt });
}

/// <summary>An <c>agent_chat_messages</c> row as Dapper reads it (snake_case columns map to these names).</summary>
internal sealed class ChatMessageRow
{
    public Guid Id { get; init; }
    public string BotId { get; init; } = "";
    public string Role { get; init; } = "";
    public string Content { get; init; } = "";
    public string Status { get; init; } = "";
    public int Tokens { get; init; }
    public Guid? ReplyTo { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    public ChatMessageView ToView() => new(Id, BotId, Role, Content, Status, Tokens, ReplyTo, CreatedAt);
}
