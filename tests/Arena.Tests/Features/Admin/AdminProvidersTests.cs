namespace Arena.Tests.Features.Admin;

public abstract class AdminProvidersTests(AdminArena arena)
{
    private ArenaServer Server => arena.Server;

    // A create names its id and no version (it has none yet); a replacement takes the id from the route and names the version it read.
    private static JsonObject OpenAi(string? id, long? version = null, string model = "grok-4", Guid? credentialId = null)
    {
        var body = new JsonObject
        {
            ["name"] = "xAI Grok", ["kind"] = "openai-compatible", ["baseUrl"] = "https://api.x.ai/v1/", ["model"] = model,
            ["credentialId"] = credentialId?.ToString(), ["timeoutSeconds"] = 20, ["temperature"] = 0.3m,
        };
        if (id is not null) body["id"] = id;
        if (version is not null) body["version"] = version;
        return body;
    }

    [Fact]
    public async Task A_created_provider_reads_back_alone_and_in_the_list_and_is_audited()
    {
        var admin = await arena.AdminAsync();
        var id = AdminKit.NewId("grok");
        var created = await (await admin.Client.PostAsJsonAsync("/api/admin/providers", OpenAi(id))).AssertOkJsonAsync(HttpStatusCode.Created);

        Assert.Equal(id, created["id"]!.GetValue<string>());
        Assert.Equal("https://api.x.ai/v1", created["baseUrl"]!.GetValue<string>());
        Assert.Equal((20, 2, 4, true, true, 1L), (created["timeoutSeconds"]!.GetValue<int>(), created["maxRetries"]!.GetValue<int>(),
            created["maxConcurrency"]!.GetValue<int>(), created["jsonMode"]!.GetValue<bool>(), created["isActive"]!.GetValue<bool>(), created["version"]!.GetValue<long>()));
        Assert.Equal(0.3m, created["temperature"]!.GetValue<decimal>());
        Assert.Equal(created.ToJsonString(), (await (await admin.Client.GetAsync($"/api/admin/providers/{id}")).AssertOkJsonAsync()).ToJsonString());
        var list = (await (await admin.Client.GetAsync("/api/admin/providers")).AssertOkJsonAsync()).AsArray();
        Assert.Contains(list, p => p!["id"]!.GetValue<string>() == id);
        await Server.AssertAuditedAsync(admin, "providers", id, "created");
    }

    [Fact]
    public async Task Invalid_fields_are_named_and_nothing_is_written()
    {
        var admin = await arena.AdminAsync();
        var before = await Server.ConfigSnapshotAsync();
        var response = await admin.Client.PostAsJsonAsync("/api/admin/providers",
            new { id = "Bad Id!", name = "", kind = "openai-compatible", baseUrl = "http://169.254.169.254/latest", strategy = "momentum", timeoutSeconds = 0, maxRetries = 9 });
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "id", "name", "baseUrl", "model", "strategy", "timeoutSeconds", "maxRetries");
        await (await admin.Client.PostAsJsonAsync("/api/admin/providers", new { id = "typed", name = "x", kind = "rules", strategy = "momentum", maxRetries = "two" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "maxRetries");
        // The name is shown on every bot's public page: it must display as stored.
        await (await admin.Client.PostAsJsonAsync("/api/admin/providers", new { id = "spoof", name = "Rules\u202Eevil", kind = "rules", strategy = "momentum" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "name");
        Assert.Equal(before, await Server.ConfigSnapshotAsync());
    }

    [Fact]
    public async Task An_update_replaces_every_field_and_bumps_the_version()
    {
        var admin = await arena.AdminAsync();
        var id = AdminKit.NewId("grok");
        await (await admin.Client.PostAsJsonAsync("/api/admin/providers", OpenAi(id))).AssertOkJsonAsync(HttpStatusCode.Created);

        var updated = await (await admin.Client.PutAsJsonAsync($"/api/admin/providers/{id}", OpenAi(null, version: 1, model: "grok-4-fast")))
            .AssertOkJsonAsync();
        Assert.Equal(("grok-4-fast", 2L), (updated["model"]!.GetValue<string>(), updated["version"]!.GetValue<long>()));
        var read = await (await admin.Client.GetAsync($"/api/admin/providers/{id}")).AssertOkJsonAsync();
        Assert.Equal("grok-4-fast", read["model"]!.GetValue<string>());
        await Server.AssertAuditedAsync(admin, "providers", id, "updated");
    }

    [Fact]
    public async Task An_update_from_a_stale_version_is_a_conflict_and_one_without_a_version_is_refused()
    {
        var admin = await arena.AdminAsync();
        var id = AdminKit.NewId("grok");
        await (await admin.Client.PostAsJsonAsync("/api/admin/providers", OpenAi(id))).AssertOkJsonAsync(HttpStatusCode.Created);
        await (await admin.Client.PutAsJsonAsync($"/api/admin/providers/{id}", OpenAi(null, version: 1, model: "first-edit"))).AssertOkJsonAsync();

        await (await admin.Client.PutAsJsonAsync($"/api/admin/providers/{id}", OpenAi(null, version: 1, model: "stale-edit")))
            .AssertProblemAsync(HttpStatusCode.Conflict, "version");
        await (await admin.Client.PutAsJsonAsync($"/api/admin/providers/{id}", OpenAi(null, version: null, model: "blind-edit")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "version");
        await (await admin.Client.PutAsJsonAsync("/api/admin/providers/no-such-provider", OpenAi(null, version: 1)))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        var read = await (await admin.Client.GetAsync($"/api/admin/providers/{id}")).AssertOkJsonAsync();
        Assert.Equal(("first-edit", 2L), (read["model"]!.GetValue<string>(), read["version"]!.GetValue<long>()));
    }

    [Fact]
    public async Task Of_concurrent_updates_from_the_same_version_exactly_one_wins()
    {
        var admin = await arena.AdminAsync();
        var id = AdminKit.NewId("grok");
        await (await admin.Client.PostAsJsonAsync("/api/admin/providers", OpenAi(id))).AssertOkJsonAsync(HttpStatusCode.Created);
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            admin.Client.PutAsJsonAsync($"/api/admin/providers/{id}", OpenAi(null, version: 1, model: $"model-{i}"))));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(9, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(2L, (await (await admin.Client.GetAsync($"/api/admin/providers/{id}")).AssertOkJsonAsync())["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_duplicate_id_is_a_conflict()
    {
        var admin = await arena.AdminAsync();
        var id = await admin.CreateRulesProviderAsync();
        await (await admin.Client.PostAsJsonAsync("/api/admin/providers", OpenAi(id))).AssertProblemAsync(HttpStatusCode.Conflict, "id");
        Assert.Equal("rules", (await (await admin.Client.GetAsync($"/api/admin/providers/{id}")).AssertOkJsonAsync())["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_provider_a_bot_uses_is_not_deleted_and_an_unused_one_is()
    {
        var admin = await arena.AdminAsync();
        var used = await admin.CreateRulesProviderAsync();
        var bot = (await admin.CreateBotAsync(used))["id"]!.GetValue<string>();
        var refused = await (await admin.Client.DeleteAsync($"/api/admin/providers/{used}")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains(bot, refused["detail"]!.GetValue<string>());
        await (await admin.Client.GetAsync($"/api/admin/providers/{used}")).AssertOkJsonAsync();

        var unused = await admin.CreateRulesProviderAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Client.DeleteAsync($"/api/admin/providers/{unused}")).StatusCode);
        await (await admin.Client.GetAsync($"/api/admin/providers/{unused}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await admin.Client.DeleteAsync($"/api/admin/providers/{unused}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await Server.AssertAuditedAsync(admin, "providers", unused, "deleted");
    }

    [Fact]
    public async Task A_provider_shows_its_credential_id_and_never_the_secret()
    {
        var admin = await arena.AdminAsync();
        var secret = "sk-provider-" + Guid.NewGuid().ToString("N");
        var credential = await (await admin.Client.PostAsJsonAsync("/api/admin/credentials", new { name = AdminKit.NewId("key"), kind = "api_key", secret }))
            .AssertOkJsonAsync(HttpStatusCode.Created);
        var credentialId = credential["id"]!.GetValue<Guid>();
        var id = AdminKit.NewId("grok");

        var texts = new List<string>
        {
            await (await admin.Client.PostAsJsonAsync("/api/admin/providers", OpenAi(id, credentialId: credentialId))).Content.ReadAsStringAsync(),
            await (await admin.Client.GetAsync($"/api/admin/providers/{id}")).Content.ReadAsStringAsync(),
            await (await admin.Client.GetAsync("/api/admin/providers")).Content.ReadAsStringAsync(),
        };
        Assert.Contains(credentialId.ToString("D"), texts[1]);
        Assert.All(texts, text => Assert.DoesNotContain(secret, text));
    }
}

public sealed class AdminProvidersTestsOnSqlite(SqliteAdminArena arena) : AdminProvidersTests(arena), IClassFixture<SqliteAdminArena>;

public sealed class AdminProvidersTestsOnPostgres(PostgresAdminArena arena) : AdminProvidersTests(arena), IClassFixture<PostgresAdminArena>;
