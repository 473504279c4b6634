namespace Arena.Grains.Users;

// Dismissed insights (seed 004 user_dismissed_insights): a set of ids with the first time each was dismissed.
public sealed partial class UserGrain
{
    public Task<Result<ImmutableList<DismissedInsight>>> GetDismissedInsights() =>
        Task.FromResult<Result<ImmutableList<DismissedInsight>>>(state is null ? Missing : InsightRules.Ordered(state.DismissedInsights));

    public async Task<Result<DismissedInsight>> DismissInsight(string insightId)
    {
        if (state is null) return Missing;
        if (!InsightRules.IsId(insightId)) return Rejection.Invalid("insightId", InsightRules.IdRule);
        if (state.DismissedInsights.TryGetValue(insightId, out var first)) return new DismissedInsight(insightId, first);
        if (state.DismissedInsights.Count >= InsightRules.MaxDismissed)
            return Rejection.Conflict($"At most {InsightRules.MaxDismissed} insights can stay dismissed; restore one first.", "insightId");

        var dismissed = new DismissedInsight(insightId, clock.Now());
        await Commit(
            tx => InsertDismissedInsights(tx, [dismissed]),
            s => s with { DismissedInsights = s.DismissedInsights.Add(dismissed.InsightId, dismissed.DismissedAt) });
        return dismissed;
    }

    public async Task<Result<bool>> RestoreInsight(string insightId)
    {
        if (state is null) return Missing;
        if (!InsightRules.IsId(insightId)) return Rejection.Invalid("insightId", InsightRules.IdRule);
        if (!state.DismissedInsights.ContainsKey(insightId)) return false;
        await Commit(
            tx => tx.ExecuteAsync("DELETE FROM user_dismissed_insights WHERE user_id = @id AND insight_id = @insightId", new { id = state.Account.Id, insightId }),
            s => s with { DismissedInsights = s.DismissedInsights.Remove(insightId) });
        return true;
    }

    public async Task<Result<InsightMerge>> MergeDismissedInsights(IReadOnlyList<string?>? insightIds)
    {
        if (state is null) return Missing;
        var planned = InsightRules.PlanMerge(insightIds, state.DismissedInsights, clock.Now());
        if (!planned.IsOk || planned.Value!.Added.Count == 0) return planned;
        var added = planned.Value.Added;
        await Commit(
            tx => InsertDismissedInsights(tx, added),
            s => s with { DismissedInsights = s.DismissedInsights.SetItems(added.Select(d => KeyValuePair.Create(d.InsightId, d.DismissedAt))) });
        return planned;
    }

    /// <summary>Inserts new dismissals; a feature that commits several changes at once (an import) composes it into its own write.</summary>
    private Task InsertDismissedInsights(Tx tx, IReadOnlyCollection<DismissedInsight> dismissed) =>
        dismissed.Count == 0
            ? Task.CompletedTask
            : tx.ExecuteAsync(
                "INSERT INTO user_dismissed_insights (user_id, insight_id, dismissed_at) VALUES (@UserId, @InsightId, @DismissedAt)",
                dismissed.Select(d => new { UserId = state!.Account.Id, d.InsightId, d.DismissedAt }));
}
