using Arena.Api.Infrastructure;
using Arena.Grains.Bots.Read;
using Arena.Grains.Leaderboard;

namespace Arena.Api.Features.Bots;

public sealed record PublicBotList(IReadOnlyList<PublicBot> Items);

/// <summary>
/// The public, read-only view of the bots for spectators and the app: live figures, positions, fills, decisions
/// and snapshots. Anonymous; nothing here returns a prompt, a provider's settings or credentials, or a raw answer.
/// Lists are newest first, paged with an opaque cursor (docs/api.md, "Public read API").
/// </summary>
public static class BotsApi
{
    public static IEndpointRouteBuilder MapBots(this IEndpointRouteBuilder app)
    {
        var group = app.MapApiGroup("/api/bots").WithTags("Bots").AllowAnonymous();
        group.MapGet("/", List).WithSummary("Every bot with its status, live equity, PnL, return and open positions");
        group.MapGet("/{id}", Get).Rejects(404).WithSummary("One bot with its status, live equity, PnL, return and open positions");
        group.MapGet("/{id}/trades", Trades).Rejects(404).WithSummary("The bot's fills, newest first (cursor, limit)");
        group.MapGet("/{id}/positions", Positions).Rejects(404).WithSummary("The bot's positions, newest first (status=open|closed, cursor, limit)");
        group.MapGet("/{id}/decisions", Decisions).Rejects(404).WithSummary("The bot's turns: actions, reasoning, outcome, latency and tokens, newest first (cursor, limit)");
        group.MapGet("/{id}/snapshots", Snapshots).Rejects(404).WithSummary("The bot's balance and equity snapshots, newest first (from, to, cursor, limit)");
        group.MapGet("/{id}/prompt-versions/performance", PromptVersions).Rejects(404)
            .WithSummary("Metrics per prompt version over its active window (never the prompt text)");
        return app;
    }

    public static async Task<Ok<PublicBotList>> List(PublicBots bots, CancellationToken cancellationToken) =>
        TypedResults.Ok(new PublicBotList(await bots.ListAsync(cancellationToken)));

    public static async Task<Results<Ok<PublicBot>, ValidationProblem, ProblemHttpResult>> Get(string id, PublicBots bots, CancellationToken cancellationToken) =>
        (await bots.GetAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    public static async Task<Results<Ok<Page<PublicTrade>>, ValidationProblem, ProblemHttpResult>> Trades(
        string id, string? cursor, string? limit, PublicBots bots, CancellationToken cancellationToken) =>
        (await bots.TradesAsync(id, cursor, limit, cancellationToken)).ToHttp(TypedResults.Ok);

    public static async Task<Results<Ok<Page<PublicPosition>>, ValidationProblem, ProblemHttpResult>> Positions(
        string id, string? status, string? cursor, string? limit, PublicBots bots, CancellationToken cancellationToken) =>
        (await bots.PositionsAsync(id, status, cursor, limit, cancellationToken)).ToHttp(TypedResults.Ok);

    public static async Task<Results<Ok<Page<PublicDecision>>, ValidationProblem, ProblemHttpResult>> Decisions(
        string id, string? cursor, string? limit, PublicBots bots, CancellationToken cancellationToken) =>
        (await bots.DecisionsAsync(id, cursor, limit, cancellationToken)).ToHttp(TypedResults.Ok);

    public static async Task<Results<Ok<Page<PublicSnapshot>>, ValidationProblem, ProblemHttpResult>> Snapshots(
        string id, string? from, string? to, string? cursor, string? limit, PublicBots bots, CancellationToken cancellationToken) =>
        (await bots.SnapshotsAsync(id, from, to, cursor, limit, cancellationToken)).ToHttp(TypedResults.Ok);

    public static async Task<Results<Ok<PromptVersionsPerformance>, ValidationProblem, ProblemHttpResult>> PromptVersions(
        string id, LeaderboardService leaderboard, CancellationToken cancellationToken) =>
        (await leaderboard.PromptVersionsAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);
}
