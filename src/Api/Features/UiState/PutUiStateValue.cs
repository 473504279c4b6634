using System.Text;
using Arena.Api.Infrastructure;
using Arena.Grains.Users;
using FastEndpoints;

namespace Arena.Api.Features.UiState;

/// <summary>The value is any JSON, read raw (bounded) and stored byte for byte, so nothing binds the body; the key comes from the route.</summary>
public sealed class PutUiStateValue(IGrainFactory grains) : EndpointWithoutRequest<Results<Ok<UiStateItem>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Put(UiStateRoutes.Key);
        Definition.Documented(UiStateRoutes.Tag, "Store any JSON value (at most 16 KiB) under a key (1-64 of A-Z a-z 0-9 _ . : -; at most 100 keys)")
            .SignedIn().AcceptsBody<JsonText>(JsonBody.Json).Rejects(404, 409);
    }

    public override async Task<Results<Ok<UiStateItem>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(HttpContext.Request, UiStateRules.MaxValueBytes, JsonBody.Json, field: "value");
        if (body.Problem is { } problem) return problem;
        var key = Route<string>("key")!;
        return (await grains.GetGrain<IUserGrain>(User.UserId()).SetUiStateValue(key, Encoding.UTF8.GetString(body.Bytes.Span))).ToHttp(TypedResults.Ok);
    }
}
