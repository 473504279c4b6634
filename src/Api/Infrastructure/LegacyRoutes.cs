using Microsoft.AspNetCore.Authorization;

using Arena.Api.Infrastructure;

namespace Arena.Api;

// TEMPORARY while slices move to FastEndpoints: the minimal-API conventions the unconverted features still use.
public static class LegacyRoutes
{
    public static RouteGroupBuilder MapApiGroup(this IEndpointRouteBuilder app, string prefix) =>
        app.MapGroup(prefix)
            .ProducesProblem(StatusCodes.Status500InternalServerError)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    public static RouteGroupBuilder RequireSignedIn(this RouteGroupBuilder group) =>
        group.RequireAuthorization().ProducesProblem(StatusCodes.Status401Unauthorized);

    public static RouteHandlerBuilder RequireSignedIn(this RouteHandlerBuilder route) =>
        route.RequireAuthorization().ProducesProblem(StatusCodes.Status401Unauthorized);

    public static RouteGroupBuilder RequireAdmin(this RouteGroupBuilder group) =>
        group.RequireAuthorization(CurrentUser.AdminPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

    public static RouteHandlerBuilder Rejects(this RouteHandlerBuilder route, params int[] statuses)
    {
        foreach (var status in statuses) route.ProducesProblem(status);
        return route;
    }
}
