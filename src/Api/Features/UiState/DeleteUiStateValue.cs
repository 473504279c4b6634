using Arena.Api.Infrastructure;
using Arena.Grains.Users;
using FastEndpoints;

namespace Arena.Api.Features.UiState;

public sealed class DeleteUiStateValue(IGrainFactory grains) : Endpoint<UiStateKeyRequest, Results<NoContent, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Delete(UiStateRoutes.Key);
        Definition.Documented(UiStateRoutes.Tag, "Remove a UI state key").SignedIn().Rejects(404);
    }

    public override async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ExecuteAsync(UiStateKeyRequest request, CancellationToken ct) =>
        (await grains.GetGrain<IUserGrain>(User.UserId()).RemoveUiStateValue(request.Key)).ToHttp(_ => TypedResults.NoContent());
}
