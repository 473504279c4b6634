using Arena.Api.Infrastructure;
using Arena.Grains.Desk;
using FastEndpoints;

namespace Arena.Api.Features.Trades;

// Query values arrive as text so that a bad one is a 400 naming its field, like any other input.
public sealed record ListTradesRequest(string? Status, string? Cursor, string? Limit)
{
    public TradeListRequest ToQuery() => new(Status, Cursor, Limit);
}

public sealed class ListTradesValidator() : RulesValidator<ListTradesRequest>((r, errors) => TradeListRules.Parse(r.ToQuery(), errors));

public sealed class ListTrades(IGrainFactory grains) : Endpoint<ListTradesRequest, Results<Ok<QuickTradePage>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get(TradesRoutes.List);
        Definition.Documented(TradesRoutes.Tag, "The caller's quick trades, newest first, open ones with live unrealized PnL").SignedIn().Rejects(404);
        Definition.Summary(s =>
        {
            s.Params["status"] = "open or closed; both when left out";
            s.Params["limit"] = "page size, 1-200 (larger values are capped); default 50";
            s.Params["cursor"] = "the nextCursor of the previous page";
        });
    }

    public override async Task<Results<Ok<QuickTradePage>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(ListTradesRequest request, CancellationToken ct) =>
        (await grains.GetGrain<IDeskGrain>(User.UserId()).ListTrades(request.ToQuery())).ToHttp(TypedResults.Ok);
}
