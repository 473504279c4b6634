using Arena.Tests.Features.Wallet;

namespace Arena.Tests.Api;

/// <summary>What a browser is told on every answer, who may read the API cross-origin, and the size of what it may send.</summary>
public sealed class BrowserDefenceTests(SqliteBrowserArena arena) : IClassFixture<SqliteBrowserArena>
{
    private ArenaServer Server => arena.Server;

    [Fact]
    public async Task Every_answer_carries_the_security_headers_problems_and_404s_included()
    {
        using var client = Server.CreateClient();
        foreach (var path in new[] { "/api/market/symbols", "/health/live", "/api/auth/session", "/api/no-such-route", "/openapi/v1.json" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
            Assert.Equal("DENY", Header(response, "X-Frame-Options"));
            Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
            Assert.Equal("default-src 'none'; frame-ancestors 'none'", Header(response, "Content-Security-Policy"));
            Assert.Null(Header(response, "Strict-Transport-Security"));
        }

        // Swagger UI is a page with its own scripts and styles: it may not be framed, but it may run.
        var swagger = await client.GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, swagger.StatusCode);
        Assert.Equal("frame-ancestors 'none'", Header(swagger, "Content-Security-Policy"));
        Assert.Equal("DENY", Header(swagger, "X-Frame-Options"));
    }

    [Fact]
    public async Task Answers_that_carry_or_set_a_session_are_never_stored()
    {
        using var anonymous = Server.CreateClient();
        var name = "nc" + Guid.NewGuid().ToString("N")[..10];
        const string password = "correct horse battery";
        var register = await anonymous.PostAsJsonAsync("/api/auth/register", new { email = $"{name}@example.test", username = name, password });
        var token = (await register.AssertOkJsonAsync(HttpStatusCode.Created))["token"]!.GetValue<string>();
        var login = await anonymous.PostAsJsonAsync("/api/auth/login", new { login = name, password });
        var wrongPassword = await anonymous.PostAsJsonAsync("/api/auth/login", new { login = name, password = "not the password at all" });
        using var user = Server.CreateClient(token);
        var session = await user.GetAsync("/api/auth/session");
        var profile = await user.GetAsync("/api/profile");
        var wallet = TestWallet.Create();
        var message = await anonymous.ChallengeAsync(wallet.Address);
        var verify = await anonymous.ProveAsync(message, wallet.Sign(message));
        var logout = await user.PostAsync("/api/auth/logout", null);

        foreach (var response in new[] { register, login, wrongPassword, session, profile, verify, logout })
            Assert.True(response.Headers.CacheControl?.NoStore == true, $"{response.RequestMessage!.RequestUri}: Cache-Control {response.Headers.CacheControl}");
    }

    [Fact]
    public async Task Over_https_from_the_local_proxy_the_cookie_is_secure_and_hsts_is_sent()
    {
        using var client = Server.CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        var name = "tls" + Guid.NewGuid().ToString("N")[..10];
        var register = await client.PostAsJsonAsync("/api/auth/register", new { email = $"{name}@example.test", username = name, password = "correct horse battery" });

        await register.AssertOkJsonAsync(HttpStatusCode.Created);
        var cookie = register.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("arena_session=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie.Split(';', StringSplitOptions.TrimEntries), StringComparer.OrdinalIgnoreCase);
        Assert.StartsWith("max-age=", Header(register, "Strict-Transport-Security"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cors_answers_only_the_listed_origin_exactly_and_with_credentials()
    {
        using var client = Server.CreateClient();
        var allowed = await client.SendAsync(Preflight("/api/notifications/read-all", BrowserArena.FrontEnd));
        Assert.True(allowed.IsSuccessStatusCode, $"{(int)allowed.StatusCode}");
        Assert.Equal(BrowserArena.FrontEnd, Header(allowed, "Access-Control-Allow-Origin"));
        Assert.Equal("true", Header(allowed, "Access-Control-Allow-Credentials"));

        foreach (var origin in new[] { "https://evil.example", "https://app.example.test.evil.example", "http://app.example.test" })
            Assert.Null(Header(await client.SendAsync(Preflight("/api/notifications/read-all", origin)), "Access-Control-Allow-Origin"));

        using var read = new HttpRequestMessage(HttpMethod.Get, "/api/market/symbols");
        read.Headers.Add("Origin", BrowserArena.FrontEnd);
        var answer = await client.SendAsync(read);
        Assert.Equal(BrowserArena.FrontEnd, Header(answer, "Access-Control-Allow-Origin"));
        Assert.Contains("X-Request-Id", Header(answer, "Access-Control-Expose-Headers") ?? "", StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_body_over_64_kib_is_a_413_problem_with_or_without_a_content_length()
    {
        using var client = Server.CreateClient();
        var big = JsonSerializer.Serialize(new { login = new string('a', 70 * 1024), password = "x" });

        var declared = await client.PostAsync("/api/auth/login", new StringContent(big, Encoding.UTF8, "application/json"));
        await declared.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "body");

        // Kestrel stops reading a chunked body at the limit and closes the connection after the answer; a client still
        // sending may see the reset instead of the answer, so a few tries are allowed, but any answer must be the 413.
        for (var attempt = 1; ; attempt++)
        {
            var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
            chunked.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = chunked };
            request.Headers.TransferEncodingChunked = true;
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request);
            }
            catch (HttpRequestException) when (attempt < 5)
            {
                continue;
            }
            await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "body");
            return;
        }
    }

    [Fact]
    public async Task The_import_and_the_admin_routes_take_the_larger_bodies_they_need()
    {
        var user = await Server.RegisterAsync();
        var entries = Enumerable.Range(0, 8).ToDictionary(i => $"unrelated_key_{i}", _ => new string('v', 128 * 1024));
        var import = await user.Client.PostAsJsonAsync("/api/import/local-storage", new { entries });
        Assert.True(import.StatusCode != HttpStatusCode.RequestEntityTooLarge, await import.Content.ReadAsStringAsync());

        var admin = await Server.RegisterAdminAsync();
        var longName = await admin.Client.PostAsJsonAsync("/api/admin/providers", new { id = "p", name = new string('n', 100 * 1024), kind = "rules", strategy = "momentum" });
        await longName.AssertProblemAsync(HttpStatusCode.BadRequest, "name");
    }

    [Fact]
    public async Task A_request_line_or_headers_over_the_limits_get_problem_bodies()
    {
        using var client = Server.CreateClient();
        var longUrl = await client.GetAsync("/api/market/symbols?q=" + new string('a', 10 * 1024));
        await longUrl.AssertProblemAsync(HttpStatusCode.RequestUriTooLong);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/market/symbols");
        for (var i = 0; i < 5; i++) request.Headers.Add($"X-Padding-{i}", new string('p', 8 * 1024));
        await (await client.SendAsync(request)).AssertProblemAsync(HttpStatusCode.RequestHeaderFieldsTooLarge);
    }

    private static HttpRequestMessage Preflight(string path, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return request;
    }

    internal static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(", ", values) : null;
}

/// <summary>A silo with no <c>Arena:Http:AllowedOrigins</c>: no cross-origin reader is answered.</summary>
public sealed class CorsOffTests(SqliteArena arena) : IClassFixture<SqliteArena>
{
    [Fact]
    public async Task Without_allowed_origins_cors_is_off()
    {
        using var client = arena.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/market/symbols");
        request.Headers.Add("Origin", "https://app.example.test");
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(BrowserDefenceTests.Header(response, "Access-Control-Allow-Origin"));
    }
}

public sealed class HttpOptionsTests
{
    [Fact]
    public void Wildcards_paths_and_unparseable_proxies_are_refused_at_start_by_name()
    {
        var options = new Arena.Api.Infrastructure.HttpOptions
        {
            AllowedOrigins = ["https://*.example.com", "https://app.example.com/app", "*", "https://App.Example.com:443"],
            KnownProxies = ["10.0.0.5", "nginx"],
            KnownNetworks = ["10.0.0.0/8", "10.0.0.0"],
        };
        var problems = options.Problems().ToArray();
        Assert.Equal(5, problems.Length);
        Assert.Contains(problems, p => p.Contains("'nginx'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'10.0.0.0'", StringComparison.Ordinal));
        Assert.Equal(["https://app.example.com"], options.NormalizedOrigins().Where(o => o.StartsWith("https://app", StringComparison.Ordinal)));
    }
}
