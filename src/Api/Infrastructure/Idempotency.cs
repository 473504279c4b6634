using FastEndpoints;

namespace Arena.Api.Infrastructure;

/// <summary>
/// Marks a money-moving endpoint as accepting an <c>Idempotency-Key</c> header (IETF httpapi idempotency-key draft):
/// the same key with the same body replays the first answer, another body is a 422, a concurrent duplicate a 409.
/// </summary>
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
