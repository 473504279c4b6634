using System.Collections.Immutable;
using Arena.Api.Infrastructure;
using Arena.Grains.Users;
using FastEndpoints;

namespace Arena.Api.Features.Watchlist;

public sealed class GetWatchlist(IGrainFactory grains) : EndpointWithoutRequest<Results<Ok<ImmutableList<WatchlistEntry>>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get(WatchlistRoutes.List);
        Definition.Documented(WatchlistRoutes.Tag, "The caller's watchlist, oldest entry first").SignedIn().Rejects(404);
    }

    public override async Task<Results<Ok<ImmutableList<WatchlistEntry>>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(CancellationToken ct) =>
        (await grains.GetGrain<IUserGrain>(User.UserId()).GetWatchlist()).ToHttp(TypedResults.Ok);
}
