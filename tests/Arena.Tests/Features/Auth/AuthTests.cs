using Arena.Grains.Auth;
using Arena.Grains.Persistence;
using Dapper;

namespace Arena.Tests.Features.Auth;

public abstract class AuthTests(ArenaFixture arena)
{
    private ArenaServer Server => arena.Server;

    [Fact]
    public async Task Register_returns_the_user_and_a_token_and_sets_an_http_only_session_cookie()
    {
        using var client = Server.CreateClient();
        var name = "reg" + Guid.NewGuid().ToString("N")[..8];
        var response = await client.PostAsJsonAsync("/api/auth/register", new { email = $"{name}@Example.TEST", username = name, password = TestUsers.Password });

        var body = await response.AssertOkJsonAsync(HttpStatusCode.Created);
        Assert.Equal(name, body["user"]!["username"]!.GetValue<string>());
        Assert.Equal($"{name}@example.test", body["user"]!["email"]!.GetValue<string>());
        Assert.Equal("user", body["user"]!["role"]!.GetValue<string>());
        Assert.Null(body["user"]!["passwordHash"]);
        Assert.Equal(43, body["token"]!.GetValue<string>().Length);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("arena_session=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Register_with_invalid_fields_names_each_one_and_writes_nothing()
    {
        using var client = Server.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/register", new { email = "not-an-email", username = "x", password = "short" });
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "email", "username", "password");

        Assert.Equal(0, await CountAsync("SELECT count(*) FROM users WHERE username = 'x'"));
    }

    [Fact]
    public async Task Register_with_a_malformed_body_is_a_problem_not_a_crash()
    {
        using var client = Server.CreateClient();
        var response = await client.PostAsync("/api/auth/register", new StringContent("{\"email\": 5,", Encoding.UTF8, "application/json"));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_missing_body_is_a_400_naming_the_body_without_framework_internals()
    {
        using var client = Server.CreateClient();
        var response = await client.PostAsync("/api/auth/register", new StringContent("", Encoding.UTF8, "application/json"));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "body");
        var text = problem.ToJsonString();
        Assert.DoesNotContain("Service", text);
        Assert.DoesNotContain("RegisterRequest", text);
    }

    [Fact]
    public async Task Email_and_username_are_unique_case_insensitively_and_the_answer_does_not_say_which_is_taken()
    {
        var existing = await Server.RegisterAsync();
        using var client = Server.CreateClient();

        var sameEmail = await client.PostAsJsonAsync("/api/auth/register", new { email = existing.Email.ToUpperInvariant(), username = "other" + Guid.NewGuid().ToString("N")[..6], password = TestUsers.Password });
        var emailTaken = await sameEmail.AssertProblemAsync(HttpStatusCode.Conflict, "email", "username");
        var sameName = await client.PostAsJsonAsync("/api/auth/register", new { email = Guid.NewGuid().ToString("N")[..8] + "@example.test", username = existing.Username.ToUpperInvariant(), password = TestUsers.Password });
        var nameTaken = await sameName.AssertProblemAsync(HttpStatusCode.Conflict, "email", "username");

        // An anonymous caller learns that the pair cannot be registered, not which of the two belongs to an account.
        foreach (var field in new[] { "title", "detail", "errors" })
            Assert.Equal(emailTaken[field]!.ToJsonString(), nameTaken[field]!.ToJsonString());
        Assert.Equal(1, await CountAsync($"SELECT count(*) FROM users WHERE lower(username) = '{existing.Username.ToLowerInvariant()}'"));
    }

    [Theory]
    [InlineData("password")]
    [InlineData("12345678")]
    [InlineData("fourteen chars")]
    [InlineData("passwordpassword")]
    [InlineData("P@ssw0rd12345678!")]
    [InlineData("123456789012345")]
    [InlineData("qwertyuiopasdfgh")]
    [InlineData("aaaaaaaaaaaaaaaaaaaa")]
    [InlineData("correct horse battery staple")]
    [InlineData("arena arena arena arena")]
    public async Task Short_common_and_patterned_passwords_are_refused_naming_the_password(string password)
    {
        using var client = Server.CreateClient();
        var name = "weak" + Guid.NewGuid().ToString("N")[..8];
        var response = await client.PostAsJsonAsync("/api/auth/register", new { email = $"{name}@example.test", username = name, password });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "password");
        Assert.Equal(0, await CountAsync($"SELECT count(*) FROM users WHERE username = '{name}'"));
    }

    [Fact]
    public async Task A_password_built_on_the_username_is_refused_and_fifteen_characters_of_plain_words_are_enough()
    {
        using var client = Server.CreateClient();
        var name = "kestrel" + Guid.NewGuid().ToString("N")[..6];
        var ownName = await client.PostAsJsonAsync("/api/auth/register", new { email = $"{name}@example.test", username = name, password = name + "2026!!!!" });
        await ownName.AssertProblemAsync(HttpStatusCode.BadRequest, "password");

        // No composition rules: lower-case words and spaces, 15 characters, are accepted.
        var plain = await client.PostAsJsonAsync("/api/auth/register", new { email = $"{name}@example.test", username = name, password = "moss under oaks" });
        await plain.AssertOkJsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Login_by_email_or_username_starts_a_new_session()
    {
        var user = await Server.RegisterAsync();
        using var client = Server.CreateClient();

        foreach (var login in new[] { user.Email.ToUpperInvariant(), user.Username.ToUpperInvariant() })
        {
            var body = await (await client.PostAsJsonAsync("/api/auth/login", new { login, password = user.Password })).AssertOkJsonAsync();
            var token = body["token"]!.GetValue<string>();
            Assert.NotEqual(user.Token, token);
            using var signedIn = Server.CreateClient(token);
            var session = await (await signedIn.GetAsync("/api/auth/session")).AssertOkJsonAsync();
            Assert.Equal(user.Id.ToString(), session["user"]!["id"]!.GetValue<string>());
            Assert.True(session["expiresAt"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UtcNow.AddDays(6));
        }
    }

    [Fact]
    public async Task Unknown_login_and_wrong_password_get_the_same_answer()
    {
        var user = await Server.RegisterAsync();
        using var client = Server.CreateClient();

        var wrong = await (await client.PostAsJsonAsync("/api/auth/login", new { login = user.Username, password = "not the password" }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);
        var unknown = await (await client.PostAsJsonAsync("/api/auth/login", new { login = "nobody" + Guid.NewGuid().ToString("N")[..6], password = "not the password" }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal(wrong["title"]!.GetValue<string>(), unknown["title"]!.GetValue<string>());
        Assert.Equal(wrong["detail"]!.GetValue<string>(), unknown["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_login_or_password_longer_than_any_account_has_is_a_400_and_counts_no_failed_attempt()
    {
        using var client = Server.CreateClient();
        var attempts = await Server.ScalarAsync<long>("SELECT count(*) FROM login_throttle");

        await (await client.PostAsJsonAsync("/api/auth/login", new { login = new string('a', 10_000), password = "not the password" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "login");
        await (await client.PostAsJsonAsync("/api/auth/login", new { login = "someone", password = new string('p', Arena.Grains.Users.AccountRules.MaxPasswordLength + 1) }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "password");

        Assert.Equal(attempts, await Server.ScalarAsync<long>("SELECT count(*) FROM login_throttle"));
    }

    [Fact]
    public async Task Requests_without_a_valid_session_get_401_problems()
    {
        using var anonymous = Server.CreateClient();
        await (await anonymous.GetAsync("/api/auth/session")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        using var forged = Server.CreateClient(new string('A', 43));
        await (await forged.GetAsync("/api/auth/session")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        using var garbage = Server.CreateClient("not a token");
        await (await garbage.GetAsync("/api/profile")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_session_cookie_alone_authenticates_and_logout_clears_it()
    {
        var user = await Server.RegisterAsync();
        var cookies = new CookieContainer();
        using var browser = Server.CreateClient(cookies: cookies);
        await (await browser.PostAsJsonAsync("/api/auth/login", new { login = user.Email, password = user.Password })).AssertOkJsonAsync();

        await (await browser.GetAsync("/api/auth/session")).AssertOkJsonAsync();
        var logout = await browser.PostAsync("/api/auth/logout", null);
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        await (await browser.GetAsync("/api/auth/session")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Logout_kills_the_token_everywhere()
    {
        var user = await Server.RegisterAsync();
        using var other = Server.CreateClient(user.Token);
        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.PostAsync("/api/auth/logout", null)).StatusCode);

        await (await other.GetAsync("/api/auth/session")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await other.GetAsync("/api/profile")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Sessions_can_be_listed_and_revoked_but_only_the_callers_own()
    {
        var alice = await Server.RegisterAsync();
        var bob = await Server.RegisterAsync();
        using var anonymous = Server.CreateClient();
        var second = (await (await anonymous.PostAsJsonAsync("/api/auth/login", new { login = alice.Username, password = alice.Password })).AssertOkJsonAsync())["token"]!.GetValue<string>();

        var sessions = (await (await alice.Client.GetAsync("/api/auth/sessions")).AssertOkJsonAsync()).AsArray();
        Assert.Equal(2, sessions.Count);
        Assert.Single(sessions, s => s!["current"]!.GetValue<bool>());
        var secondId = sessions.Single(s => !s!["current"]!.GetValue<bool>())!["id"]!.GetValue<string>();

        // Bob cannot see or end Alice's session.
        await (await bob.Client.DeleteAsync($"/api/auth/sessions/{secondId}")).AssertProblemAsync(HttpStatusCode.NotFound);
        using var aliceSecond = Server.CreateClient(second);
        await (await aliceSecond.GetAsync("/api/auth/session")).AssertOkJsonAsync();
        Assert.Single((await (await bob.Client.GetAsync("/api/auth/sessions")).AssertOkJsonAsync()).AsArray());

        Assert.Equal(HttpStatusCode.NoContent, (await alice.Client.DeleteAsync($"/api/auth/sessions/{secondId}")).StatusCode);
        await (await aliceSecond.GetAsync("/api/auth/session")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await alice.Client.GetAsync("/api/auth/session")).AssertOkJsonAsync();
    }

    [Fact]
    public async Task Revoke_others_ends_every_session_but_the_current_one()
    {
        var user = await Server.RegisterAsync();
        using var anonymous = Server.CreateClient();
        var tokens = new List<string>();
        for (var i = 0; i < 2; i++)
            tokens.Add((await (await anonymous.PostAsJsonAsync("/api/auth/login", new { login = user.Username, password = user.Password })).AssertOkJsonAsync())["token"]!.GetValue<string>());

        var body = await (await user.Client.PostAsync("/api/auth/sessions/revoke-others", null)).AssertOkJsonAsync();
        Assert.Equal(2, body["revoked"]!.GetValue<int>());
        foreach (var token in tokens)
        {
            using var client = Server.CreateClient(token);
            await (await client.GetAsync("/api/auth/session")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        }
        await (await user.Client.GetAsync("/api/auth/session")).AssertOkJsonAsync();
    }

    [Fact]
    public async Task Passwords_are_stored_as_pbkdf2_sha256_at_600k_iterations_and_tokens_only_as_hashes()
    {
        var user = await Server.RegisterAsync();
        var database = Server.GetService<Database>();
        await using var connection = await database.OpenAsync();
        var hash = await connection.QuerySingleAsync<string>("SELECT password_hash FROM users WHERE id = @id", new { id = user.Id });
        Assert.StartsWith("pbkdf2-sha256$600000$", hash);
        Assert.DoesNotContain(user.Password, hash);

        var stored = (await connection.QueryAsync<byte[]>("SELECT token_hash FROM sessions WHERE user_id = @id", new { id = user.Id })).Single();
        Assert.Equal(SessionToken.Hash(user.Token), stored);
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = await Server.GetService<Database>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }
}

public sealed class AuthTestsOnSqlite(SqliteArena arena) : AuthTests(arena), IClassFixture<SqliteArena>;

public sealed class AuthTestsOnPostgres(PostgresArena arena) : AuthTests(arena), IClassFixture<PostgresArena>;
