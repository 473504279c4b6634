using Arena.Api.Infrastructure;
using Arena.Grains.Users;

namespace Arena.Api.Features.Insights;

internal static class InsightsRoutes
{
    public const string Tag = "Insights";

    /// <summary>Seed 004 published the /api/v1 paths; both prefixes serve the same handlers.</summary>
    public static readonly string[] Dismissed = ["/api/insights/dismissed", "/api/v1/insights/dismissed"];

    public static readonly string[] Dismissal = ["/api/insights/{insightId}/dismiss", "/api/v1/insights/{insightId}/dismiss"];
}

/// <summary>The insight a dismissal or its undoing names.</summary>
public sealed record InsightDismissalRequest(string InsightId);

public sealed class InsightDismissalValidator() : RulesValidator<InsightDismissalRequest>((r, errors) => InsightRules.CheckId(r.InsightId, errors));
