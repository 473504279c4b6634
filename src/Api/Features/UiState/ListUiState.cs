using Arena.Api.Infrastructure;
using Arena.Grains.Users;
using FastEndpoints;

namespace Arena.Api.Features.UiState;

/// <summary>All of the caller's UI state keys, in ordinal key order.</summary>
public sealed record UiStateListing(IReadOnlyList<UiStateItem> Entries);

public sealed class ListUiState(IGrainFactory grains) : EndpointWithoutRequest<Results<Ok<UiStateListing>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/api/ui-state");
        Definition.Documented(UiStateRoutes.Tag, "Every UI state key with its value and when it was last written").SignedIn().Rejects(404);
    }

    public override async Task<Results<Ok<UiStateListing>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(CancellationToken ct) =>
        (await grains.GetGrain<IUserGrain>(User.UserId()).GetUiState()).ToHttp(items => TypedResults.Ok(new UiStateListing(items)));
}
