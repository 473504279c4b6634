using Arena.Api.Infrastructure;
using Arena.Grains.Users;
using FastEndpoints;

namespace Arena.Api.Features.Watchlist;

public sealed record AddWatchlistSymbolRequest(string? Symbol, string? Exchange, string? Notes)
{
    public WatchlistItem ToItem() => new(Symbol, Exchange, Notes);
}

public sealed class AddWatchlistSymbolValidator() : RulesValidator<AddWatchlistSymbolRequest>((r, errors) => WatchlistRules.CheckItem(r.ToItem(), errors));

public sealed class AddWatchlistSymbol(IGrainFactory grains) : Endpoint<AddWatchlistSymbolRequest, Results<Created<WatchlistEntry>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post(WatchlistRoutes.List);
        Definition.Documented(WatchlistRoutes.Tag, "Add a symbol to the caller's watchlist").SignedIn().Rejects(404, 409);
    }

    public override async Task<Results<Created<WatchlistEntry>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(AddWatchlistSymbolRequest request, CancellationToken ct) =>
        (await grains.GetGrain<IUserGrain>(User.UserId()).AddToWatchlist(request.ToItem()))
            .ToHttp(entry => TypedResults.Created($"{HttpContext.Request.PathBase}{HttpContext.Request.Path.Value?.TrimEnd('/')}/{Uri.EscapeDataString(entry.Symbol)}", entry));
}
