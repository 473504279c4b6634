namespace Arena.Grains.Common;

[GenerateSerializer]
public enum RejectionKind { Invalid, NotFound, Conflict, Forbidden, Unauthorized, TooManyRequests, TooLarge, Busy }

/// <summary>
/// An expected refusal (bad input, missing row, limit reached). Returned as a value, never thrown:
/// an exception escaping a grain call means memory may disagree with the database, a rejection does not.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record Rejection([Id(0)] RejectionKind Kind, [Id(1)] string Title, [Id(2)] string? Detail = null, [Id(3)] IReadOnlyDictionary<string, string[]>? Errors = null)
{
    [Id(4)] public TimeSpan? RetryAfter { get; init; }

    public static Rejection Invalid(IReadOnlyDictionary<string, string[]> errors, string title = "The request is invalid.") =>
        new(RejectionKind.Invalid, title, Errors: errors);

    public static Rejection Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static Rejection NotFound(string detail) => new(RejectionKind.NotFound, "Not found.", detail);

    public static Rejection Conflict(string detail, string? field = null) =>
        new(RejectionKind.Conflict, "Conflict.", detail, field is null ? null : new Dictionary<string, string[]> { [field] = [detail] });

    public static Rejection Forbidden(string detail) => new(RejectionKind.Forbidden, "Forbidden.", detail);

    public static Rejection Unauthorized(string detail) => new(RejectionKind.Unauthorized, "Unauthorized.", detail);

    /// <summary>A value over a size limit (HTTP 413), naming the field.</summary>
    public static Rejection TooLarge(string field, string detail) =>
        new(RejectionKind.TooLarge, "Too large.", detail, new Dictionary<string, string[]> { [field] = [detail] });

    public static Rejection TooManyRequests(string detail, TimeSpan retryAfter) =>
        new(RejectionKind.TooManyRequests, "Too many requests.", detail) { RetryAfter = retryAfter };

    /// <summary>The server cannot take this on now (HTTP 503), not the caller's fault; retry after the given time.</summary>
    public static Rejection Busy(string detail, TimeSpan retryAfter) =>
        new(RejectionKind.Busy, "Busy.", detail) { RetryAfter = retryAfter };
}

/// <summary>A value or the reason there is none.</summary>
[GenerateSerializer, Immutable]
public readonly record struct Result<T>
{
    private Result(T? value, Rejection? rejection)
    {
        Value = value;
        Rejection = rejection;
    }

    [Id(0)] public T? Value { get; init; }

    [Id(1)] public Rejection? Rejection { get; init; }

    public bool IsOk => Rejection is null;

    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(Rejection rejection) => new(default, rejection);
}

/// <summary>Collects field errors; field names are the JSON (camelCase) names the client sent.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> errors = [];

    public bool Any => errors.Count > 0;

    public FieldErrors Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
        list.Add(message);
        return this;
    }

    public FieldErrors Require(bool condition, string field, string message) => condition ? this : Add(field, message);

    public IReadOnlyDictionary<string, string[]> ToDictionary() => errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public Rejection ToRejection() => Rejection.Invalid(ToDictionary());
}
