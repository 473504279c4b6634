using Arena.Api.Infrastructure;
using Arena.Grains.Signals;
using FastEndpoints;

namespace Arena.Api.Features.Signals;

// Query values arrive as text so that a bad one is a 400 naming its field, like any other input.
public sealed record ListSignalsRequest(string? BotId, string? Symbol, string? Direction, string? Status, string? Cursor, string? Limit);

public sealed class ListSignalsValidator() : RulesValidator<ListSignalsRequest>((r, errors) =>
    SignalQueries.Signals(r.BotId, r.Symbol, r.Direction, r.Status, r.Cursor, r.Limit, errors));

public sealed class ListSignals(SignalReads signals) : Endpoint<ListSignalsRequest, Results<Ok<Page<SignalView>>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/api/signals");
        Definition.Documented(SignalsRoutes.Tag, "The bots' signals, newest first (botId, symbol, direction, status, cursor, limit)").Public();
        Definition.Summary(s =>
        {
            s.Params["botId"] = "only this bot's signals";
            s.Params["symbol"] = "only this symbol's signals, such as BTCUSDT";
            s.Params["direction"] = "long, short or close";
            s.Params["status"] = "active, hit_tp, hit_sl, closed or expired";
            s.Params["cursor"] = "the nextCursor of the previous page";
            s.Params["limit"] = "page size, 1-200 (larger values are capped); default 50";
        });
    }

    public override async Task<Results<Ok<Page<SignalView>>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(ListSignalsRequest r, CancellationToken ct) =>
        (await signals.ListAsync(r.BotId, r.Symbol, r.Direction, r.Status, r.Cursor, r.Limit, ct)).ToHttp(TypedResults.Ok);
}
