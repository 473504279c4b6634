using Arena.Api.Infrastructure;
using Arena.Grains.Bots;

namespace Arena.Api.Features.Admin.Bots;

/// <summary>
/// <c>/api/admin/bots</c>: bot configuration and the admin's controls over a running bot. Reads come from the rows
/// (<see cref="BotQueries"/>); every command is a call on the bot's grain, so it never interleaves with a turn.
/// </summary>
public static class AdminBotsApi
{
    public static RouteGroupBuilder MapAdminBots(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/bots").WithTags("Admin: bots");
        group.MapGet("/", ListBots).WithSummary("Every bot: configuration, status and account summary, by id");
        group.MapGet("/{id}", GetBot).Rejects(404).WithSummary("One bot: configuration, status and account summary");
        group.MapPost("/", CreateBot).Rejects(409)
            .WithSummary("Create a bot with its first prompt (version 1); tradingMode 'real' is refused until the exchange adapter exists");
        group.MapPut("/{id}", UpdateBot).Rejects(404, 409)
            .WithSummary("Replace a bot's configuration; 'version' must be the one read (409 when the bot changed since)");
        group.MapDelete("/{id}", DeleteBot).Rejects(404, 409)
            .WithSummary("Delete a bot that never traded (409 for one with trading history: deactivate it instead)");
        group.MapPost("/{id}/pause", PauseBot).Rejects(404).WithSummary("Pause a bot: it takes no turns until resumed (an answer in flight is discarded)");
        group.MapPost("/{id}/resume", ResumeBot).Rejects(404).WithSummary("Resume a paused bot");
        group.MapPost("/{id}/reset", ResetBot).Rejects(404)
            .WithSummary("Close every open position (reason reset) and restore the initial balance; the history stays");
        group.MapPost("/{id}/force-summarize", ForceSummarize).Rejects(404, 409)
            .WithSummary("Fold the decisions outside the prompt window into the history summary now (409 when there are none)");
        return group;
    }

    public static async Task<Ok<AdminBotView[]>> ListBots(BotQueries bots, CancellationToken cancellationToken) =>
        TypedResults.Ok((await bots.ListAsync(cancellationToken)).Select(AdminBotView.From).ToArray());

    public static async Task<Results<Ok<AdminBotView>, ProblemHttpResult>> GetBot(string id, BotQueries bots, CancellationToken cancellationToken) =>
        await bots.GetAsync(id, cancellationToken) is { } view ? TypedResults.Ok(AdminBotView.From(view)) : NoSuchBot();

    public static async Task<Results<Created<AdminBotView>, ValidationProblem, ProblemHttpResult>> CreateBot(
        CreateBotRequest request, IGrainFactory grains, HttpContext context)
    {
        var definition = request.ToDefinition();
        // An unusable id cannot key a grain: report it with every other invalid field.
        if (!BotRules.IsValidId(definition.Id)) return BotRules.Check(definition).ToRejection().ToValidationProblem();
        return (await grains.GetGrain<IBotGrain>(definition.Id).Create(definition, context.Actor()))
            .ToHttp(v => TypedResults.Created($"/api/admin/bots/{v.Config.Id}", AdminBotView.From(v)));
    }

    public static async Task<Results<Ok<AdminBotView>, ValidationProblem, ProblemHttpResult>> UpdateBot(
        string id, UpdateBotRequest request, IGrainFactory grains, HttpContext context)
    {
        if (request.Version is not { } version) return AdminApi.MissingVersion();
        var errors = new FieldErrors();
        if (request.ToChanges(errors) is not { } changes) return errors.ToRejection().ToValidationProblem();
        return Answer(await grains.GetGrain<IBotGrain>(id).Update(changes, version, context.Actor()));
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteBot(string id, IGrainFactory grains, HttpContext context) =>
        (await grains.GetGrain<IBotGrain>(id).Delete(context.Actor())).ToHttp(_ => TypedResults.NoContent());

    public static async Task<Results<Ok<AdminBotView>, ValidationProblem, ProblemHttpResult>> PauseBot(string id, IGrainFactory grains, HttpContext context) =>
        Answer(await grains.GetGrain<IBotGrain>(id).SetPaused(true, context.Actor()));

    public static async Task<Results<Ok<AdminBotView>, ValidationProblem, ProblemHttpResult>> ResumeBot(string id, IGrainFactory grains, HttpContext context) =>
        Answer(await grains.GetGrain<IBotGrain>(id).SetPaused(false, context.Actor()));

    public static async Task<Results<Ok<AdminBotView>, ValidationProblem, ProblemHttpResult>> ResetBot(string id, IGrainFactory grains, HttpContext context) =>
        Answer(await grains.GetGrain<IBotGrain>(id).Reset(context.Actor()));

    public static async Task<Results<Ok<SummaryView>, ValidationProblem, ProblemHttpResult>> ForceSummarize(string id, IGrainFactory grains, HttpContext context) =>
        (await grains.GetGrain<IBotGrain>(id).ForceSummarize(context.Actor())).ToHttp(TypedResults.Ok);

    private static Results<Ok<AdminBotView>, ValidationProblem, ProblemHttpResult> Answer(Result<BotAdminView> result) =>
        result.ToHttp(v => TypedResults.Ok(AdminBotView.From(v)));

    internal static ProblemHttpResult NoSuchBot() => Rejection.NotFound("No bot has this id.").ToProblem();
}
