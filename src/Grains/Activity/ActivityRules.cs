using System.Text.RegularExpressions;

namespace Arena.Grains.Activity;

/// <summary>What a feed query and a reaction must be before anything is read or written. Field names are the API's JSON names.</summary>
public static partial class ActivityRules
{
    public const int MaxTypes = 20;

    // "before:<seq>" is the cursor text the feed has always issued, so cursors handed out earlier stay valid.
    public const string FeedCursorScope = "before";

    [GeneratedRegex("^[a-z][a-z0-9_.-]{0,63}$")]
    private static partial Regex TypeName();

    /// <summary>The page and the distinct type names asked for, with an error added per bad field.</summary>
    public static (PageRequest Page, string[] Types) CheckFeedQuery(string? cursor, string? limit, string? types, FieldErrors errors)
    {
        var page = PageRequest.Parse(FeedCursorScope, cursor, limit, errors);
        var typeList = (types ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        errors.Require(typeList.All(t => TypeName().IsMatch(t)), "types",
            "Types are comma-separated event type names: lower-case letters, digits, '.', '_' and '-', starting with a letter.");
        errors.Require(typeList.Length <= MaxTypes, "types", $"At most {MaxTypes} types.");
        return (page, typeList.Distinct().ToArray());
    }

    public static FieldErrors CheckReaction(string? emoji, long? targetSeq, FieldErrors errors) =>
        errors.Require(ReactionEmoji.IsAllowed(emoji), "emoji", "Allowed emoji: " + string.Join(" ", ReactionEmoji.Allowed) + ".")
            .Require(targetSeq is null or > 0, "targetSeq", "The target is the seq of an event (a positive number).");
}
