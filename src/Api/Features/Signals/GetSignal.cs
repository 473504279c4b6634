using Arena.Api.Infrastructure;
using Arena.Grains.Signals;
using FastEndpoints;

namespace Arena.Api.Features.Signals;

public sealed record GetSignalRequest(long Id);

public sealed class GetSignal(SignalReads signals) : Endpoint<GetSignalRequest, Results<Ok<SignalView>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/api/signals/{id:long}");
        Definition.Documented(SignalsRoutes.Tag, "One signal with its current status").Public().Rejects(404);
    }

    public override async Task<Results<Ok<SignalView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(GetSignalRequest request, CancellationToken ct) =>
        (await signals.GetAsync(request.Id, ct)).ToHttp(TypedResults.Ok);
}
