namespace Arena.Grains.AgentChat;

/// <summary>Configuration section <c>Arena:AgentChat</c>: the limits of users' chats with the bots.</summary>
public sealed class AgentChatOptions
{
    public const string Section = "Arena:AgentChat";

    /// <summary>
    /// Provider tokens (prompt + completion) each user may spend on agent chats per UTC day, over all bots. A message is
    /// refused (429 until the next UTC midnight) once the day's total reached it; the reply that crosses it counts in full.
    /// Rules bots use no tokens.
    /// </summary>
    public int DailyTokenBudget { get; set; } = 20_000;

    /// <summary>Earlier messages of this user with this bot sent along for context (the newest ones; failed ones are skipped).</summary>
    public int HistoryMessages { get; set; } = 12;

    /// <summary>The reply's <c>max_tokens</c> (or the provider's own, if smaller).</summary>
    public int MaxReplyTokens { get; set; } = 400;

    /// <summary>A longer reply is stored and returned cut to this many characters.</summary>
    public int MaxReplyLength { get; set; } = 4_000;

    /// <summary>
    /// The longest a reply may take, retries included; then the message is stored as failed (502). Kept under the grain call
    /// timeout (30 s), since the user's turns run one at a time.
    /// </summary>
    public TimeSpan ReplyTimeout { get; set; } = TimeSpan.FromSeconds(20);

    public bool IsValid => DailyTokenBudget >= 0 && HistoryMessages >= 0 && MaxReplyTokens >= 1 && MaxReplyLength >= 100
        && ReplyTimeout > TimeSpan.Zero && ReplyTimeout <= TimeSpan.FromSeconds(25);
}
