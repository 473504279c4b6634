namespace Arena.Grains.Users;

public partial interface IUserGrain
{
    /// <summary>The dismissed insights, oldest dismissal first.</summary>
    Task<Result<ImmutableList<DismissedInsight>>> GetDismissedInsights();

    /// <summary>Dismisses an insight. Idempotent: dismissing it again keeps the first date and writes nothing.</summary>
    Task<Result<DismissedInsight>> DismissInsight(string insightId);

    /// <summary>Un-dismisses an insight. Idempotent: true if it was dismissed, false (and no write) if not.</summary>
    Task<Result<bool>> RestoreInsight(string insightId);

    /// <summary>Dismisses, in one write, the ids not dismissed yet, and reports which were added and which skipped.</summary>
    Task<Result<InsightMerge>> MergeDismissedInsights(IReadOnlyList<string?>? insightIds);
}
