using Arena.Api.Infrastructure;
using Arena.Grains.Users;
using FastEndpoints;

namespace Arena.Api.Features.Watchlist;

public sealed record RemoveWatchlistSymbolRequest(string? Symbol)
{
    /// <summary>The symbol as the client meant it: an escaped slash (BTC%2FUSDT) reaches the route still escaped.</summary>
    public string Unescaped() => Uri.UnescapeDataString(Symbol ?? "");
}

public sealed class RemoveWatchlistSymbolValidator() : RulesValidator<RemoveWatchlistSymbolRequest>((r, errors) => WatchlistRules.CheckSymbol(r.Unescaped(), errors));

public sealed class RemoveWatchlistSymbol(IGrainFactory grains) : Endpoint<RemoveWatchlistSymbolRequest, Results<NoContent, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Delete(WatchlistRoutes.Symbol);
        Definition.Documented(WatchlistRoutes.Tag, "Remove a symbol from the caller's watchlist (case-insensitive)").SignedIn().Rejects(404);
        // The document does not match the catch-all value to its property, and would offer it as a body.
        Description(b => b.ClearDefaultAccepts());
    }

    public override async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ExecuteAsync(RemoveWatchlistSymbolRequest request, CancellationToken ct) =>
        (await grains.GetGrain<IUserGrain>(User.UserId()).RemoveFromWatchlist(request.Unescaped())).ToHttp(_ => TypedResults.NoContent());
}
