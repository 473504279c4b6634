using System.Net.Http.Headers;
using Xunit.Abstractions;

namespace Arena.Tests.Abuse;

/// <summary>What an abusive request must get back.</summary>
public sealed record Expectation(string Text, Func<int, bool> Status, bool Problem = true, string? NamedField = null, Guid? UnchangedRowsOf = null)
{
    /// <summary>A 2xx is allowed and may write (another user's name in their own namespace).</summary>
    public bool MayWriteWhenAccepted { get; init; }

    /// <summary>A body carrying a credential: a broken one is a wrong credential, so a 401 needs to name no member.</summary>
    public bool CredentialBody { get; init; }

    /// <summary>Tables a refusal may write by design (a failed sign-in is counted in the throttle: that is the defence).</summary>
    public IReadOnlyCollection<string> RefusalMayWrite { get; init; } = [];

    public static Expectation Exactly(HttpStatusCode status) => new(((int)status).ToString(CultureInfo.InvariantCulture), s => s == (int)status);

    public static Expectation ClientError(string? field = null) => new("4xx", s => s is >= 400 and < 500, NamedField: field);
}

/// <summary>
/// Runs abusive requests one at a time and collects every way an answer falls short (status, problem body, field named, a
/// write, the owner's rows), so one test reports all of a category's failures at once.
/// </summary>
public sealed class AbuseProbe(ArenaServer server, string category, ITestOutputHelper output)
{
    private readonly List<string> failures = [];

    public int Cases { get; private set; }

    public void Fail(string failure) => failures.Add(failure);

    public async Task RunAsync(string name, HttpClient client, HttpMethod method, string path, string? contentType, string? body, Expectation expected)
    {
        Cases++;
        var before = await TableChecksums.TakeAsync(server);
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType ?? "application/json");
        }
        int status;
        string text;
        string? mediaType;
        try
        {
            using var response = await client.SendAsync(request);
            (status, text, mediaType) = ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
        }
        catch (HttpRequestException e)
        {
            // Kestrel may close the connection on a refused oversized body before the client finished sending it.
            (status, text, mediaType) = (0, e.Message, null);
        }

        var wrong = new List<string>();
        if (!expected.Status(status)) wrong.Add($"expected {expected.Text}");
        var accepted = status is >= 200 and < 300;
        if (!accepted && expected.Problem)
            wrong.AddRange(ProblemShortfalls(status, text, mediaType, status == 401 && expected.CredentialBody ? null : expected.NamedField));

        var after = await TableChecksums.TakeAsync(server);
        if (after.ChangedTables(before).Count > 0) after = await TableChecksums.SettledAsync(server);
        var changed = after.ChangedTables(before).Except(accepted ? [] : expected.RefusalMayWrite).ToArray();
        if (changed.Length > 0 && !(accepted && expected.MayWriteWhenAccepted)) wrong.Add("wrote " + string.Join(", ", changed));
        if (expected.UnchangedRowsOf is { } owner && after.RowsMentioning(owner) != before.RowsMentioning(owner)) wrong.Add("changed the owner's rows");

        if (wrong.Count > 0) failures.Add($"{method} {Shorten(path)} {name} → {(status == 0 ? "connection closed" : status)}: {string.Join("; ", wrong)}  [{Shorten(text)}]");
    }

    /// <summary>Writes the count (the line to quote) and fails with every shortfall, one per line.</summary>
    public void Report(Dialect dialect)
    {
        var line = $"Abuse suite, {dialect}, {category}: {Cases} cases, {failures.Count} failed";
        output.WriteLine(line);
        foreach (var failure in failures) output.WriteLine(failure);
        Assert.True(failures.Count == 0, line + Environment.NewLine + string.Join(Environment.NewLine, failures));
    }

    private static IEnumerable<string> ProblemShortfalls(int status, string text, string? mediaType, string? field)
    {
        if (status == 0) yield break;
        if (mediaType != "application/problem+json") yield return $"content type {mediaType ?? "none"}, not a problem";
        JsonObject? problem = null;
        try
        {
            problem = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
        }
        if (problem is null)
        {
            yield return "no problem body";
            yield break;
        }
        if (problem["status"]?.GetValue<int>() != status) yield return "problem status differs";
        if (field is not null && !Names(problem["errors"] as JsonObject, field)) yield return $"errors do not name '{field}'";
    }

    /// <summary>An error key names the field if it is its JSON path, with or without the <c>$.</c> of System.Text.Json, in any case.</summary>
    private static bool Names(JsonObject? errors, string field) =>
        errors?.Any(e => string.Equals(e.Key.TrimStart('$').TrimStart('.'), field, StringComparison.OrdinalIgnoreCase)) == true;

    private static string Shorten(string text)
    {
        text = text.ReplaceLineEndings(" ");
        return text.Length <= 160 ? text : text[..160] + $"…({text.Length} chars)";
    }
}
