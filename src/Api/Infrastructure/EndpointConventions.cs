using Microsoft.AspNetCore.Authorization;

namespace Arena.Api.Infrastructure;

/// <summary>Authorization conventions that also document the problem answers they add.</summary>
public static class EndpointConventions
{
    /// <summary>Signed-in users only; documents 401.</summary>
    public static RouteGroupBuilder RequireSignedIn(this RouteGroupBuilder group) =>
        group.RequireAuthorization().ProducesProblem(StatusCodes.Status401Unauthorized);

    public static RouteHandlerBuilder RequireSignedIn(this RouteHandlerBuilder route) =>
        route.RequireAuthorization().ProducesProblem(StatusCodes.Status401Unauthorized);

    /// <summary>Admins only; documents 401 and 403.</summary>
    public static RouteGroupBuilder RequireAdmin(this RouteGroupBuilder group) =>
        group.RequireAuthorization(CurrentUser.AdminPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

    /// <summary>Documents the problem statuses a handler's rejections can produce (404, 409, 429, ...).</summary>
    public static RouteHandlerBuilder Rejects(this RouteHandlerBuilder route, params int[] statuses)
    {
        foreach (var status in statuses) route.ProducesProblem(status);
        return route;
    }

    internal static bool RequiresAuthorization(IList<object> metadata) =>
        metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
}
