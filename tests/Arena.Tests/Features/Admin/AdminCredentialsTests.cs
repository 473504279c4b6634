namespace Arena.Tests.Features.Admin;

/// <summary>Credentials are write-only: the secret goes in and never comes out, in any answer, problem or log line.</summary>
public abstract class AdminCredentialsTests(AdminArena arena)
{
    private ArenaServer Server => arena.Server;

    private static string NewSecret() => "sk-" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");

    private static async Task<(HttpResponseMessage Response, string Text)> SendAsync(Task<HttpResponseMessage> request)
    {
        var response = await request;
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Neither the secret nor a recognizable piece of it appears in <paramref name="text"/>.</summary>
    private static void AssertNoSecret(string secret, string text)
    {
        Assert.DoesNotContain(secret, text);
        Assert.DoesNotContain(secret[3..19], text);
    }

    private void AssertNoSecretLogged(string secret) => Assert.All(arena.Logs.Lines, l => AssertNoSecret(secret, l.Text));

    [Fact]
    public async Task No_answer_to_any_credential_route_and_no_log_line_ever_contains_the_secret()
    {
        var admin = await arena.AdminAsync();
        var (secret, rotated) = (NewSecret(), NewSecret());
        var name = AdminKit.NewId("key");
        var texts = new List<string>();

        var (created, createdText) = await SendAsync(admin.Client.PostAsJsonAsync("/api/admin/credentials",
            new { name, kind = "api_key", secret, description = "xAI production key" }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        texts.Add(createdText);
        var body = JsonNode.Parse(createdText)!;
        var id = body["id"]!.GetValue<Guid>();
        Assert.Equal($"/api/admin/credentials/{id:D}", created.Headers.Location!.OriginalString);
        Assert.Equal(["createdAt", "description", "id", "keyId", "kind", "name", "rotatedAt", "version"], body.AsObject().Select(p => p.Key).Order());

        texts.Add((await SendAsync(admin.Client.GetAsync($"/api/admin/credentials/{id}"))).Text);
        texts.Add((await SendAsync(admin.Client.GetAsync("/api/admin/credentials"))).Text);
        var (rotation, rotationText) = await SendAsync(admin.Client.PutAsJsonAsync($"/api/admin/credentials/{id}/secret", new { secret = rotated, version = 1 }));
        Assert.Equal(HttpStatusCode.OK, rotation.StatusCode);
        texts.Add(rotationText);
        // Refusals that carry a secret in the request: a duplicate name, a stale rotation, an invalid api key.
        texts.Add((await SendAsync(admin.Client.PostAsJsonAsync("/api/admin/credentials", new { name, kind = "api_key", secret }))).Text);
        texts.Add((await SendAsync(admin.Client.PutAsJsonAsync($"/api/admin/credentials/{id}/secret", new { secret, version = 1 }))).Text);
        texts.Add((await SendAsync(admin.Client.PutAsJsonAsync($"/api/admin/credentials/{id}/secret", new { secret = secret + " \n" }))).Text);
        texts.Add((await SendAsync(admin.Client.PostAsJsonAsync("/api/admin/credentials", new { name = 42, kind = "api_key", secret }))).Text);
        texts.Add((await SendAsync(admin.Client.DeleteAsync($"/api/admin/credentials/{id}"))).Text);
        using (var anonymous = Server.CreateClient()) texts.Add((await SendAsync(anonymous.GetAsync("/openapi/v1.json"))).Text);

        Assert.All(texts, text => { AssertNoSecret(secret, text); AssertNoSecret(rotated, text); });
        AssertNoSecretLogged(secret);
        AssertNoSecretLogged(rotated);
        Assert.All(await Server.AuditEventsAsync(), e => { AssertNoSecret(secret, e.ToJsonString()); AssertNoSecret(rotated, e.ToJsonString()); });
        Assert.Contains(arena.Logs.Lines, l => l.Message.Contains(admin.Id.ToString()) && l.Message.Contains($"/api/admin/credentials/{id}"));
    }

    [Fact]
    public async Task Rotation_bumps_the_version_and_a_stale_rotation_is_a_conflict()
    {
        var admin = await arena.AdminAsync();
        var created = await (await admin.Client.PostAsJsonAsync("/api/admin/credentials", new { name = AdminKit.NewId("key"), kind = "exchange_key", secret = "line1\nline2" }))
            .AssertOkJsonAsync(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<Guid>();
        Assert.Equal((1L, null), (created["version"]!.GetValue<long>(), created["rotatedAt"]));

        var rotated = await (await admin.Client.PutAsJsonAsync($"/api/admin/credentials/{id}/secret", new { secret = "new-secret", version = 1 })).AssertOkJsonAsync();
        Assert.Equal(2L, rotated["version"]!.GetValue<long>());
        Assert.NotNull(rotated["rotatedAt"]);
        await (await admin.Client.PutAsJsonAsync($"/api/admin/credentials/{id}/secret", new { secret = "stale", version = 1 }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "version");
        var unversioned = await (await admin.Client.PutAsJsonAsync($"/api/admin/credentials/{id}/secret", new { secret = "any" })).AssertOkJsonAsync();
        Assert.Equal(3L, unversioned["version"]!.GetValue<long>());
        Assert.Equal(unversioned.ToJsonString(), (await (await admin.Client.GetAsync($"/api/admin/credentials/{id}")).AssertOkJsonAsync()).ToJsonString());
        await Server.AssertAuditedAsync(admin, "credentials", id.ToString("D"), "created");
        await (await admin.Client.PutAsJsonAsync($"/api/admin/credentials/{Guid.NewGuid()}/secret", new { secret = "x" })).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Invalid_fields_are_named_and_nothing_is_written()
    {
        var admin = await arena.AdminAsync();
        var before = await Server.ConfigSnapshotAsync();
        await (await admin.Client.PostAsJsonAsync("/api/admin/credentials", new { name = "", kind = "password", secret = "x", description = new string('d', 501) }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "name", "kind", "description");
        await (await admin.Client.PostAsJsonAsync("/api/admin/credentials", new { name = AdminKit.NewId("key"), kind = "api_key", secret = "has space" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "secret");
        await (await admin.Client.PostAsJsonAsync("/api/admin/credentials", new { name = AdminKit.NewId("key"), kind = "api_key" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "secret");
        Assert.Equal(before, await Server.ConfigSnapshotAsync());
        await (await admin.Client.GetAsync($"/api/admin/credentials/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await admin.Client.GetAsync("/api/admin/credentials/not-a-guid")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_credential_a_provider_uses_is_not_deleted_and_an_unused_one_is()
    {
        var admin = await arena.AdminAsync();
        var id = (await (await admin.Client.PostAsJsonAsync("/api/admin/credentials", new { name = AdminKit.NewId("key"), kind = "api_key", secret = NewSecret() }))
            .AssertOkJsonAsync(HttpStatusCode.Created))["id"]!.GetValue<Guid>();
        var provider = AdminKit.NewId("grok");
        await (await admin.Client.PostAsJsonAsync("/api/admin/providers", new { id = provider, name = "Grok", kind = "openai-compatible",
            baseUrl = "https://api.x.ai/v1", model = "grok-4", credentialId = id })).AssertOkJsonAsync(HttpStatusCode.Created);

        var refused = await (await admin.Client.DeleteAsync($"/api/admin/credentials/{id}")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains(provider, refused["detail"]!.GetValue<string>());
        await (await admin.Client.GetAsync($"/api/admin/credentials/{id}")).AssertOkJsonAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await admin.Client.DeleteAsync($"/api/admin/providers/{provider}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Client.DeleteAsync($"/api/admin/credentials/{id}")).StatusCode);
        await (await admin.Client.GetAsync($"/api/admin/credentials/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await Server.AssertAuditedAsync(admin, "credentials", id.ToString("D"), "deleted");
    }
}

public sealed class AdminCredentialsTestsOnSqlite(SqliteAdminArena arena) : AdminCredentialsTests(arena), IClassFixture<SqliteAdminArena>;

public sealed class AdminCredentialsTestsOnPostgres(PostgresAdminArena arena) : AdminCredentialsTests(arena), IClassFixture<PostgresAdminArena>;

/// <summary>A silo started without <c>ARENA_MASTER_KEY</c>.</summary>
public abstract class AdminCredentialsWithoutVaultTests(ArenaFixture arena)
{
    [Fact]
    public async Task Storing_or_rotating_a_secret_is_409_naming_the_variable_and_listing_still_works()
    {
        var admin = await arena.Server.RegisterAdminAsync();
        var before = await arena.Server.ConfigSnapshotAsync();
        var refused = await (await admin.Client.PostAsJsonAsync("/api/admin/credentials", new { name = "k", kind = "api_key", secret = "sk-no-vault" }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("ARENA_MASTER_KEY", refused["detail"]!.GetValue<string>());
        Assert.DoesNotContain("sk-no-vault", refused.ToJsonString());
        Assert.Equal(before, await arena.Server.ConfigSnapshotAsync());

        // A credential stored earlier under some key (metadata is readable without one): rotating it is refused the same way.
        var id = Guid.NewGuid();
        await using (var database = arena.Server.Database.Open())
            await database.InTransactionAsync(tx => tx.ExecuteAsync(
                "INSERT INTO credentials (id, name, kind, secret, key_id, created_at, version) VALUES (@id, 'old', 'api_key', @secret, 'abcd1234', @now, 1)",
                new { id, secret = new byte[40], now = DateTimeOffset.UtcNow }));
        var listed = (await (await admin.Client.GetAsync("/api/admin/credentials")).AssertOkJsonAsync()).AsArray();
        Assert.Equal(id, Assert.Single(listed)!["id"]!.GetValue<Guid>());
        await (await admin.Client.PutAsJsonAsync($"/api/admin/credentials/{id}/secret", new { secret = "sk-rotated" })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(1L, (await (await admin.Client.GetAsync($"/api/admin/credentials/{id}")).AssertOkJsonAsync())["version"]!.GetValue<long>());
    }
}

public sealed class AdminCredentialsWithoutVaultTestsOnSqlite(SqliteArena arena) : AdminCredentialsWithoutVaultTests(arena), IClassFixture<SqliteArena>;

public sealed class AdminCredentialsWithoutVaultTestsOnPostgres(PostgresArena arena) : AdminCredentialsWithoutVaultTests(arena), IClassFixture<PostgresArena>;
