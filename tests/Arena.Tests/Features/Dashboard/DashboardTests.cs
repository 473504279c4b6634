using Microsoft.AspNetCore.Routing;

namespace Arena.Tests.Features.Dashboard;

/// <summary>The Orleans Dashboard at /dashboard is for admins only: its page, its data and its assets.</summary>
public sealed class DashboardArena() : ArenaFixture(Dialect.Sqlite)
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Arena:Dashboard:Enabled"] = "true" };
}

public sealed class DashboardTests(DashboardArena arena) : IClassFixture<DashboardArena>
{
    /// <summary>Every GET route the dashboard maps, with a real value for its catch-all segment.</summary>
    private string[] Routes() => arena.Server.GetService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
        .Select(e => e.RoutePattern.RawText!)
        .Where(p => p.StartsWith("/dashboard", StringComparison.Ordinal))
        .Select(p => p.Replace("{**path}", p.Contains("/fonts/") ? "fa-solid-900.woff2" : "OrleansLogo.png"))
        .Where(p => !p.Contains('{'))
        .Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task Anonymous_callers_get_401_and_plain_users_403_on_every_dashboard_route_assets_included()
    {
        var routes = Routes();
        Assert.Contains("/dashboard/index.min.js", routes);
        Assert.Contains("/dashboard/fonts/fa-solid-900.woff2", routes);
        using var anonymous = arena.Server.CreateClient();
        var user = await arena.Server.RegisterAsync();
        foreach (var route in routes)
        {
            await (await anonymous.GetAsync(route)).AssertProblemAsync(HttpStatusCode.Unauthorized);
            await (await user.Client.GetAsync(route)).AssertProblemAsync(HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task An_admin_gets_the_dashboard_its_assets_and_the_cluster_it_shows()
    {
        var admin = await arena.Server.RegisterAdminAsync();
        var page = await admin.Client.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<html", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.GetAsync("/dashboard/index.min.js")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.GetAsync("/dashboard/img/OrleansLogo.png")).StatusCode);
    }
}
