using System.Net.WebSockets;

namespace Arena.Api.Features.Streams;

/// <summary>The close codes the streams use (docs/stream-protocol.md, "Close codes"); a test checks each one it can cause.</summary>
public static class StreamCloseCodes
{
    /// <summary>The client closed; the server answers with the same code.</summary>
    public const WebSocketCloseStatus Normal = WebSocketCloseStatus.NormalClosure;

    /// <summary>The silo is shutting down: reconnect (to any silo) with <c>since</c>.</summary>
    public const WebSocketCloseStatus GoingAway = WebSocketCloseStatus.EndpointUnavailable;

    /// <summary>The client sent a binary message; the protocol is JSON text.</summary>
    public const WebSocketCloseStatus Unsupported = WebSocketCloseStatus.InvalidMessageType;

    /// <summary>A session token in the URL (<c>?token=</c>, <c>?access_token=</c>, ...): refused, never looked up.</summary>
    public const WebSocketCloseStatus PolicyViolation = WebSocketCloseStatus.PolicyViolation;

    /// <summary>The client sent a message over <see cref="StreamOptions.MaxIncomingMessageBytes"/>.</summary>
    public const WebSocketCloseStatus TooBig = WebSocketCloseStatus.MessageTooBig;

    /// <summary>An unexpected server failure: reconnect with <c>since</c>.</summary>
    public const WebSocketCloseStatus InternalError = WebSocketCloseStatus.InternalServerError;

    /// <summary><c>/ws/me</c>: no valid session (bad or missing credentials, no <c>auth</c> in time, or the session ended).</summary>
    public const WebSocketCloseStatus Unauthorized = (WebSocketCloseStatus)4001;

    /// <summary>The client read too slowly and its queue overflowed: reconnect with <c>since</c>.</summary>
    public const WebSocketCloseStatus TooSlow = (WebSocketCloseStatus)4008;

    /// <summary>
    /// Never sent (RFC 6455 reserves 1006 for "closed without a close frame"): the connection was dropped because the
    /// client stopped answering Pings, did not take a message within SendTimeout, or the network failed.
    /// </summary>
    public const WebSocketCloseStatus Abnormal = (WebSocketCloseStatus)1006;
}
