namespace Arena.Tests.Api;

/// <summary>
/// AllowedHosts holds for the whole app: by default only the loopback names are served; any other Host gets a 400
/// problem naming it, except on the management port, which scrapers reach by container name or address.
/// </summary>
public sealed class AllowedHostsTests
{
    [Fact]
    public async Task By_default_only_loopback_hosts_are_served_and_another_host_gets_a_problem_naming_it()
    {
        var port = FreePorts.Next();
        await using var server = await ArenaServer.StartAsync(DatabaseTarget.NewSqlite(), new Dictionary<string, string?>
        {
            ["Arena:Management:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Arena:Management:Host"] = "127.0.0.1",
        });
        using var client = server.CreateClient();

        foreach (var host in new[] { "localhost", "localhost:8080", "127.0.0.1", $"127.0.0.1:{server.BaseAddress.Port}", "[::1]:80", "LOCALHOST" })
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, "/api/market/symbols", host)).StatusCode);
        foreach (var path in new[] { "/health/live", "/api/market/symbols", "/api/auth/login" })
        {
            var problem = await (await SendAsync(client, path, "evil.example")).AssertProblemAsync(HttpStatusCode.BadRequest, "host");
            Assert.Contains("'evil.example'", problem["errors"]!["host"]![0]!.GetValue<string>());
        }
        await (await SendAsync(client, "/health/live", "localhost.evil.example")).AssertProblemAsync(HttpStatusCode.BadRequest, "host");

        using var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(management, "/metrics", $"silo1:{port}")).StatusCode);
    }

    [Fact]
    public async Task Listed_hosts_and_their_wildcard_subdomains_are_served()
    {
        await using var server = await ArenaServer.StartAsync(DatabaseTarget.NewSqlite(), new Dictionary<string, string?> { ["AllowedHosts"] = "arena.example;*.arena.example" });
        using var client = server.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, "/health/live", "arena.example")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, "/health/live", "eu.arena.example:443")).StatusCode);
        await (await SendAsync(client, "/health/live", "127.0.0.1")).AssertProblemAsync(HttpStatusCode.BadRequest, "host");
        await (await SendAsync(client, "/health/live", "arena.example.evil")).AssertProblemAsync(HttpStatusCode.BadRequest, "host");
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string path, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Host = host } };
        return await client.SendAsync(request);
    }
}
