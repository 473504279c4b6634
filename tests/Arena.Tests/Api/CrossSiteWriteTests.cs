using Arena.Tests.Features.Admin;
using Arena.Tests.Providers;

namespace Arena.Tests.Api;

/// <summary>A silo that lists one foreign origin (a separately hosted front end) and runs no bot turns.</summary>
public abstract class BrowserArena(Dialect dialect) : VaultArena(dialect)
{
    public const string FrontEnd = "https://app.example.test";

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Arena:Http:AllowedOrigins:0"] = FrontEnd;
            settings["Arena:Bots:RunEngine"] = "false";
            return settings;
        }
    }
}

public sealed class SqliteBrowserArena() : BrowserArena(Dialect.Sqlite);

public sealed class PostgresBrowserArena() : BrowserArena(Dialect.Postgres);

/// <summary>
/// A write that the session cookie authenticates must come from the server's own origin or a listed one: a foreign page
/// can make the browser send the cookie (a form post needs no preflight), but it cannot forge the Origin header.
/// </summary>
public abstract class CrossSiteWriteTests(BrowserArena arena)
{
    private const string Evil = "https://evil.example";

    private ArenaServer Server => arena.Server;

    private string Own => Server.BaseAddress.GetLeftPart(UriPartial.Authority);

    [Fact]
    public async Task An_admin_cookie_with_a_foreign_origin_and_a_form_body_does_not_pause_a_bot()
    {
        var admin = await Server.RegisterAdminAsync();
        var id = (await admin.CreateBotAsync(await admin.CreateRulesProviderAsync()))["id"]!.GetValue<string>();

        var refused = await SendAsync(HttpMethod.Post, $"/api/admin/bots/{id}/pause", cookie: admin.Token, origin: Evil, body: new FormUrlEncodedContent([]));

        var problem = await refused.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("origin", problem["detail"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.False((await (await admin.Client.GetAsync($"/api/admin/bots/{id}")).AssertOkJsonAsync())["isPaused"]!.GetValue<bool>());
        await (await SendAsync(HttpMethod.Post, $"/api/admin/bots/{id}/pause", cookie: admin.Token, origin: Own)).AssertOkJsonAsync();
    }

    [Fact]
    public async Task Logout_and_revoking_the_other_sessions_by_a_foreign_page_change_nothing()
    {
        var user = await Server.RegisterAsync();
        using var anonymous = Server.CreateClient();
        var second = (await (await anonymous.PostAsJsonAsync("/api/auth/login", new { login = user.Email, password = user.Password })).AssertOkJsonAsync())["token"]!.GetValue<string>();

        await (await SendAsync(HttpMethod.Post, "/api/auth/logout", cookie: user.Token, origin: Evil)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await SendAsync(HttpMethod.Post, "/api/auth/sessions/revoke-others", cookie: user.Token, origin: Evil)).AssertProblemAsync(HttpStatusCode.Forbidden);

        await (await user.Client.GetAsync("/api/auth/session")).AssertOkJsonAsync();
        using var other = Server.CreateClient(second);
        await (await other.GetAsync("/api/auth/session")).AssertOkJsonAsync();
    }

    [Fact]
    public async Task Reading_all_notifications_and_dismissing_an_insight_need_a_trusted_origin()
    {
        var user = await Server.RegisterAsync();
        foreach (var (path, origin, expected) in new[]
                 {
                     ("/api/notifications/read-all", Evil, HttpStatusCode.Forbidden),
                     ("/api/insights/insight-1/dismiss", Evil, HttpStatusCode.Forbidden),
                     ("/api/insights/insight-1/dismiss", "null", HttpStatusCode.Forbidden),
                     ("/api/notifications/read-all", Own, HttpStatusCode.OK),
                     ("/api/insights/insight-1/dismiss", BrowserArena.FrontEnd, HttpStatusCode.OK),
                 })
        {
            var response = await SendAsync(HttpMethod.Post, path, cookie: user.Token, origin: origin, body: new StringContent("a=1", Encoding.UTF8, "text/plain"));
            if (expected == HttpStatusCode.Forbidden) await response.AssertProblemAsync(expected);
            else Assert.True(response.IsSuccessStatusCode, $"{path} from {origin}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task Without_an_origin_the_referer_decides_and_without_either_a_cookie_write_is_refused()
    {
        var user = await Server.RegisterAsync();

        await (await SendAsync(HttpMethod.Post, "/api/notifications/read-all", cookie: user.Token)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await SendAsync(HttpMethod.Post, "/api/notifications/read-all", cookie: user.Token, referer: Evil + "/page")).AssertProblemAsync(HttpStatusCode.Forbidden);
        var own = await SendAsync(HttpMethod.Post, "/api/notifications/read-all", cookie: user.Token, referer: Own + "/app/settings?tab=1");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task Bearer_tokens_anonymous_writes_and_cookie_reads_are_not_origin_checked()
    {
        var user = await Server.RegisterAsync();

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, "/api/notifications/read-all", bearer: user.Token, origin: Evil)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/api/auth/session", cookie: user.Token, origin: Evil)).StatusCode);
        var login = await SendAsync(HttpMethod.Post, "/api/auth/login", origin: Evil,
            body: JsonContent.Create(new { login = user.Email, password = user.Password }));
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    [Fact]
    public async Task The_test_clients_cookie_jar_presents_the_servers_own_origin()
    {
        var user = await Server.RegisterAsync();
        var cookies = new CookieContainer();
        cookies.Add(Server.BaseAddress, new Cookie("arena_session", user.Token));
        using var browser = Server.CreateClient(cookies: cookies);
        Assert.Equal(HttpStatusCode.OK, (await browser.PostAsync("/api/notifications/read-all", null)).StatusCode);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? cookie = null, string? bearer = null,
        string? origin = null, string? referer = null, HttpContent? body = null)
    {
        using var client = Server.CreateClient(bearer);
        using var request = new HttpRequestMessage(method, path) { Content = body };
        if (cookie is not null) request.Headers.Add("Cookie", "arena_session=" + cookie);
        if (origin is not null) request.Headers.Add("Origin", origin);
        if (referer is not null) request.Headers.Referrer = new Uri(referer);
        return await client.SendAsync(request);
    }
}

public sealed class CrossSiteWriteTestsOnSqlite(SqliteBrowserArena arena) : CrossSiteWriteTests(arena), IClassFixture<SqliteBrowserArena>;

public sealed class CrossSiteWriteTestsOnPostgres(PostgresBrowserArena arena) : CrossSiteWriteTests(arena), IClassFixture<PostgresBrowserArena>;
