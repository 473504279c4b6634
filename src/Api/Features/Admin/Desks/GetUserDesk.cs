using Arena.Api.Infrastructure;
using Arena.Grains.Desk;
using FastEndpoints;

namespace Arena.Api.Features.Admin.Desks;

public sealed record GetUserDeskRequest(Guid UserId);

public sealed class GetUserDesk(IGrainFactory grains) : Endpoint<GetUserDeskRequest, Results<Ok<DeskOverview>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/api/admin/users/{userId:guid}/desk");
        Definition.Documented("Admin: desks", "A user's trading desk: paper wallet, open trades and the 20 most recent closed ones").AdminOnly().Rejects(404);
    }

    public override async Task<Results<Ok<DeskOverview>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(GetUserDeskRequest request, CancellationToken ct) =>
        (await grains.GetGrain<IDeskGrain>(request.UserId).GetOverview()).ToHttp(TypedResults.Ok);
}
