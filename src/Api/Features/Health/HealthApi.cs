using Arena.Grains.Persistence;

namespace Arena.Api.Features.Health;

public sealed record HealthCheck(string Name, string Status, string? Detail);

public sealed record HealthResponse(string Status, IReadOnlyList<HealthCheck> Checks);

public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/health").WithTags("Health").AllowAnonymous();
        group.MapGet("/live", Live).WithSummary("The process is up");
        group.MapGet("/ready", Ready).Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable).WithSummary("The database is reachable and its schema is current");
        return app;
    }

    public static Ok<HealthResponse> Live() => TypedResults.Ok(new HealthResponse("healthy", []));

    public static async Task<Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>>> Ready(Database database, MigrationRunner migrations, CancellationToken cancellationToken)
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
        var healthy = checks.All(c => c.Status == "healthy") && checks.Count == 2;
        var response = new HealthResponse(healthy ? "healthy" : "unhealthy", checks);
        return healthy ? TypedResults.Ok(response) : TypedResults.Json(response, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
