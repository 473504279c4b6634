using System.Security.Cryptography;
using FastEndpoints;

namespace Arena.Api.Infrastructure;

/// <summary>Endpoint metadata: the route accepts an <c>Idempotency-Key</c> header (see <see cref="IdempotentRequests"/>).</summary>
public sealed class IdempotentEndpoint
{
    public static readonly IdempotentEndpoint Instance = new();
}

public static class IdempotencyConventions
{
    public const string Header = "Idempotency-Key";

    /// <summary>Accepts <c>Idempotency-Key</c>; documents the 409 and 422 it can produce.</summary>
    public static EndpointDefinition Idempotent(this EndpointDefinition endpoint)
    {
        endpoint.Description(b => b.WithMetadata(IdempotentEndpoint.Instance));
        return endpoint.Rejects(StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
    }
}

/// <summary>
/// <c>Idempotency-Key</c> on the money-moving routes, with the semantics of the IETF httpapi idempotency-key draft. The
/// key is the caller's (scoped by user id) and names one request: its method, path and the SHA-256 of its body bytes.
/// <list type="bullet">
/// <item>first use: the request runs and its answer (any status under 500 except 429) is kept 24 h;</item>
/// <item>the same key and the same request again: the first answer is replayed (<c>Idempotent-Replayed: true</c>), nothing runs;</item>
/// <item>the same key with another path or body: 422;</item>
/// <item>while the first is still running: 409 with <c>Retry-After</c>;</item>
/// <item>a first request that failed (5xx, 429, an exception) frees its key, so the client's retry runs.</item>
/// </list>
/// A request without the header runs as usual. Runs after authentication, authorization and rate limits, so only a
/// signed-in caller's request that would reach its endpoint claims a key.
/// </summary>
public sealed class IdempotentRequests(RequestDelegate next, IdempotencyKeys keys, TimeProvider clock)
{
    public const string ReplayedHeader = "Idempotent-Replayed";
    private const int MaxKeyLength = 255;
    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);
    private long nextPruneTicks;

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<IdempotentEndpoint>() is null
            || !context.Request.Headers.TryGetValue(IdempotencyConventions.Header, out var values)
            || context.User.UserIdOrNull() is not { } userId)
        {
            await next(context);
            return;
        }
        if (ParseKey(values) is not { } key)
        {
            await TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [IdempotencyConventions.Header] = [$"Send one key of 1 to {MaxKeyLength} visible ASCII characters, optionally as a quoted string (\"...\")."],
            }).ExecuteAsync(context);
            return;
        }
        await PruneNowAndThenAsync();

        var request = context.Request;
        var operation = $"{request.Method} {request.PathBase}{request.Path}";
        var digest = await BodyDigestAsync(request, context.RequestAborted);
        var claim = await keys.ClaimAsync(userId, key, operation, digest, context.RequestAborted);
        switch (claim)
        {
            case IdempotencyClaim.Done done:
                await ReplayAsync(context, done.Answer);
                return;
            case IdempotencyClaim.Mismatch:
                await TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency key reused.",
                    detail: "This Idempotency-Key was already used for another request (another route or another body). Use a new key for a new request.")
                    .ExecuteAsync(context);
                return;
            case IdempotencyClaim.InFlight:
                context.Response.Headers.RetryAfter = "1";
                await TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "A request with this Idempotency-Key is in progress.",
                    detail: "The first request with this key has not finished; retry after it has, and its answer is replayed.")
                    .ExecuteAsync(context);
                return;
        }
        await RunAndKeepAsync(context, userId, key);
    }

    private async Task RunAndKeepAsync(HttpContext context, Guid userId, string key)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        var kept = false;
        try
        {
            await next(context);
            var status = context.Response.StatusCode;
            if (status < 500 && status != StatusCodes.Status429TooManyRequests)
            {
                var body = System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
                var location = context.Response.Headers.Location.Count > 0 ? context.Response.Headers.Location.ToString() : null;
                // The answer is kept before it is sent: a client that lost the connection and retries gets it replayed.
                await keys.CompleteAsync(userId, key, new StoredAnswer(status, context.Response.ContentType, location, body), CancellationToken.None);
                kept = true;
            }
        }
        finally
        {
            context.Response.Body = original;
            if (!kept) await keys.ReleaseAsync(userId, key, CancellationToken.None);
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    private static async Task ReplayAsync(HttpContext context, StoredAnswer answer)
    {
        var response = context.Response;
        response.StatusCode = answer.StatusCode;
        if (answer.ContentType is not null) response.ContentType = answer.ContentType;
        if (answer.Location is not null) response.Headers.Location = answer.Location;
        response.Headers[ReplayedHeader] = "true";
        await response.WriteAsync(answer.Body, context.RequestAborted);
    }

    /// <summary>The body's SHA-256 (hex); the body stays readable for the endpoint.</summary>
    private static async Task<string> BodyDigestAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        request.EnableBuffering();
        var hash = await SHA256.HashDataAsync(request.Body, cancellationToken);
        request.Body.Position = 0;
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>A bare token or a structured-field string (<c>"..."</c>); null when absent, repeated, empty, too long or not visible ASCII.</summary>
    internal static string? ParseKey(Microsoft.Extensions.Primitives.StringValues values)
    {
        if (values.Count != 1 || values[0] is not { } raw) return null;
        var key = raw.Length >= 2 && raw[0] == '"' && raw[^1] == '"' ? raw[1..^1] : raw;
        if (key.Length is 0 or > MaxKeyLength) return null;
        foreach (var c in key)
            if (c is < '!' or > '~' or '"' or '\\') return null;
        return key;
    }

    private async Task PruneNowAndThenAsync()
    {
        var now = clock.GetUtcNow().UtcTicks;
        var due = Interlocked.Read(ref nextPruneTicks);
        if (now < due || Interlocked.CompareExchange(ref nextPruneTicks, now + PruneEvery.Ticks, due) != due) return;
        await keys.PruneAsync(CancellationToken.None);
    }
}
