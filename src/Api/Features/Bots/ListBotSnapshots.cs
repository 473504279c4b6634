using Arena.Api.Infrastructure;
using Arena.Grains.Bots.Read;
using FastEndpoints;

namespace Arena.Api.Features.Bots;

public sealed record ListBotSnapshotsRequest(string Id, string? From, string? To, string? Cursor, string? Limit);

public sealed class ListBotSnapshotsValidator() : RulesValidator<ListBotSnapshotsRequest>((r, errors) => PublicBotQueries.Snapshots(r.From, r.To, r.Cursor, r.Limit, errors));

public sealed class ListBotSnapshots(PublicBots bots) : Endpoint<ListBotSnapshotsRequest, Results<Ok<Page<PublicSnapshot>>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/api/bots/{id}/snapshots");
        Definition.Documented(BotsRoutes.Tag, "The bot's balance and equity snapshots, newest first (from, to, cursor, limit)").Public().Rejects(404);
    }

    public override async Task<Results<Ok<Page<PublicSnapshot>>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(ListBotSnapshotsRequest request, CancellationToken ct) =>
        (await bots.SnapshotsAsync(request.Id, request.From, request.To, request.Cursor, request.Limit, ct)).ToHttp(TypedResults.Ok);
}
