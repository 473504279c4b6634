using System.Data.Common;
using System.Net;
using System.Net.Sockets;
using Arena.Grains.Bots;
using Arena.Grains.Bots.Cluster;
using Arena.Grains.Persistence;
using Npgsql;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace Arena.Silo;

/// <summary>
/// The Orleans silo inside the web host (<c>UseOrleans</c>): the API calls grains in-process, and silos reach each
/// other on <see cref="ClusterSettings.SiloPort"/>. SQLite is one silo with localhost clustering; PostgreSQL is
/// ADO.NET clustering on the same database, through the membership tables and queries of migration 0007.
/// </summary>
public static class OrleansHosting
{
    /// <summary>The ADO.NET invariant the clustering provider resolves through <see cref="DbProviderFactories"/>.</summary>
    public const string PostgresInvariant = "Npgsql";

    public static void AddArenaOrleans(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var cluster = configuration.GetSection(ClusterSettings.Section).Get<ClusterSettings>() ?? new ClusterSettings();
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (!cluster.IsValid)
            throw new InvalidOperationException("Arena:Cluster needs a ClusterId and ServiceId, SiloPort 1-65535, GatewayPort 0-65535 (0: none) other than "
                                                + "SiloPort, a positive ProbeTimeout and TableRefreshTimeout, MaxProbeTimeout >= ProbeTimeout, and MissedProbesLimit >= 1.");

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            if (database.Dialect == SqlDialect.Postgres)
            {
                DbProviderFactories.RegisterFactory(PostgresInvariant, NpgsqlFactory.Instance);
                silo.UseAdoNetClustering(o =>
                {
                    o.Invariant = PostgresInvariant;
                    o.ConnectionString = database.ConnectionString;
                });
                // Silos advertising loopback (several on one machine) listen on loopback only; others on every interface.
                var advertised = AdvertisedAddress(cluster);
                silo.ConfigureEndpoints(advertised, cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(advertised));
            }
            else
            {
                silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
            }
            silo.ConfigureArenaSilo(configuration);
        });
    }

    /// <summary>
    /// What every Arena silo has whatever its clustering: failure detection, activation collection, the overload
    /// limit, whether it runs the engine (silo metadata the bot keeper reads) and the dashboard. The test clusters use it too.
    /// </summary>
    public static ISiloBuilder ConfigureArenaSilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        var cluster = configuration.GetSection(ClusterSettings.Section).Get<ClusterSettings>() ?? new ClusterSettings();
        var grains = configuration.GetSection(GrainSettings.Section).Get<GrainSettings>() ?? new GrainSettings();
        var engine = (configuration.GetSection(BotsOptions.Section).Get<BotsOptions>() ?? new BotsOptions()).RunEngine;
        if (!grains.IsValid)
            throw new InvalidOperationException("Arena:Grains needs a positive MailboxCapacity, CollectionAge, CollectionQuantum and DeactivationTimeout.");
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = cluster.ProbeTimeout;
            o.MaxProbeTimeout = cluster.MaxProbeTimeout;
            o.NumMissedProbesLimit = cluster.MissedProbesLimit;
            o.TableRefreshTimeout = cluster.TableRefreshTimeout;
        });
        silo.Configure<GrainCollectionOptions>(o =>
        {
            o.CollectionAge = grains.CollectionAge;
            o.CollectionQuantum = grains.CollectionQuantum;
            o.DeactivationTimeout = grains.DeactivationTimeout;
        });
        // Past this many calls at one activation the caller gets LimitExceededException (HTTP 503 + Retry-After), not a longer queue.
        silo.Configure<SiloMessagingOptions>(o => o.MaxEnqueuedRequestsHardLimit = grains.MailboxCapacity);
        // Every silo says whether it runs the engine; the bot keeper places bots only on those that do.
        silo.UseSiloMetadata(new Dictionary<string, string> { [BotKeeper.EngineMetadataKey] = engine ? "on" : "off" });
        if (DashboardEnabled(configuration)) silo.AddDashboard();
        return silo;
    }

    public static bool DashboardEnabled(IConfiguration configuration) =>
        (configuration.GetSection(DashboardSettings.Section).Get<DashboardSettings>() ?? new DashboardSettings()).Enabled;

    private static IPAddress AdvertisedAddress(ClusterSettings cluster)
    {
        if (string.IsNullOrWhiteSpace(cluster.AdvertisedAddress))
            return Dns.GetHostAddresses(Dns.GetHostName()).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
                   ?? IPAddress.Loopback;
        if (IPAddress.TryParse(cluster.AdvertisedAddress, out var address)) return address;
        return Dns.GetHostAddresses(cluster.AdvertisedAddress).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
               ?? throw new InvalidOperationException($"Arena:Cluster:AdvertisedAddress '{cluster.AdvertisedAddress}' does not resolve to an IPv4 address.");
    }
}
