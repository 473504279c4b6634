using Arena.Grains.Persistence;
using Orleans.Runtime;

namespace Arena.Api.Features.Health;

public sealed record HealthCheck(string Name, string Status, string? Detail);

public sealed record HealthResponse(string Status, IReadOnlyList<HealthCheck> Checks);

public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/health").WithTags("Health").AllowAnonymous();
        group.MapGet("/live", Live).WithSummary("The process is up");
        group.MapGet("/ready", Ready).Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("The database is reachable, its schema is current, and this silo is an active member of its cluster");
        return app;
    }

    public static Ok<HealthResponse> Live() => TypedResults.Ok(new HealthResponse("healthy", []));

    public static async Task<Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>>> Ready(Database database, MigrationRunner migrations,
        IClusterMembershipService membership, ILocalSiloDetails silo, CancellationToken cancellationToken)
    {
        var checks = new List<HealthCheck>();
        try
        {
            var status = await migrations.GetStatusAsync(cancellationToken);
            checks.Add(new HealthCheck("database", "healthy", database.DisplayName));
            checks.Add(status.IsCurrent
                ? new HealthCheck("migrations", "healthy", $"{status.Applied.Count} applied")
                : new HealthCheck("migrations", "unhealthy",
                    status.Changed.Count > 0 ? $"edited after being applied: {string.Join(", ", status.Changed)}" : $"pending: {string.Join(", ", status.Pending)}"));
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or TimeoutException or InvalidOperationException)
        {
            checks.Add(new HealthCheck("database", "unhealthy", "unreachable"));
        }
        checks.Add(ClusterCheck(membership.CurrentSnapshot, silo.SiloAddress));
        var healthy = checks.All(c => c.Status == "healthy") && checks.Count == 3;
        var response = new HealthResponse(healthy ? "healthy" : "unhealthy", checks);
        return healthy ? TypedResults.Ok(response) : TypedResults.Json(response, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>This silo's own membership status and how many silos are active (no addresses: the endpoint is anonymous).</summary>
    private static HealthCheck ClusterCheck(ClusterMembershipSnapshot snapshot, SiloAddress self)
    {
        var status = snapshot.GetSiloStatus(self);
        var active = snapshot.Members.Values.Count(m => m.Status == SiloStatus.Active);
        var detail = $"this silo is {status.ToString().ToLowerInvariant()}; {active} active silo{(active == 1 ? "" : "s")} in the cluster";
        return new HealthCheck("cluster", status == SiloStatus.Active ? "healthy" : "unhealthy", detail);
    }
}
