using FastEndpoints;

namespace Arena.Api.Infrastructure;

/// <summary>
/// What an endpoint declares in <c>Configure()</c> besides its verb and routes, each documenting the answers it adds:
/// who may call it, its tag and summary, and the problems its handler can return.
/// </summary>
public static class EndpointConventions
{
    /// <summary>The OpenAPI tag and one-line summary.</summary>
    public static EndpointDefinition Documented(this EndpointDefinition endpoint, string tag, string summary)
    {
        // Description, not Tags(): FastEndpoints' Tags() only filter registration and never reach the document.
        endpoint.Description(b => b.WithTags(tag));
        endpoint.Summary(s => s.Summary = summary);
        return endpoint;
    }

    /// <summary>Anyone may call it.</summary>
    public static EndpointDefinition Public(this EndpointDefinition endpoint)
    {
        endpoint.AllowAnonymous();
        return endpoint;
    }

    /// <summary>Signed-in users only (every endpoint is, unless <see cref="Public"/>); documents 401.</summary>
    public static EndpointDefinition SignedIn(this EndpointDefinition endpoint) => endpoint.Rejects(StatusCodes.Status401Unauthorized);

    /// <summary>Admins only; documents 401 and 403.</summary>
    public static EndpointDefinition Admin(this EndpointDefinition endpoint)
    {
        endpoint.Policies(CurrentUser.AdminPolicy);
        return endpoint.Rejects(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
    }

    /// <summary>Documents the problem statuses the handler's rejections can produce (404, 409, 429, ...).</summary>
    public static EndpointDefinition Rejects(this EndpointDefinition endpoint, params int[] statuses)
    {
        endpoint.Description(b =>
        {
            foreach (var status in statuses) b.ProducesProblem(status);
        });
        return endpoint;
    }

    /// <summary>For a handler that reads its body itself (<see cref="JsonBody"/>): documents the body's schema and media types.</summary>
    public static EndpointDefinition AcceptsBody<TBody>(this EndpointDefinition endpoint, params string[] mediaTypes) where TBody : notnull
    {
        endpoint.Description(b => b.Accepts<TBody>(mediaTypes[0], mediaTypes[1..]).ProducesValidationProblem());
        return endpoint.Rejects(StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
    }
}
