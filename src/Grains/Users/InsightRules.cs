using System.Text.RegularExpressions;

namespace Arena.Grains.Users;

[GenerateSerializer, Immutable]
public sealed record DismissedInsight([Id(0)] string InsightId, [Id(1)] DateTimeOffset DismissedAt);

/// <summary>What a merge did: the insights it dismissed now, and the ids it left alone because they were already dismissed.</summary>
[GenerateSerializer, Immutable]
public sealed record InsightMerge([Id(0)] IReadOnlyList<DismissedInsight> Added, [Id(1)] IReadOnlyList<string> Skipped);

/// <summary>
/// Pure rules for dismissed insights (seed 004 arise_dismissed_insights_v1). Insight ids are opaque and
/// case-sensitive: they come from the insight generator, not from people.
/// </summary>
public static partial class InsightRules
{
    public const int MaxDismissed = 2000;
    public const string IdRule = "Insight id must be 1-128 characters: letters, digits, '.', '_', ':' or '-'.";

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,128}$")]
    private static partial Regex IdPattern();

    public static bool IsId(string? insightId) => insightId is not null && IdPattern().IsMatch(insightId);

    public static FieldErrors CheckId(string? insightId, FieldErrors errors) => errors.Require(IsId(insightId), "insightId", IdRule);

    /// <summary>Oldest dismissal first, then by id: the order every reader sees.</summary>
    public static ImmutableList<DismissedInsight> Ordered(IEnumerable<KeyValuePair<string, DateTimeOffset>> dismissed) =>
        dismissed.Select(d => new DismissedInsight(d.Key, d.Value))
            .OrderBy(d => d.DismissedAt).ThenBy(d => d.InsightId, StringComparer.Ordinal).ToImmutableList();

    /// <summary>The dismissed set with <paramref name="added"/> in it.</summary>
    public static ImmutableSortedDictionary<string, DateTimeOffset> With(ImmutableSortedDictionary<string, DateTimeOffset> dismissed, IEnumerable<DismissedInsight> added) =>
        dismissed.SetItems(added.Select(d => KeyValuePair.Create(d.InsightId, d.DismissedAt)));

    /// <summary>
    /// Dismisses the ids not dismissed yet (the first of any repeats) at <paramref name="now"/>; ids already
    /// dismissed keep their first date. How older client-side data joins newer server data.
    /// </summary>
    public static Result<InsightMerge> PlanMerge(IReadOnlyList<string?>? insightIds, IReadOnlyDictionary<string, DateTimeOffset> current, DateTimeOffset now)
    {
        var errors = new FieldErrors();
        if (insightIds is null) return errors.Add("insightIds", "Insight ids are required.").ToRejection();
        var added = new List<DismissedInsight>();
        var skipped = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < insightIds.Count; i++)
        {
            var id = insightIds[i];
            if (!IsId(id)) errors.Add($"insightIds[{i}]", IdRule);
            else if (current.ContainsKey(id!) || !seen.Add(id!)) skipped.Add(id!);
            else added.Add(new DismissedInsight(id!, now));
        }
        if (errors.Any) return errors.ToRejection();
        if (current.Count + added.Count > MaxDismissed)
            return Rejection.Conflict($"At most {MaxDismissed} insights can stay dismissed.", "insightIds");
        return new InsightMerge(added, skipped);
    }
}
