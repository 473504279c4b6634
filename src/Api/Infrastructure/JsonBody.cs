using System.Buffers;
using System.IO.Pipelines;
using System.Text.Unicode;
using Microsoft.Net.Http.Headers;

namespace Arena.Api.Infrastructure;

/// <summary>A request body read by <see cref="JsonBody.ReadAsync"/>: its bytes, or the problem to answer instead.</summary>
public readonly record struct BoundedBody(ReadOnlyMemory<byte> Bytes, ProblemHttpResult? Problem);

/// <summary>
/// Reads a JSON request body with a hard cap for endpoints that need the exact bytes (raw JSON values,
/// merge patches). The body is read through the pipe and refused with 413 as soon as it passes the cap,
/// so at most the cap plus one pipe segment is ever held, whatever Kestrel's global limit is.
/// </summary>
public static class JsonBody
{
    public static readonly string[] Json = ["application/json"];

    public static readonly string[] JsonOrMergePatch = ["application/merge-patch+json", "application/json"];

    /// <param name="field">The name problems give the body (the field it stands for).</param>
    public static async Task<BoundedBody> ReadAsync(HttpRequest request, int maxBytes, IReadOnlyCollection<string> mediaTypes, string field = "body")
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !mediaTypes.Contains(type.MediaType.Value, StringComparer.OrdinalIgnoreCase))
            return Refuse(TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type.",
                detail: $"Send the body as {string.Join(" or ", mediaTypes)}."));
        BoundedBody TooLarge() => Refuse(Rejection.TooLarge(field, $"The body is limited to {maxBytes} bytes.").ToProblem());
        if (request.ContentLength > maxBytes) return TooLarge();

        var reader = request.BodyReader;
        while (true)
        {
            ReadResult read;
            try
            {
                read = await reader.ReadAsync(request.HttpContext.RequestAborted);
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                // The route's own limit (RequestLimits) cut the body off within one read: it is past this cap too.
                return TooLarge();
            }
            var buffer = read.Buffer;
            if (buffer.Length > maxBytes)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                return TooLarge();
            }
            if (read.IsCompleted)
            {
                var bytes = buffer.ToArray();
                reader.AdvanceTo(buffer.End);
                // JSON is UTF-8 (RFC 8259); decoding anything else would silently alter what is stored.
                return Utf8.IsValid(bytes)
                    ? new BoundedBody(bytes, null)
                    : Refuse(Rejection.Invalid(field, "The body is not valid UTF-8.").ToProblem());
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static BoundedBody Refuse(ProblemHttpResult problem) => new(ReadOnlyMemory<byte>.Empty, problem);
}
