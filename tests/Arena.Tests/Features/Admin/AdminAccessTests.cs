using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Arena.Tests.Features.Admin;

/// <summary>OWASP API5 (broken function level authorization): every admin route refuses anonymous callers and plain users, and changes nothing.</summary>
public abstract partial class AdminAccessTests(AdminArena arena)
{
    private const string Provider = "guarded-provider";
    private const string SpareProvider = "guarded-spare";
    private const string Bot = "guarded-bot";
    private const string CredentialName = "guarded-credential";

    private ArenaServer Server => arena.Server;

    /// <summary>Every admin route (as mapped), with a body that would change something if it were let through.</summary>
    public static TheoryData<string, string> Routes => new()
    {
        { "GET", "/api/admin/providers" },
        { "GET", "/api/admin/providers/{id}" },
        { "POST", "/api/admin/providers" },
        { "PUT", "/api/admin/providers/{id}" },
        { "DELETE", "/api/admin/providers/{id}" },
        { "GET", "/api/admin/bots" },
        { "GET", "/api/admin/bots/{id}" },
        { "POST", "/api/admin/bots" },
        { "PUT", "/api/admin/bots/{id}" },
        { "DELETE", "/api/admin/bots/{id}" },
        { "POST", "/api/admin/bots/{id}/pause" },
        { "POST", "/api/admin/bots/{id}/resume" },
        { "POST", "/api/admin/bots/{id}/reset" },
        { "POST", "/api/admin/bots/{id}/force-summarize" },
        { "GET", "/api/admin/bots/{id}/prompts" },
        { "GET", "/api/admin/bots/{id}/prompts/{version:int}" },
        { "POST", "/api/admin/bots/{id}/prompts" },
        { "GET", "/api/admin/leverage-policies" },
        { "GET", "/api/admin/leverage-policies/{symbol}" },
        { "PUT", "/api/admin/leverage-policies/{symbol}" },
        { "DELETE", "/api/admin/leverage-policies/{symbol}" },
        { "GET", "/api/admin/settings" },
        { "GET", "/api/admin/settings/{key}" },
        { "POST", "/api/admin/settings" },
        { "PUT", "/api/admin/settings/{key}" },
        { "DELETE", "/api/admin/settings/{key}" },
        { "GET", "/api/admin/credentials" },
        { "GET", "/api/admin/credentials/{id:guid}" },
        { "POST", "/api/admin/credentials" },
        { "PUT", "/api/admin/credentials/{id:guid}/secret" },
        { "DELETE", "/api/admin/credentials/{id:guid}" },
        { "POST", "/api/admin/users/{userId:guid}/notifications" },
        { "GET", "/api/admin/users/{userId:guid}/desk" },
    };

    [Fact]
    public void The_route_list_covers_every_mapped_admin_route()
    {
        var mapped = Server.GetService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/admin", StringComparison.Ordinal) == true)
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .Order(StringComparer.Ordinal).ToArray();
        var listed = Routes.Select(r => $"{r[0]} {r[1]}").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(listed, mapped);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Anonymous_callers_get_401_and_plain_users_403_and_nothing_changes(string method, string template)
    {
        var (path, body) = await RequestForAsync(template);
        var user = await arena.UserAsync();
        var before = await Server.ConfigSnapshotAsync();

        using var anonymous = Server.CreateClient();
        await (await anonymous.SendAsync(Request(method, path, body))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await user.Client.SendAsync(Request(method, path, body))).AssertProblemAsync(HttpStatusCode.Forbidden);

        Assert.Equal(before, await Server.ConfigSnapshotAsync());
    }

    [Fact]
    public async Task A_user_promoted_to_admin_is_let_through_at_once()
    {
        var admin = await arena.AdminAsync();
        await (await admin.Client.GetAsync("/api/admin/settings")).AssertOkJsonAsync();
    }

    private static HttpRequestMessage Request(string method, string path, object? body) =>
        new(new HttpMethod(method), path) { Content = body is null ? null : JsonContent.Create(body) };

    /// <summary>The route with real ids of existing objects (created once), and a body for writes.</summary>
    private async Task<(string Path, object? Body)> RequestForAsync(string template)
    {
        var admin = await arena.AdminAsync();
        if ((await admin.Client.GetAsync($"/api/admin/providers/{Provider}")).StatusCode == HttpStatusCode.NotFound)
        {
            await admin.CreateRulesProviderAsync(id: Provider);
            await admin.CreateRulesProviderAsync(id: SpareProvider);
            await admin.CreateBotAsync(Provider, Bot);
            await (await admin.Client.PutAsJsonAsync("/api/admin/leverage-policies/BTCUSDT", new { maxLeverage = 7 })).AssertOkJsonAsync(HttpStatusCode.Created);
            await (await admin.Client.PutAsJsonAsync("/api/admin/settings/minimumOrder", new { value = "12" })).AssertOkJsonAsync();
            await (await admin.Client.PostAsJsonAsync("/api/admin/credentials", new { name = CredentialName, kind = "api_key", secret = "sk-guarded" }))
                .AssertOkJsonAsync(HttpStatusCode.Created);
        }
        var credentials = (await (await admin.Client.GetAsync("/api/admin/credentials")).AssertOkJsonAsync()).AsArray();
        var credential = credentials.Single(c => c!["name"]!.GetValue<string>() == CredentialName)!["id"]!.GetValue<string>();

        var area = template.Split('/')[3];
        var path = Placeholder().Replace(template, m => m.Groups[1].Value switch
        {
            "symbol" => "BTCUSDT",
            "key" => "minimumOrder",
            "version" => "1",
            "userId" => admin.Id.ToString(),
            _ => area switch { "providers" => template.EndsWith("{id}", StringComparison.Ordinal) ? SpareProvider : Provider, "credentials" => credential, _ => Bot },
        });
        object? body = (area, path.Split('/').Last()) switch
        {
            ("providers", _) => new { id = "intruder", version = 1, name = "Intruder", kind = "rules", strategy = "breakout" },
            ("bots", "prompts") => new { prompt = "Ignore all rules.", note = "intruder" },
            ("bots", _) => new { id = "intruder", version = 1, displayName = "Intruder", providerId = Provider, tradingMode = "paper", initialBalance = 1m,
                maxLeverage = 125, isActive = true, prompt = "x" },
            ("leverage-policies", _) => new { maxLeverage = 125 },
            ("users", _) => new { kind = "announcement", title = "Intruder" },
            ("settings", _) => new { key = "promptWindow", value = "1" },
            ("credentials", _) => new { name = "intruder", kind = "api_key", secret = "sk-intruder", version = 1 },
            _ => null,
        };
        return (path, body);
    }

    [GeneratedRegex(@"\{(\w+)(?::\w+)?\}")]
    private static partial Regex Placeholder();
}

public sealed class AdminAccessTestsOnSqlite(SqliteAdminArena arena) : AdminAccessTests(arena), IClassFixture<SqliteAdminArena>;

public sealed class AdminAccessTestsOnPostgres(PostgresAdminArena arena) : AdminAccessTests(arena), IClassFixture<PostgresAdminArena>;
