using Arena.Api.Infrastructure;
using Arena.Grains.Signals;
using FastEndpoints;

namespace Arena.Api.Features.Signals;

public sealed record ListSignalActionsRequest(string? Cursor, string? Limit);

public sealed class ListSignalActionsValidator() : RulesValidator<ListSignalActionsRequest>((r, errors) => SignalQueries.Actions(r.Cursor, r.Limit, errors));

public sealed class ListSignalActions(SignalReads signals) : Endpoint<ListSignalActionsRequest, Results<Ok<Page<SignalActionView>>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/api/signal-actions");
        Definition.Documented(SignalsRoutes.Tag, "The caller's own signal actions (track, untrack, copy, convert, dismiss), newest first; an audit nobody can delete")
            .SignedIn();
        Definition.Summary(s =>
        {
            s.Params["cursor"] = "the nextCursor of the previous page";
            s.Params["limit"] = "page size, 1-200 (larger values are capped); default 50";
        });
    }

    public override async Task<Results<Ok<Page<SignalActionView>>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(ListSignalActionsRequest r, CancellationToken ct) =>
        (await signals.ActionsAsync(User.UserId(), r.Cursor, r.Limit, ct)).ToHttp(TypedResults.Ok);
}
