using Xunit.Abstractions;

namespace Arena.Tests.Abuse;

/// <summary>
/// Every operation of the OpenAPI document that takes a body, called by someone allowed to (the admin on admin routes, the
/// owner on signed-in ones, nobody on the sign-in routes) on existing things, with its known-good body broken one way at a
/// time (<see cref="BodyMutations"/>). Each must be a 4xx problem, naming the member when one member is at fault, never a
/// 5xx, and must write nothing.
/// </summary>
public abstract class BodyAbuseTests(AbuseArena arena, ITestOutputHelper output)
{
    private ArenaServer Server => arena.Server;

    [Fact]
    public async Task Every_broken_body_is_refused_with_a_problem_and_writes_nothing()
    {
        var world = await arena.WorldAsync();
        var probe = new AbuseProbe(Server, "bodies", output);
        using var anonymous = Server.CreateClient();
        foreach (var operation in world.Operations.Where(o => o.BodySchema is not null))
        {
            if (!world.CanAddress(operation, probe)) continue;
            if (await BaseBodies.CreateAsync(world, operation) is not { } baseBody)
            {
                probe.Fail($"{operation.Name}: no known-good body (add one to BaseBodies)");
                continue;
            }
            var path = operation.Fill(world.ParameterValues);
            var caller = world.AllowedCaller(operation, anonymous);
            var method = new HttpMethod(operation.Method);

            // A base body that is refused as it is would make every mutation look refused for the right reason.
            using (var content = new StringContent(baseBody.ToJsonString(), Encoding.UTF8, operation.ContentType!))
            using (var accepted = await caller.SendAsync(new HttpRequestMessage(method, path) { Content = content }))
                if (!accepted.IsSuccessStatusCode)
                    probe.Fail($"{operation.Name}: the known-good body is refused with {(int)accepted.StatusCode}: {await accepted.Content.ReadAsStringAsync()}");
            await TableChecksums.SettledAsync(Server);

            var credential = BaseBodies.Credentials.GetValueOrDefault(BaseBodies.Key(operation));
            foreach (var mutation in BodyMutations.For(operation, world.Document, baseBody))
            {
                var fresh = await BaseBodies.CreateAsync(world, operation);
                var expected = credential is null ? mutation.Expected : mutation.Expected with { CredentialBody = true, RefusalMayWrite = credential };
                await probe.RunAsync(mutation.Name, caller, method, path, operation.ContentType, mutation.Build(fresh!), expected);
            }
        }
        probe.Report(arena.Dialect);
    }
}

public sealed class BodyAbuseOnSqlite(SqliteAbuseArena arena, ITestOutputHelper output) : BodyAbuseTests(arena, output), IClassFixture<SqliteAbuseArena>;

public sealed class BodyAbuseOnPostgres(PostgresAbuseArena arena, ITestOutputHelper output) : BodyAbuseTests(arena, output), IClassFixture<PostgresAbuseArena>;
