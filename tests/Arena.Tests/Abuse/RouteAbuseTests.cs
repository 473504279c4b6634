using Xunit.Abstractions;

namespace Arena.Tests.Abuse;

/// <summary>
/// Every route of the OpenAPI document, called by someone who may not: nobody, a plain user on an admin route, another user
/// on the owner's ids. Each case must be refused with a problem and write nothing. A new route is covered as soon as it is
/// documented; a new path parameter fails the suite until <see cref="AbuseWorld.Parameters"/> gives it a value.
/// </summary>
public abstract class RouteAbuseTests(AbuseArena arena, ITestOutputHelper output)
{
    private ArenaServer Server => arena.Server;

    [Fact]
    public async Task Every_secured_route_refuses_a_caller_without_a_valid_session()
    {
        var world = await arena.WorldAsync();
        var probe = new AbuseProbe(Server, "routes without a session", output);
        using var anonymous = Server.CreateClient();
        using var forged = Server.CreateClient("not-a-session-token");
        foreach (var operation in world.Operations.Where(o => o.Secured))
        {
            if (!world.CanAddress(operation, probe)) continue;
            var (path, body) = await RequestAsync(world, operation);
            await probe.RunAsync("anonymous", anonymous, new HttpMethod(operation.Method), path, operation.ContentType, body, Expectation.Exactly(HttpStatusCode.Unauthorized));
            await probe.RunAsync("forged token", forged, new HttpMethod(operation.Method), path, operation.ContentType, body, Expectation.Exactly(HttpStatusCode.Unauthorized));
        }
        probe.Report(arena.Dialect);
    }

    [Fact]
    public async Task Every_admin_route_refuses_a_plain_user()
    {
        var world = await arena.WorldAsync();
        var probe = new AbuseProbe(Server, "admin routes as a plain user", output);
        foreach (var operation in world.Operations.Where(o => o.AdminOnly))
        {
            if (!world.CanAddress(operation, probe)) continue;
            var (path, body) = await RequestAsync(world, operation);
            await probe.RunAsync("as a plain user", world.Intruder.Client, new HttpMethod(operation.Method), path, operation.ContentType, body,
                Expectation.Exactly(HttpStatusCode.Forbidden));
        }
        probe.Report(arena.Dialect);
    }

    /// <summary>
    /// The intruder calls every signed-in, non-admin route whose path names one of the owner's things, with the owner's value.
    /// An owned row (session, notification, wallet) must look absent: 401/403/404 and nothing written. A name in a per-user
    /// namespace (UI state key, watchlist symbol, insight id) reaches the intruder's own namespace, so a 2xx that writes is
    /// fine there; either way the owner's rows must not change.
    /// </summary>
    [Fact]
    public async Task Another_users_ids_reach_nothing_of_theirs()
    {
        var world = await arena.WorldAsync();
        var probe = new AbuseProbe(Server, "another user's ids", output);
        foreach (var operation in world.Operations.Where(o => o.Secured && !o.AdminOnly && o.ParameterKeys.Count > 0))
        {
            if (!world.CanAddress(operation, probe)) continue;
            var kinds = operation.ParameterKeys.Select(k => world.Parameters[k].Kind).ToArray();
            if (kinds.All(k => k == ParameterKind.NotUserScoped))
            {
                probe.Fail($"{operation.Name}: a signed-in route whose parameters are not user-scoped; say which kind they are in AbuseWorld.Parameters");
                continue;
            }
            var ownNamespace = kinds.All(k => k != ParameterKind.Owned);
            var refused = (int s) => s is 401 or 403 or 404;
            var expected = ownNamespace
                ? new Expectation("401/403/404 or a 2xx in the caller's own namespace", s => refused(s) || s is >= 200 and < 300, UnchangedRowsOf: world.Owner.Id)
                    { MayWriteWhenAccepted = true }
                : new Expectation("401/403/404", refused, UnchangedRowsOf: world.Owner.Id);
            var (path, body) = await RequestAsync(world, operation);
            await probe.RunAsync("as another user", world.Intruder.Client, new HttpMethod(operation.Method), path, operation.ContentType, body, expected);
        }
        probe.Report(arena.Dialect);
    }

    /// <summary>The path on existing things, and the operation's known-good body, so only the caller is wrong.</summary>
    private static async Task<(string Path, string? Body)> RequestAsync(AbuseWorld world, ApiOperation operation)
    {
        var path = operation.Fill(world.ParameterValues);
        if (operation.BodySchema is null) return (path, null);
        var body = await BaseBodies.CreateAsync(world, operation);
        return (path, body?.ToJsonString() ?? "{}");
    }
}

public sealed class RouteAbuseOnSqlite(SqliteAbuseArena arena, ITestOutputHelper output) : RouteAbuseTests(arena, output), IClassFixture<SqliteAbuseArena>;

public sealed class RouteAbuseOnPostgres(PostgresAbuseArena arena, ITestOutputHelper output) : RouteAbuseTests(arena, output), IClassFixture<PostgresAbuseArena>;
