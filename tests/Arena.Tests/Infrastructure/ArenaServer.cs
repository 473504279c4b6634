using System.Net.Http.Headers;
using Arena.Silo;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Arena.Tests.Infrastructure;

/// <summary>
/// The real silo on Kestrel at 127.0.0.1 (a free port), against a real database. Restartable on the
/// same database, which is how durability is tested.
/// </summary>
public sealed class ArenaServer : IAsyncDisposable
{
    private readonly Dictionary<string, string?> settings;
    private readonly Action<WebApplicationBuilder>? configure;
    private WebApplication? app;

    private ArenaServer(DatabaseTarget database, Dictionary<string, string?> settings, Action<WebApplicationBuilder>? configure)
    {
        Database = database;
        this.settings = settings;
        this.configure = configure;
    }

    public DatabaseTarget Database { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => app?.Services ?? throw new InvalidOperationException("The server is not running.");

    public static async Task<ArenaServer> StartAsync(DatabaseTarget database, IDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Arena:Database:Provider"] = database.Provider,
            ["Arena:Database:ConnectionString"] = database.ConnectionString,
            ["Serilog:MinimumLevel:Default"] = "Warning",
            // Tests create the bots they need; the demo arena would add bots and events to every test's database.
            ["Arena:Seed:Demo"] = "false",
            ["Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime"] = "Warning",
            ["Serilog:MinimumLevel:Override:Orleans"] = "Warning",
            // Each silo of the test process gets its own port; the API calls grains in-process, so no gateway.
            ["Arena:Cluster:SiloPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Arena:Cluster:GatewayPort"] = "0",
            // Its assets are gzipped at every start (about a second of CPU); the dashboard's own tests turn it on.
            ["Arena:Dashboard:Enabled"] = "false",
            // One loopback address and a few users make all of a test class's requests; the rate-limit tests set their own.
            ["Arena:RateLimits:Anonymous:Burst"] = "1000000",
            ["Arena:RateLimits:Anonymous:PermitsPerSecond"] = "1000000",
            ["Arena:RateLimits:Writes:Burst"] = "1000000",
            ["Arena:RateLimits:Writes:PermitsPerSecond"] = "1000000",
            ["Arena:RateLimits:Groups:Import:Burst"] = "1000000",
            ["Arena:RateLimits:Groups:Import:PermitsPerSecond"] = "1000000",
            ["Arena:RateLimits:Groups:Agents:Burst"] = "1000000",
            ["Arena:RateLimits:Groups:Agents:PermitsPerSecond"] = "1000000",
            ["Arena:RateLimits:RegistrationPerAddress:Burst"] = "1000000",
            ["Arena:RateLimits:RegistrationPerAddress:PermitsPerSecond"] = "1000000",
            ["Arena:RateLimits:RegistrationGlobal:Burst"] = "1000000",
            ["Arena:RateLimits:RegistrationGlobal:PermitsPerSecond"] = "1000000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        var server = new ArenaServer(database, all, configure);
        await server.StartAppAsync();
        return server;
    }

    private async Task StartAppAsync()
    {
        var args = settings.Where(s => s.Value is not null).Select(s => $"--{s.Key}={s.Value}").ToArray();
        app = SiloApplication.Build(args, configure);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
    }

    /// <summary>Stops the silo (graceful) and starts a new one on the same database.</summary>
    public async Task RestartAsync()
    {
        await StopAppAsync();
        await StartAppAsync();
    }

    /// <summary>A client presenting the bearer token, or a cookie jar (and the server's own origin, as a browser on its page would).</summary>
    public HttpClient CreateClient(string? token = null, CookieContainer? cookies = null)
    {
        var handler = new HttpClientHandler { UseCookies = cookies is not null, CookieContainer = cookies ?? new CookieContainer(), AllowAutoRedirect = false };
        var client = new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        // A browser names the page's origin on every write; the server refuses cookie-authenticated writes without it.
        if (cookies is not null) client.DefaultRequestHeaders.Add("Origin", BaseAddress.GetLeftPart(UriPartial.Authority));
        return client;
    }

    public T GetService<T>() where T : notnull => Services.GetRequiredService<T>();

    private async Task StopAppAsync()
    {
        if (app is null) return;
        await app.StopAsync();
        await app.DisposeAsync();
        app = null;
    }

    public async ValueTask DisposeAsync() => await StopAppAsync();
}
