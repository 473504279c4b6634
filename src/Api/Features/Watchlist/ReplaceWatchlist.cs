using System.Collections.Immutable;
using Arena.Api.Infrastructure;
using Arena.Grains.Users;
using FastEndpoints;

namespace Arena.Api.Features.Watchlist;

/// <summary>The body of a replace: the whole new list (an object, so the shape can grow without breaking clients).</summary>
public sealed record ReplaceWatchlistRequest(IReadOnlyList<WatchlistItem?>? Items);

public sealed class ReplaceWatchlistValidator() : RulesValidator<ReplaceWatchlistRequest>((r, errors) => WatchlistRules.CheckReplacement(r.Items, default, errors));

public sealed class ReplaceWatchlist(IGrainFactory grains) : Endpoint<ReplaceWatchlistRequest, Results<Ok<ImmutableList<WatchlistEntry>>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Put(WatchlistRoutes.List);
        Definition.Documented(WatchlistRoutes.Tag, "Replace the caller's whole watchlist (symbols that stay keep addedAt)").SignedIn().Rejects(404);
    }

    public override async Task<Results<Ok<ImmutableList<WatchlistEntry>>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(ReplaceWatchlistRequest request, CancellationToken ct) =>
        (await grains.GetGrain<IUserGrain>(User.UserId()).ReplaceWatchlist(request.Items)).ToHttp(TypedResults.Ok);
}
