namespace Arena.Tests.Persistence;

/// <summary>After a silo restart the same database answers the same things.</summary>
public abstract class RestartTests(Dialect dialect)
{
    [Fact]
    public async Task Accounts_sessions_and_profiles_survive_a_restart_unchanged()
    {
        await using var server = await ArenaServer.StartAsync(await DatabaseTarget.CreateAsync(dialect));
        var user = await server.RegisterAsync();
        await (await user.Client.PutAsJsonAsync("/api/profile", new { username = user.Username, displayName = "Persisted", avatarUrl = "https://x.test/a.png" })).AssertOkJsonAsync();
        var before = (await (await user.Client.GetAsync("/api/auth/session")).AssertOkJsonAsync())["user"]!.ToJsonString();

        await server.RestartAsync();

        using var client = server.CreateClient(user.Token);
        var after = (await (await client.GetAsync("/api/auth/session")).AssertOkJsonAsync())["user"]!.ToJsonString();
        Assert.Equal(before, after);
        using var anonymous = server.CreateClient();
        await (await anonymous.PostAsJsonAsync("/api/auth/login", new { login = user.Username, password = user.Password })).AssertOkJsonAsync();
    }
}

public sealed class RestartTestsOnSqlite() : RestartTests(Dialect.Sqlite);

public sealed class RestartTestsOnPostgres() : RestartTests(Dialect.Postgres);
