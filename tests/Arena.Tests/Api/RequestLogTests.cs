namespace Arena.Tests.Api;

/// <summary>
/// The request log of a real silo process with <c>Arena:Logging:Json=true</c>: every console line one compact JSON
/// object, one summary line per request with its route template, status, elapsed time, request id and user, and no
/// token, cookie, password or query string anywhere.
/// </summary>
public sealed class RequestLogTests
{
    [Fact]
    public async Task Each_request_logs_one_json_line_with_route_status_time_ids_and_no_secrets()
    {
        await using var silo = SiloProcess.Start("log", DatabaseTarget.NewSqlite(), new Dictionary<string, string?>
        {
            ["Arena:Logging:Json"] = "true",
            ["Serilog:MinimumLevel:Default"] = "Information",
            ["Serilog:MinimumLevel:Override:Orleans"] = "Warning",
        });
        await silo.WaitReadyAsync(TimeSpan.FromSeconds(60));
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = silo.BaseAddress };
        const string Password = "pw-marker-correct-horse";

        var register = await SendAsync(client, "req-register", HttpMethod.Post, "/api/auth/register",
            JsonContent.Create(new { email = "logged@example.test", username = "logged_user", password = Password }));
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        var body = (await register.Content.ReadFromJsonAsync<JsonObject>())!;
        var token = body["token"]!.GetValue<string>();
        var userId = body["user"]!["id"]!.GetValue<string>();
        var withBearer = await SendAsync(client, "req-bearer", HttpMethod.Get, "/api/auth/session", token: token);
        Assert.Equal(HttpStatusCode.OK, withBearer.StatusCode);
        var withCookie = await SendAsync(client, "req-cookie", HttpMethod.Get, "/api/preferences", cookie: token);
        Assert.Equal(HttpStatusCode.OK, withCookie.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(client, "req-trades", HttpMethod.Get, "/api/bots/nobody/trades?cursor=query-marker")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(client, "req-missing", HttpMethod.Get, "/no/such/path?token=query-marker")).StatusCode);

        var requests = new Dictionary<string, JsonObject>();
        for (var attempt = 0; attempt < 50 && requests.Count < 5; attempt++)
        {
            await Task.Delay(100);
            requests = Lines(silo).Where(l => l["SourceContext"]?.GetValue<string>() == "Serilog.AspNetCore.RequestLoggingMiddleware")
                .Where(l => l["RequestId"]!.GetValue<string>().StartsWith("req-", StringComparison.Ordinal))
                .GroupBy(l => l["RequestId"]!.GetValue<string>())
                .ToDictionary(g => g.Key, g => Assert.Single(g));
        }

        Assert.Equal(["req-bearer", "req-cookie", "req-missing", "req-register", "req-trades"], requests.Keys.Order(StringComparer.Ordinal));
        AssertLine(requests["req-register"], "POST", "/api/auth/register", 201, userId: null);
        AssertLine(requests["req-bearer"], "GET", "/api/auth/session", 200, userId);
        AssertLine(requests["req-cookie"], "GET", "/api/preferences", 200, userId);
        AssertLine(requests["req-trades"], "GET", "/api/bots/{id}/trades", 400, userId: null);
        AssertLine(requests["req-missing"], "GET", "/no/such/path", 404, userId: null);
        Assert.All(silo.Output, line =>
        {
            Assert.DoesNotContain(token, line, StringComparison.Ordinal);
            Assert.DoesNotContain(Password, line, StringComparison.Ordinal);
            Assert.DoesNotContain("query-marker", line, StringComparison.Ordinal);
        });
    }

    private static void AssertLine(JsonObject line, string method, string route, int status, string? userId)
    {
        Assert.Equal(method, line["RequestMethod"]!.GetValue<string>());
        Assert.Equal(route, line["RouteTemplate"]!.GetValue<string>());
        Assert.Equal(status, line["StatusCode"]!.GetValue<int>());
        Assert.True(line["Elapsed"]!.GetValue<double>() > 0);
        Assert.Equal(userId, line["UserId"]?.GetValue<string>());
        Assert.StartsWith($"HTTP {method} {route} responded {status} in ", line["@m"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    /// <summary>Every console line parsed: each must be one JSON object in the compact format (a timestamp under <c>@t</c>).</summary>
    private static List<JsonObject> Lines(SiloProcess silo) => silo.Output.Select(line =>
    {
        var parsed = JsonNode.Parse(line) as JsonObject;
        Assert.True(parsed?["@t"] is not null, $"not a compact JSON log line: {line}");
        return parsed!;
    }).ToList();

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string requestId, HttpMethod method, string path,
        HttpContent? content = null, string? token = null, string? cookie = null)
    {
        var message = new HttpRequestMessage(method, path) { Content = content };
        message.Headers.Add("X-Request-Id", requestId);
        if (token is not null) message.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        if (cookie is not null) message.Headers.Add("Cookie", $"arena_session={cookie}");
        return client.SendAsync(message);
    }
}
