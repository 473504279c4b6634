namespace Arena.Grains.AgentChat;

/// <summary>The agent chat's rules that need no I/O: what a message may be, the daily budget, and the history query.</summary>
public static class AgentChatRules
{
    public const int MaxMessageLength = 2_000;

    public const string HistoryScope = "agent-chat";

    /// <summary>
    /// The message as it is stored: trimmed, line breaks as LF. Required, at most <see cref="MaxMessageLength"/> characters, and
    /// the public-text rules of <see cref="TextRules"/> except that line breaks are allowed (a chat message may have paragraphs).
    /// </summary>
    public static string? CheckMessage(string? message, FieldErrors errors)
    {
        var text = message?.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (string.IsNullOrEmpty(text))
        {
            errors.Add("message", "A message is required.");
            return null;
        }
        if (text.Length > MaxMessageLength)
        {
            errors.Add("message", $"At most {MaxMessageLength} characters.");
            return null;
        }
        if (TextRules.FindRefused(text.Replace('\n', ' ')) is { } refused)
        {
            errors.Add("message", $"Must not contain {refused}.");
            return null;
        }
        return text;
    }

    /// <summary>The start of the UTC day of <paramref name="now"/>: tokens are counted from here.</summary>
    public static DateTimeOffset DayStart(DateTimeOffset now) => new(now.UtcDateTime.Date, TimeSpan.Zero);

    /// <summary>Refused (429 until the next UTC midnight) once the day's tokens reached the budget; null while some is left.</summary>
    public static Rejection? CheckBudget(long usedToday, int budget, DateTimeOffset now) => usedToday < budget
        ? null
        : Rejection.TooManyRequests(
            $"Today's agent chat budget of {budget} tokens is used up ({usedToday} used); it renews at 00:00 UTC.",
            DayStart(now).AddDays(1) - now);

    /// <summary>The history page asked for: newest first, <c>cursor</c> = the <c>nextCursor</c> of the previous page.</summary>
    public static HistoryQuery ParseHistory(string? cursor, string? limit, FieldErrors errors)
    {
        var page = PageRequest.Parse(HistoryScope, null, limit, errors);
        Guid? before = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            errors.Require(UuidCursor.TryRead(cursor, out var last), "cursor", "The cursor is not one this list returned.");
            before = last;
        }
        return new HistoryQuery(before, page.Limit);
    }
}

/// <summary>Up to <see cref="Limit"/> messages with an id below <see cref="Before"/> (all when null), newest first.</summary>
public sealed record HistoryQuery(Guid? Before, int Limit);
