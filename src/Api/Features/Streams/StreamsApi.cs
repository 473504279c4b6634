using System.Globalization;
using System.Net.WebSockets;
using Arena.Api.Infrastructure;
using Arena.Grains.Events;

namespace Arena.Api.Features.Streams;

/// <summary>
/// The WebSocket streams: <c>/ws/arena</c> (spectators, anonymous) and <c>/ws/me</c> (the caller's own events).
/// The protocol is docs/stream-protocol.md. Everything that can be refused before the upgrade is refused with a
/// problem document; after the upgrade, refusals are close codes (<see cref="StreamCloseCodes"/>).
/// </summary>
public static class StreamsApi
{
    /// <summary>Query parameters that would carry a session token in the URL (and so into logs and histories).</summary>
    private static readonly string[] TokenParameters = ["token", "access_token", "session", "arena_session"];

    public static IServiceCollection AddStreams(this IServiceCollection services)
    {
        services.AddSingleton<StreamConnections>();
        services.AddSingleton<EventFrames>();
        services.AddSingleton<EventStreams>();
        services.AddSingleton<StreamAuthentication>();
        services.AddHostedService<TickBroadcaster>();
        return services;
    }

    public static IEndpointRouteBuilder MapStreams(this IEndpointRouteBuilder app)
    {
        // Not in the OpenAPI document: OpenAPI describes request/response operations, and a stream's contract is its
        // messages and close codes, which docs/stream-protocol.md describes (and the stream tests check).
        var group = app.MapGroup("/ws").ExcludeFromDescription().RequireRateLimiting(RateLimits.AnonymousPolicy);
        group.MapGet("/arena", Arena);
        group.MapGet("/me", Me);
        return app;
    }

    public static async Task<Results<EmptyHttpResult, ValidationProblem, ProblemHttpResult>> Arena(
        HttpContext context, StreamConnections connections, EventStreams streams, IOptions<StreamOptions> options)
    {
        var admission = Admit(context, connections);
        if (admission.Refusal is { } refusal) return refusal;
        await AcceptAsync(context, connections, options.Value, admission,
            connection => streams.RunAsync(connection, EventAudience.Public, admission.Since, spectator: true));
        return TypedResults.Empty;
    }

    public static async Task<Results<EmptyHttpResult, ValidationProblem, ProblemHttpResult>> Me(
        HttpContext context, StreamConnections connections, EventStreams streams, StreamAuthentication authentication, IOptions<StreamOptions> options)
    {
        var admission = Admit(context, connections);
        if (admission.Refusal is { } refusal) return refusal;
        await AcceptAsync(context, connections, options.Value, admission, async connection =>
        {
            if (await authentication.AuthenticateAsync(context.Request, connection) is not { } caller) return;
            var watch = authentication.WatchSessionAsync(caller, connection);
            try
            {
                await streams.RunAsync(connection, EventAudience.OnlyUser(caller.Session.UserId), admission.Since, spectator: false);
            }
            finally
            {
                await watch;
            }
        });
        return TypedResults.Empty;
    }

    /// <summary>The outcome of the checks made before the upgrade (a refusal, or a reserved slot).</summary>
    private sealed record Admission(Results<EmptyHttpResult, ValidationProblem, ProblemHttpResult>? Refusal, long? Since = null, bool TokenInUrl = false);

    /// <summary>Refused before the upgrade: not a WebSocket request, a malformed <c>since</c>, a full silo. Otherwise a slot is reserved.</summary>
    private static Admission Admit(HttpContext context, StreamConnections connections)
    {
        var query = context.Request.Query;
        var tokenParameter = TokenParameters.FirstOrDefault(query.ContainsKey);
        if (!context.WebSockets.IsWebSocketRequest)
            return new(tokenParameter is not null
                ? Invalid(tokenParameter, "Session tokens are never accepted in the URL; use the session cookie, the Authorization header or the auth message.")
                : TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "This endpoint is a WebSocket stream.",
                    detail: "Connect with a WebSocket client (Upgrade: websocket); the protocol is docs/stream-protocol.md."));
        long? since = null;
        // A WebSocket request with a token in the URL is upgraded and closed with 1008: browsers cannot read a 400 body.
        if (tokenParameter is null && query.TryGetValue("since", out var values))
        {
            if (values.Count != 1 || !long.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                return new(Invalid("since", "since must be a non-negative integer: the last seq the client received."));
            since = value;
        }
        if (!connections.TryReserve())
            return new(TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "This silo is at its stream limit.",
                detail: "Retry later or connect to another silo.", extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = 5 }));
        return new(null, since, tokenParameter is not null);
    }

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The stream request is invalid.");

    /// <summary>Upgrades and runs the connection to its end; the slot reserved by <see cref="Admit"/> is released by then.</summary>
    private static async Task AcceptAsync(HttpContext context, StreamConnections connections, StreamOptions options, Admission admission,
        Func<StreamConnection, Task> session)
    {
        WebSocket socket;
        try
        {
            // Keep-alive by protocol Ping frames: a client that does not answer with a Pong within PingTimeout is aborted.
            socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
            {
                KeepAliveInterval = options.PingInterval,
                KeepAliveTimeout = options.PingTimeout,
            });
        }
        catch
        {
            connections.Release();
            throw;
        }
        var connection = new StreamConnection(socket, options, context.RequestServices.GetRequiredService<ILogger<StreamConnection>>());
        if (admission.TokenInUrl)
        {
            connection.Close(StreamCloseCodes.PolicyViolation, "session tokens are never accepted in the URL"); // and never looked up
            session = _ => Task.CompletedTask;
        }
        await connections.RunAsync(connection, session);
    }
}
