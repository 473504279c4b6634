using System.Text;
using Arena.Api.Infrastructure;
using Arena.Grains.Users;
using FastEndpoints;

namespace Arena.Api.Features.UiState;

public sealed class GetUiStateValue(IGrainFactory grains) : Endpoint<UiStateKeyRequest, Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get(UiStateRoutes.Key);
        Definition.Documented(UiStateRoutes.Tag, "One UI state value, exactly as it was stored").SignedIn().Rejects(404);
        Description(b => b.Produces<JsonText>(StatusCodes.Status200OK, JsonBody.Json[0]));
    }

    public override async Task<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>> ExecuteAsync(UiStateKeyRequest request, CancellationToken ct) =>
        (await grains.GetGrain<IUserGrain>(User.UserId()).GetUiStateValue(request.Key)).ToHttp(item => TypedResults.Text(item.Value.Text, JsonBody.Json[0], Encoding.UTF8));
}
