namespace Arena.Grains.Users;

/// <summary>Dismissed insights (seed 004 <c>user_dismissed_insights</c>): a set of ids with the first time each was dismissed. Pure.</summary>
public static class InsightChanges
{
    public static Result<UserDecision<DismissedInsight>> Dismiss(UserState s, string insightId, DateTimeOffset now)
    {
        if (InsightRules.CheckId(insightId, new FieldErrors()) is { Any: true } invalid) return invalid.ToRejection();
        if (s.DismissedInsights.TryGetValue(insightId, out var first)) return UserDecision.Reply(new DismissedInsight(insightId, first));
        if (s.DismissedInsights.Count >= InsightRules.MaxDismissed)
            return Rejection.Conflict($"At most {InsightRules.MaxDismissed} insights can stay dismissed; restore one first.", "insightId");
        var dismissed = new DismissedInsight(insightId, now);
        return UserDecision.Write(dismissed, s with { DismissedInsights = s.DismissedInsights.Add(insightId, now) },
            tx => UserRows.InsertDismissedInsightsAsync(tx, s.Account.Id, [dismissed]));
    }

    public static Result<UserDecision<bool>> Restore(UserState s, string insightId)
    {
        if (InsightRules.CheckId(insightId, new FieldErrors()) is { Any: true } invalid) return invalid.ToRejection();
        if (!s.DismissedInsights.ContainsKey(insightId)) return UserDecision.Reply(false);
        return UserDecision.Write(true, s with { DismissedInsights = s.DismissedInsights.Remove(insightId) },
            tx => UserRows.DeleteDismissedInsightAsync(tx, s.Account.Id, insightId));
    }

    public static Result<UserDecision<InsightMerge>> Merge(UserState s, IReadOnlyList<string?>? insightIds, DateTimeOffset now)
    {
        var planned = InsightRules.PlanMerge(insightIds, s.DismissedInsights, now);
        if (!planned.IsOk) return planned.Rejection!;
        var merge = planned.Value!;
        if (merge.Added.Count == 0) return UserDecision.Reply(merge);
        return UserDecision.Write(merge, s with { DismissedInsights = InsightRules.With(s.DismissedInsights, merge.Added) },
            tx => UserRows.InsertDismissedInsightsAsync(tx, s.Account.Id, merge.Added));
    }
}
