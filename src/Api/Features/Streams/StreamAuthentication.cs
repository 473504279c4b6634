using Arena.Api.Infrastructure;
using System.Threading.Channels;
using Arena.Grains.Auth;

namespace Arena.Api.Features.Streams;

/// <summary>
/// Who is on the other end of <c>/ws/me</c>: a session token from the <c>Authorization</c> header, else the session
/// cookie, else the client's first message <c>{"type":"auth","token":"..."}</c>. Never from the URL. Every failure
/// closes with 4001; an open stream re-checks its session and closes with 4001 once it ends (sign-out, revocation,
/// expiry).
/// </summary>
public sealed class StreamAuthentication(SessionStore sessions, IOptions<StreamOptions> options)
{
    private readonly StreamOptions settings = options.Value;

    public sealed record Caller(SessionPrincipal Session, string Token);

    public async Task<Caller?> AuthenticateAsync(HttpRequest request, StreamConnection connection)
    {
        var token = PresentedToken(request) ?? await ReadAuthMessageAsync(connection);
        if (token is null) return null;
        if (await sessions.ValidateAsync(token, connection.Closing) is { } session) return new Caller(session, token);
        connection.Close(StreamCloseCodes.Unauthorized, "the session token is unknown, expired or revoked");
        return null;
    }

    /// <summary>Re-validates the session every <see cref="StreamOptions.SessionCheckInterval"/> until the connection closes.</summary>
    public async Task WatchSessionAsync(Caller caller, StreamConnection connection)
    {
        using var timer = new PeriodicTimer(settings.SessionCheckInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(connection.Closing))
            {
                SessionPrincipal? session;
                try
                {
                    session = await sessions.ValidateAsync(caller.Token, connection.Closing);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    continue; // the database is unreachable for a moment: not evidence that the session ended
                }
                if (session is null)
                {
                    connection.Close(StreamCloseCodes.Unauthorized, "the session ended");
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// The header's bearer token, else the cookie, but the cookie only on a same-origin handshake: browsers attach
    /// cookies to cross-site WebSocket handshakes, so a foreign page must not ride on them (the client can still
    /// authenticate explicitly with the auth message).
    /// </summary>
    private static string? PresentedToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header["Bearer ".Length..].Trim();
        if (!request.Cookies.TryGetValue(SessionAuthenticationHandler.CookieName, out var cookie) || string.IsNullOrEmpty(cookie)) return null;
        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0 || (Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)) ? cookie : null;
    }

    private async Task<string?> ReadAuthMessageAsync(StreamConnection connection)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(connection.Closing);
        deadline.CancelAfter(settings.AuthTimeout);
        byte[] message;
        try
        {
            message = await connection.Incoming.ReadAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!connection.Closing.IsCancellationRequested)
        {
            connection.Close(StreamCloseCodes.Unauthorized, $"not authenticated within {settings.AuthTimeout.TotalSeconds:0.#} s");
            return null;
        }
        catch (ChannelClosedException)
        {
            return null; // the client went away
        }
        if (ParseAuth(message) is { } token) return token;
        connection.Close(StreamCloseCodes.Unauthorized, "expected {\"type\":\"auth\",\"token\":\"...\"} as the first message");
        return null;
    }

    private static string? ParseAuth(byte[] message)
    {
        try
        {
            using var document = JsonDocument.Parse(message);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object && JsonStrings.FindInvalidText(root, "") is null
                   && root.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "auth"
                   && root.TryGetProperty("token", out var token) && token.ValueKind == JsonValueKind.String
                ? token.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
