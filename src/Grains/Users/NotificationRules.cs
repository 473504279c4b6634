using System.Text.RegularExpressions;

namespace Arena.Grains.Users;

/// <summary>A notification as another part of the system (or an admin) sends it, before validation.</summary>
[GenerateSerializer, Immutable]
public sealed record NotificationDraft([Id(0)] string? Kind, [Id(1)] string? Title, [Id(2)] string? Body = null, [Id(3)] string? Link = null);

[GenerateSerializer, Immutable]
public sealed record NotificationView([Id(0)] Guid Id, [Id(1)] string Kind, [Id(2)] string Title, [Id(3)] string? Body, [Id(4)] string? Link, [Id(5)] DateTimeOffset CreatedAt, [Id(6)] DateTimeOffset? ReadAt);

/// <summary>The query string of a notification list, as sent: parsed and checked by <see cref="NotificationRules.ParseQuery"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record NotificationListRequest([Id(0)] string? Unread = null, [Id(1)] string? Limit = null, [Id(2)] string? Cursor = null);

/// <summary>One page, newest first. <c>NextCursor</c> is null on the last page; <c>UnreadCount</c> counts all the user's unread ones.</summary>
[GenerateSerializer, Immutable]
public sealed record NotificationPage([Id(0)] IReadOnlyList<NotificationView> Items, [Id(1)] string? NextCursor, [Id(2)] int UnreadCount);

/// <summary>A checked list query: only unread ones, at most <c>Limit</c>, strictly older than <c>Before</c>.</summary>
public sealed record NotificationQuery(bool UnreadOnly, int Limit, Guid? Before);

/// <summary>Pure rules for notifications: what may be sent, and the list's paging. Field names are the API's JSON names.</summary>
public static partial class NotificationRules
{
    public const int MaxTitleLength = 200;
    public const int MaxBodyLength = 2000;
    public const int MaxLinkLength = 2048;
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>Kinds the system itself sends (see docs/api.md).</summary>
    public const string WelcomeKind = "welcome";

    [GeneratedRegex("^[a-z][a-z0-9_.-]{0,31}$")]
    private static partial Regex KindPattern();

    /// <summary>The draft trimmed (blank body or link become null), or the field errors.</summary>
    public static Result<NotificationDraft> Check(NotificationDraft? draft)
    {
        var errors = new FieldErrors();
        var cleaned = Check(draft, errors);
        return errors.Any ? errors.ToRejection() : cleaned;
    }

    /// <summary>The draft trimmed (blank body or link become null), with its errors added.</summary>
    public static NotificationDraft Check(NotificationDraft? draft, FieldErrors errors)
    {
        draft ??= new NotificationDraft(null, null);
        // A kind is an identifier clients switch on: taken exactly as sent, so " welcome" is refused, not read as "welcome".
        var kind = draft.Kind;
        var title = draft.Title?.Trim();
        var body = string.IsNullOrWhiteSpace(draft.Body) ? null : draft.Body.Trim();
        var link = string.IsNullOrWhiteSpace(draft.Link) ? null : draft.Link.Trim();

        if (string.IsNullOrEmpty(kind)) errors.Add("kind", "Kind is required.");
        else if (!KindPattern().IsMatch(kind)) errors.Add("kind", "Kind must be 1-32 characters: lower-case letters, digits, '_', '.' or '-', starting with a letter.");
        if (string.IsNullOrEmpty(title)) errors.Add("title", "Title is required.");
        else if (title.Length > MaxTitleLength) errors.Add("title", $"Title must be at most {MaxTitleLength} characters.");
        else TextRules.CheckPublicText(title, "title", errors);
        if (body is not null && body.Length > MaxBodyLength) errors.Add("body", $"Body must be at most {MaxBodyLength} characters.");
        if (link is not null && !IsLink(link))
            errors.Add("link", $"Link must be an absolute http(s) URL or an app path starting with '/', at most {MaxLinkLength} characters.");
        return new NotificationDraft(kind, title, body, link);
    }

    /// <summary>
    /// An absolute http(s) URL, or a path inside the app. "//host" and "/\host" are refused: browsers
    /// read them as links to another site.
    /// </summary>
    public static bool IsLink(string link)
    {
        if (link.Length > MaxLinkLength || link.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))) return false;
        if (link.StartsWith('/')) return link.Length == 1 || (link[1] != '/' && link[1] != '\\');
        return Uri.TryCreate(link, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
    }

    public static Result<NotificationQuery> ParseQuery(NotificationListRequest request)
    {
        var errors = new FieldErrors();
        var query = ParseQuery(request, errors);
        return errors.Any ? errors.ToRejection() : query;
    }

    /// <summary>The checked query, with an error added per bad field.</summary>
    public static NotificationQuery ParseQuery(NotificationListRequest request, FieldErrors errors)
    {
        var unreadOnly = false;
        if (!string.IsNullOrEmpty(request.Unread) && !bool.TryParse(request.Unread, out unreadOnly))
            errors.Add("unread", "Unread must be true or false.");

        var limit = DefaultPageSize;
        if (!string.IsNullOrEmpty(request.Limit)
            && (!int.TryParse(request.Limit, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1))
            errors.Add("limit", $"Limit must be a whole number from 1 (values above {MaxPageSize} are capped).");

        Guid? before = null;
        if (!string.IsNullOrEmpty(request.Cursor))
        {
            if (UuidCursor.TryRead(request.Cursor, out var id)) before = id;
            else errors.Add("cursor", "Cursor must be a nextCursor value from a previous page.");
        }
        return new NotificationQuery(unreadOnly, Math.Min(limit, MaxPageSize), before);
    }

    /// <summary>The cursor after <paramref name="last"/> (<see cref="UuidCursor"/>).</summary>
    public static string CursorAfter(Guid last) => UuidCursor.After(last);

    /// <summary>The notification every new account starts with.</summary>
    public static NotificationDraft Welcome(string username) => new(
        WelcomeKind,
        $"Welcome to Arena, {username}!",
        "Your account is ready. Follow the bots on the leaderboard, add symbols to your watchlist and tune your preferences.",
        "/arena");
}
