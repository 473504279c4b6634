using System.Collections.Immutable;
using Arena.Api.Infrastructure;
using Arena.Grains.Users;

namespace Arena.Api.Features.Watchlist;

/// <summary>The body of a replace: the whole new list (an object, so the shape can grow without breaking clients).</summary>
public sealed record WatchlistReplaceRequest(IReadOnlyList<WatchlistItem?>? Items);

public static class WatchlistApi
{
    /// <summary>Seed 004 published the /api/v1 paths; both prefixes serve the same handlers.</summary>
    public static readonly string[] Prefixes = ["/api/watchlist", "/api/v1/watchlist"];

    public static IEndpointRouteBuilder MapWatchlist(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in Prefixes)
        {
            var group = app.MapApiGroup(prefix).WithTags("Watchlist").RequireSignedIn();
            group.MapGet("/", GetWatchlist).Rejects(404).WithSummary("The caller's watchlist, oldest entry first");
            group.MapPost("/", AddSymbol).Rejects(404, 409).WithSummary("Add a symbol to the caller's watchlist");
            group.MapPut("/", ReplaceWatchlist).Rejects(404).WithSummary("Replace the caller's whole watchlist (symbols that stay keep addedAt)");
            // Catch-all, so pair symbols such as BTC/USDT can be addressed without escaping the slash.
            group.MapDelete("/{*symbol}", RemoveSymbol).Rejects(404).WithSummary("Remove a symbol from the caller's watchlist (case-insensitive)");
        }
        return app;
    }

    public static async Task<Results<Ok<ImmutableList<WatchlistEntry>>, ValidationProblem, ProblemHttpResult>> GetWatchlist(ClaimsPrincipal user, IGrainFactory grains) =>
        (await grains.GetGrain<IUserGrain>(user.UserId()).GetWatchlist()).ToHttp(TypedResults.Ok);

    public static async Task<Results<Created<WatchlistEntry>, ValidationProblem, ProblemHttpResult>> AddSymbol(WatchlistItem request, ClaimsPrincipal user, IGrainFactory grains, HttpContext context) =>
        (await grains.GetGrain<IUserGrain>(user.UserId()).AddToWatchlist(request))
            .ToHttp(entry => TypedResults.Created($"{context.Request.PathBase}{context.Request.Path.Value?.TrimEnd('/')}/{Uri.EscapeDataString(entry.Symbol)}", entry));

    public static async Task<Results<Ok<ImmutableList<WatchlistEntry>>, ValidationProblem, ProblemHttpResult>> ReplaceWatchlist(WatchlistReplaceRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
        (await grains.GetGrain<IUserGrain>(user.UserId()).ReplaceWatchlist(request.Items)).ToHttp(TypedResults.Ok);

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> RemoveSymbol(string? symbol, ClaimsPrincipal user, IGrainFactory grains) =>
        (await grains.GetGrain<IUserGrain>(user.UserId()).RemoveFromWatchlist(Uri.UnescapeDataString(symbol ?? ""))).ToHttp(_ => TypedResults.NoContent());
}
