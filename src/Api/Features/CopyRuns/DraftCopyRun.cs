using Arena.Api.Infrastructure;
using Arena.Grains.Desk;
using FastEndpoints;

namespace Arena.Api.Features.CopyRuns;

public sealed record CopyRunSizingBody(string? Mode, decimal? Fraction, decimal? Notional);

/// <summary>The draft as sent; every rule (including the known symbols and the bot being active) is the desk's (<see cref="CopyRunRules"/>).</summary>
public sealed record DraftCopyRunRequest(string? BotId, CopyRunSizingBody? Sizing, int? MaxLeverage, int? MaxOpenPositions, int? PriceToleranceBps, IReadOnlyList<string?>? Symbols)
{
    public CopyRunDraft ToDraft() => new(BotId, Sizing?.Mode, Sizing?.Fraction, Sizing?.Notional, MaxLeverage, MaxOpenPositions, PriceToleranceBps, Symbols);
}

public sealed class DraftCopyRun(IGrainFactory grains) : Endpoint<DraftCopyRunRequest, Results<Created<CopyRunView>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post(CopyRunsRoutes.List);
        Definition.Documented(CopyRunsRoutes.Tag, "Draft a follow of a bot (nothing is mirrored until it is published)").SignedIn().Rejects(409);
    }

    public override async Task<Results<Created<CopyRunView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(DraftCopyRunRequest request, CancellationToken ct) =>
        (await grains.GetGrain<ICopyDesk>(User.UserId()).DraftCopyRun(request.ToDraft()))
            .ToHttp(run => TypedResults.Created($"{HttpContext.Request.PathBase}/api/copy-runs/{run.Id}", run));
}
