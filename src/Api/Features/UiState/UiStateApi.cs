using System.Text;
using Arena.Api.Infrastructure;
using Arena.Grains.Users;

namespace Arena.Api.Features.UiState;

/// <summary>All of the caller's UI state keys, in ordinal key order.</summary>
public sealed record UiStateListing(IReadOnlyList<UiStateItem> Entries);

/// <summary>
/// Opaque per-key UI state (seed 000 <c>user_ui_state</c>: signals filter, oracle period, passport tab ...).
/// Values are any JSON, stored and returned byte for byte; limits in <see cref="UiStateRules"/>.
/// </summary>
public static class UiStateApi
{
    public static IEndpointRouteBuilder MapUiState(this IEndpointRouteBuilder app)
    {
        var group = app.MapApiGroup("/api/ui-state").WithTags("UI state").RequireSignedIn();
        group.MapGet("/", ListUiState).Rejects(404).WithSummary("Every UI state key with its value and when it was last written");
        group.MapGet("/{key}", GetUiStateValue).Produces<JsonText>(StatusCodes.Status200OK).Rejects(404)
            .WithSummary("One UI state value, exactly as it was stored");
        group.MapPut("/{key}", PutUiStateValue).Accepts<JsonText>(JsonBody.Json[0]).Rejects(404, 409, 413, 415)
            .WithSummary("Store any JSON value (at most 16 KiB) under a key (1-64 of A-Z a-z 0-9 _ . : -; at most 100 keys)");
        group.MapDelete("/{key}", DeleteUiStateValue).Rejects(404).WithSummary("Remove a UI state key");
        return app;
    }

    public static async Task<Results<Ok<UiStateListing>, ValidationProblem, ProblemHttpResult>> ListUiState(ClaimsPrincipal user, IGrainFactory grains) =>
        (await grains.GetGrain<IUserGrain>(user.UserId()).GetUiState()).ToHttp(items => TypedResults.Ok(new UiStateListing(items)));

    public static async Task<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>> GetUiStateValue(string key, ClaimsPrincipal user, IGrainFactory grains) =>
        (await grains.GetGrain<IUserGrain>(user.UserId()).GetUiStateValue(key)).ToHttp(item => TypedResults.Text(item.Value.Text, JsonBody.Json[0], Encoding.UTF8));

    public static async Task<Results<Ok<UiStateItem>, ValidationProblem, ProblemHttpResult>> PutUiStateValue(string key, HttpRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        var body = await JsonBody.ReadAsync(request, UiStateRules.MaxValueBytes, JsonBody.Json, field: "value");
        if (body.Problem is { } problem) return problem;
        return (await grains.GetGrain<IUserGrain>(user.UserId()).SetUiStateValue(key, Encoding.UTF8.GetString(body.Bytes.Span))).ToHttp(TypedResults.Ok);
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteUiStateValue(string key, ClaimsPrincipal user, IGrainFactory grains) =>
        (await grains.GetGrain<IUserGrain>(user.UserId()).RemoveUiStateValue(key)).ToHttp(_ => TypedResults.NoContent());
}
