namespace Arena.Tests.Features.Profile;

public abstract class ProfileTests(ArenaFixture arena)
{
    private ArenaServer Server => arena.Server;

    [Fact]
    public async Task A_new_profile_has_the_username_and_no_display_name_or_avatar()
    {
        var user = await Server.RegisterAsync();
        var body = await (await user.Client.GetAsync("/api/profile")).AssertOkJsonAsync();
        Assert.Equal(user.Username, body["username"]!.GetValue<string>());
        Assert.Null(body["displayName"]);
        Assert.Null(body["avatarUrl"]);
    }

    [Fact]
    public async Task Put_replaces_the_profile_and_it_reads_back()
    {
        var user = await Server.RegisterAsync();
        var newName = user.Username + "x";
        var put = await user.Client.PutAsJsonAsync("/api/profile", new { username = newName, displayName = "  Doge Maxi  ", avatarUrl = "https://cdn.example.test/a.png" });
        var body = await put.AssertOkJsonAsync();
        Assert.Equal("Doge Maxi", body["displayName"]!.GetValue<string>());

        var read = await (await user.Client.GetAsync("/api/profile")).AssertOkJsonAsync();
        Assert.Equal(newName, read["username"]!.GetValue<string>());
        Assert.Equal("https://cdn.example.test/a.png", read["avatarUrl"]!.GetValue<string>());
        var session = await (await user.Client.GetAsync("/api/auth/session")).AssertOkJsonAsync();
        Assert.Equal("Doge Maxi", session["user"]!["displayName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Invalid_fields_are_named_and_nothing_changes()
    {
        var user = await Server.RegisterAsync();
        var put = await user.Client.PutAsJsonAsync("/api/profile", new { username = "a b", displayName = new string('x', 65), avatarUrl = "javascript:alert(1)" });
        await put.AssertProblemAsync(HttpStatusCode.BadRequest, "username", "displayName", "avatarUrl");

        var read = await (await user.Client.GetAsync("/api/profile")).AssertOkJsonAsync();
        Assert.Equal(user.Username, read["username"]!.GetValue<string>());
        Assert.Null(read["displayName"]);
    }

    [Fact]
    public async Task Taking_another_users_username_is_a_conflict()
    {
        var alice = await Server.RegisterAsync();
        var bob = await Server.RegisterAsync();
        var put = await bob.Client.PutAsJsonAsync("/api/profile", new { username = alice.Username.ToUpperInvariant() });
        await put.AssertProblemAsync(HttpStatusCode.Conflict, "username");
        Assert.Equal(bob.Username, (await (await bob.Client.GetAsync("/api/profile")).AssertOkJsonAsync())["username"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_user_only_ever_reads_and_writes_their_own_profile()
    {
        var alice = await Server.RegisterAsync();
        var bob = await Server.RegisterAsync();
        await (await bob.Client.PutAsJsonAsync("/api/profile", new { username = bob.Username, displayName = "Bob" })).AssertOkJsonAsync();

        var aliceView = await (await alice.Client.GetAsync("/api/profile")).AssertOkJsonAsync();
        Assert.Equal(alice.Username, aliceView["username"]!.GetValue<string>());
        Assert.Null(aliceView["displayName"]);
    }

    [Fact]
    public async Task Unauthenticated_profile_requests_are_401()
    {
        using var anonymous = Server.CreateClient();
        await (await anonymous.GetAsync("/api/profile")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PutAsJsonAsync("/api/profile", new { username = "someone" })).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Concurrent_writes_to_one_user_all_commit_in_some_order()
    {
        var user = await Server.RegisterAsync();
        var writes = Enumerable.Range(0, 20).Select(i => user.Client.PutAsJsonAsync("/api/profile", new { username = user.Username, displayName = $"name {i}" }));
        var responses = await Task.WhenAll(writes);
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        var final = (await (await user.Client.GetAsync("/api/profile")).AssertOkJsonAsync())["displayName"]!.GetValue<string>();
        Assert.StartsWith("name ", final);
        await using var connection = await Server.GetService<Arena.Grains.Persistence.Database>().OpenAsync();
        var version = await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT version FROM users WHERE id = @id", new { id = user.Id });
        Assert.Equal(21, version); // created at 1, one bump per committed write
    }

    [Theory]
    [InlineData("Evil\u202Egnp.exe")]
    [InlineData("Iso\u2066late\u2069")]
    [InlineData("Two\r\nlines")]
    [InlineData("Tab\tbed")]
    [InlineData("Nul\u0000")]
    [InlineData("C1\u0085")]
    [InlineData("Zero\u200Bwidth")]
    [InlineData("\u3164")]
    public async Task A_display_name_that_does_not_show_what_it_says_is_refused_and_nothing_changes(string displayName)
    {
        var user = await Server.RegisterAsync();

        await (await user.Client.PutAsJsonAsync("/api/profile", new { username = user.Username, displayName }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "displayName");

        Assert.Null((await (await user.Client.GetAsync("/api/profile")).AssertOkJsonAsync())["displayName"]);
    }

    [Fact]
    public async Task Letters_of_any_script_and_emoji_sequences_are_a_display_name()
    {
        var user = await Server.RegisterAsync();
        const string Name = "Zoë مرحبا 👩‍💻 🇮🇳";

        await (await user.Client.PutAsJsonAsync("/api/profile", new { username = user.Username, displayName = Name })).AssertOkJsonAsync();

        Assert.Equal(Name, (await (await user.Client.GetAsync("/api/profile")).AssertOkJsonAsync())["displayName"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"username":"\ud800abc"}""", "username")]
    [InlineData("""{"displayName":"a\udc00"}""", "displayName")]
    public async Task A_lone_surrogate_escape_in_a_bound_field_is_a_400_naming_it(string json, string field)
    {
        var user = await Server.RegisterAsync();

        await (await user.Client.SendTextAsync(HttpMethod.Put, "/api/profile", json)).AssertProblemAsync(HttpStatusCode.BadRequest, field);

        var read = await (await user.Client.GetAsync("/api/profile")).AssertOkJsonAsync();
        Assert.Equal((user.Username, (JsonNode?)null), (read["username"]!.GetValue<string>(), read["displayName"]));
    }
}

public sealed class ProfileTestsOnSqlite(SqliteArena arena) : ProfileTests(arena), IClassFixture<SqliteArena>;

public sealed class ProfileTestsOnPostgres(PostgresArena arena) : ProfileTests(arena), IClassFixture<PostgresArena>;
