using Arena.Api;
using Arena.Api.Features.Health;
using Arena.Api.Features.Streams;
using Arena.Grains;
using Arena.Grains.AgentChat;
using Arena.Grains.Auth;
using Arena.Grains.Auth.Wallet;
using Arena.Grains.Bots;
using Arena.Grains.Providers;
using Arena.Grains.Secrets;
using Arena.Grains.Events;
using Arena.Grains.Leaderboard;
using Arena.Grains.Market;
using Arena.Grains.Users;
using Arena.Api.Infrastructure;
using Microsoft.AspNetCore.HttpOverrides;
using Orleans.Dashboard;

namespace Arena.Silo;

/// <summary>Builds the silo: configuration, logging, grains, background services and the HTTP surface.</summary>
public static class SiloApplication
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // appsettings.json sits next to the binary; ./data stays relative to where the silo was started.
            ContentRootPath = AppContext.BaseDirectory,
        });
        SiloLogging.Configure(builder);
        SiloMetrics.Add(builder);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            RequestLimits.ConfigureKestrel(k);
        });

        var services = builder.Services;
        AddArenaOptions(services);

        // Hosted services start in registration order (and stop in reverse), all before Kestrel listens: migrations
        // first (PostgreSQL's cluster tables are among them), then the Orleans silo, then the services that call grains.
        services.AddHostedService<StartupTasks>();
        builder.AddArenaOrleans();
        services.AddArenaGrains();
        services.AddArenaApi();
        services.AddStreams();
        configure?.Invoke(builder);

        var http = builder.Configuration.GetSection(HttpOptions.Section).Get<HttpOptions>() ?? new HttpOptions();
        // Before anything reads the scheme or the client's address: the session cookie's Secure flag, HSTS, the
        // origin check and the per-address rate limits all see the client as the proxy reports it.
        if (http.TrustForwardedHeaders) services.Configure<ForwardedHeadersOptions>(http.ApplyTo);

        var app = builder.Build();
        // A malformed ARENA_MASTER_KEY stops every command here, before anything is served or written.
        app.Services.GetRequiredService<CredentialVault>();
        ArenaGrainsServices.AttachChangeFeeds(app.Services);

        app.UseAllowedHosts(exceptPort: SiloMetrics.ManagementPort(app.Configuration));
        if (http.TrustForwardedHeaders) app.UseForwardedHeaders();
        SiloMetrics.UseManagementPort(app);
        app.UseArenaApi();
        var streams = app.Services.GetRequiredService<IOptions<StreamOptions>>().Value;
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = streams.PingInterval, KeepAliveTimeout = streams.PingTimeout });
        app.MapHealth();
        SiloMetrics.Map(app);
        app.MapArenaEndpoints(http.ExposeApiDocs);
        // The dashboard is a page with its own data endpoints, not part of the API: admins only, and not in the OpenAPI document.
        if (OrleansHosting.DashboardEnabled(app.Configuration))
            app.MapOrleansDashboard("/dashboard").RequireAuthorization(CurrentUser.AdminPolicy).ExcludeFromDescription();
        app.MapStreams();
        return app;
    }

    /// <summary>Binds and validates every <c>Arena:*</c> options section the grains, the engine and the API read.</summary>
    public static void AddArenaOptions(IServiceCollection services)
    {
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section)
            .Validate(o => { _ = o.Dialect; return true; }).ValidateOnStart();
        services.AddOptions<BotsOptions>().BindConfiguration(BotsOptions.Section)
            .Validate(o => o.TurnInterval > TimeSpan.Zero && o.SnapshotInterval > TimeSpan.Zero && o.KeeperInterval > TimeSpan.Zero && o.MaxConcurrentTurns > 0,
                "Arena:Bots needs positive intervals and MaxConcurrentTurns > 0.").ValidateOnStart();
        services.AddOptions<SeedOptions>().BindConfiguration(SeedOptions.Section);
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section)
            .Validate(o => o.PasswordIterations >= AuthOptions.MinimumPasswordIterations,
                $"Arena:Auth:PasswordIterations must be at least {AuthOptions.MinimumPasswordIterations}.")
            .Validate(o => o.PasswordHashConcurrency is null or >= 1 && o.PasswordHashWait >= TimeSpan.Zero && o.FailuresBeforeDelay >= 0
                           && o.FirstSignInDelay > TimeSpan.Zero && o.MaxSignInDelay >= o.FirstSignInDelay && o.MaxFailuresPerAccount >= 1 && o.MaxFailuresPerAddress >= 1,
                "Arena:Auth: PasswordHashConcurrency >= 1 when set, PasswordHashWait >= 0, FailuresBeforeDelay >= 0, 0 < FirstSignInDelay <= MaxSignInDelay, MaxFailuresPerAccount and MaxFailuresPerAddress >= 1.")
            .ValidateOnStart();
        services.AddOptions<SiweOptions>().BindConfiguration(SiweOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SiweOptions>, SiweOptionsValidator>();
        services.AddOptions<ProviderOptions>().BindConfiguration(ProviderOptions.Section)
            .Validate(o => o.IsValid, "Arena:Providers needs MaxResponseBytes >= 1024 and 0 <= RetryBaseDelay <= MaxRetryDelay.").ValidateOnStart();
        services.AddOptions<AgentChatOptions>().BindConfiguration(AgentChatOptions.Section)
            .Validate(o => o.IsValid, "Arena:AgentChat needs DailyTokenBudget and HistoryMessages >= 0, MaxReplyTokens >= 1, MaxReplyLength >= 100 "
                                      + "and 0 < ReplyTimeout <= 25 s.").ValidateOnStart();
        services.AddOptions<EventOptions>().BindConfiguration(EventOptions.Section)
            .Validate(o => o.Retention > TimeSpan.Zero && o.PruneInterval > TimeSpan.Zero && o.PollInterval > TimeSpan.Zero && o.ReactionWindow > TimeSpan.Zero
                    && o.PruneBatchSize > 0 && o.SequenceBatchSize > 0 && o.ReactionLimit > 0,
                "Arena:Events needs positive durations and a PruneBatchSize, SequenceBatchSize and ReactionLimit of at least 1.").ValidateOnStart();
        services.AddOptions<MarketOptions>().BindConfiguration(MarketOptions.Section).ValidateOnStart();
        services.AddOptions<LeaderboardOptions>().BindConfiguration(LeaderboardOptions.Section)
            .Validate(o => o.CacheDuration >= TimeSpan.Zero, "Arena:Leaderboard:CacheDuration must not be negative.").ValidateOnStart();
        services.AddOptions<StreamOptions>().BindConfiguration(StreamOptions.Section)
            .Validate(o => o.IsValid, "Arena:Stream needs positive limits and durations, SnapshotEvents, MaxReplayEvents and MaxTicksPerSecond >= 0, "
                                      + "and MaxIncomingMessageBytes >= 256.").ValidateOnStart();

    }
}
