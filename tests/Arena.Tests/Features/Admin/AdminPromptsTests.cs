namespace Arena.Tests.Features.Admin;

public abstract class AdminPromptsTests(AdminArena arena)
{
    private ArenaServer Server => arena.Server;

    [Fact]
    public async Task A_new_prompt_becomes_version_two_and_active_and_version_one_is_kept()
    {
        var admin = await arena.AdminAsync();
        var id = (await admin.CreateBotAsync(await admin.CreateRulesProviderAsync(), prompt: "Version one."))["id"]!.GetValue<string>();

        var added = await admin.Client.PostAsJsonAsync($"/api/admin/bots/{id}/prompts", new { prompt = "Version two.", note = "tighter stops" });
        var v2 = await added.AssertOkJsonAsync(HttpStatusCode.Created);
        Assert.Equal($"/api/admin/bots/{id}/prompts/2", added.Headers.Location!.OriginalString);
        Assert.Equal((2, "Version two.", "tighter stops", true), (v2["version"]!.GetValue<int>(), v2["prompt"]!.GetValue<string>(),
            v2["note"]!.GetValue<string>(), v2["active"]!.GetValue<bool>()));
        await (await admin.Client.PostAsJsonAsync($"/api/admin/bots/{id}/prompts", new { prompt = "Version three." })).AssertOkJsonAsync(HttpStatusCode.Created);

        var list = (await (await admin.Client.GetAsync($"/api/admin/bots/{id}/prompts")).AssertOkJsonAsync()).AsArray();
        Assert.Equal([1, 2, 3], list.Select(p => p!["version"]!.GetValue<int>()));
        Assert.Equal([false, false, true], list.Select(p => p!["active"]!.GetValue<bool>()));
        Assert.Equal(("Version one.", "first"), (list[0]!["prompt"]!.GetValue<string>(), list[0]!["note"]!.GetValue<string>()));
        var v1 = await (await admin.Client.GetAsync($"/api/admin/bots/{id}/prompts/1")).AssertOkJsonAsync();
        Assert.Equal(list[0]!.ToJsonString(), v1.ToJsonString());
        Assert.Equal(3, (await (await admin.Client.GetAsync($"/api/admin/bots/{id}")).AssertOkJsonAsync())["activePromptVersion"]!.GetValue<int>());
        await Server.AssertAuditedAsync(admin, "bots", id, "prompt v2 added");
    }

    [Fact]
    public async Task An_empty_or_oversized_prompt_is_refused_and_nothing_is_written()
    {
        var admin = await arena.AdminAsync();
        var id = (await admin.CreateBotAsync(await admin.CreateRulesProviderAsync()))["id"]!.GetValue<string>();
        var before = await Server.ConfigSnapshotAsync();
        await (await admin.Client.PostAsJsonAsync($"/api/admin/bots/{id}/prompts", new { prompt = "  ", note = new string('n', 501) }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "prompt", "note");
        await (await admin.Client.PostAsJsonAsync($"/api/admin/bots/{id}/prompts", new { prompt = new string('p', 20_001) }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "prompt");
        Assert.Equal(before, await Server.ConfigSnapshotAsync());
    }

    [Fact]
    public async Task Unknown_bots_and_versions_are_404()
    {
        var admin = await arena.AdminAsync();
        var id = (await admin.CreateBotAsync(await admin.CreateRulesProviderAsync()))["id"]!.GetValue<string>();
        await (await admin.Client.GetAsync($"/api/admin/bots/{id}/prompts/2")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await admin.Client.GetAsync("/api/admin/bots/no-such-bot/prompts")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await admin.Client.GetAsync("/api/admin/bots/no-such-bot/prompts/1")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await admin.Client.PostAsJsonAsync("/api/admin/bots/no-such-bot/prompts", new { prompt = "x" })).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    /// <summary>Every GET route that takes no parameter and is open to non-admins (what spectators and users can read).</summary>
    private async Task<IReadOnlyList<string>> NonAdminReadRoutesAsync()
    {
        using var anonymous = Server.CreateClient();
        var document = await (await anonymous.GetAsync("/openapi/v1.json")).AssertOkJsonAsync();
        return document["paths"]!.AsObject()
            .Where(p => !p.Key.Contains('{') && !p.Key.StartsWith("/api/admin", StringComparison.Ordinal) && p.Value!["get"] is not null)
            .Select(p => p.Key).ToArray();
    }

    [Fact]
    public async Task Prompts_never_appear_in_any_non_admin_endpoint_or_public_event()
    {
        var admin = await arena.AdminAsync();
        var user = await arena.UserAsync();
        var marker = "secret-strategy-" + Guid.NewGuid().ToString("N");
        var id = (await admin.CreateBotAsync(await admin.CreateRulesProviderAsync(), prompt: $"Prompt v1 {marker}"))["id"]!.GetValue<string>();
        await (await admin.Client.PostAsJsonAsync($"/api/admin/bots/{id}/prompts", new { prompt = $"Prompt v2 {marker}", note = marker }))
            .AssertOkJsonAsync(HttpStatusCode.Created);
        await (await admin.Client.PostAsync($"/api/admin/bots/{id}/pause", null)).AssertOkJsonAsync();

        var routes = await NonAdminReadRoutesAsync();
        Assert.Contains("/api/activity", routes);
        using var anonymous = Server.CreateClient();
        foreach (var client in new[] { anonymous, user.Client })
        foreach (var route in routes)
        {
            var text = await (await client.GetAsync(route)).Content.ReadAsStringAsync();
            Assert.DoesNotContain(marker, text);
        }
        await using var database = Server.Database.Open();
        var payloads = await database.ReadAsync(c => Dapper.SqlMapper.QueryAsync<string>(c, "SELECT payload FROM activity_events WHERE bot_id = @id", new { id }));
        Assert.NotEmpty(payloads);
        Assert.All(payloads, p => Assert.DoesNotContain(marker, p));
    }
}

public sealed class AdminPromptsTestsOnSqlite(SqliteAdminArena arena) : AdminPromptsTests(arena), IClassFixture<SqliteAdminArena>;

public sealed class AdminPromptsTestsOnPostgres(PostgresAdminArena arena) : AdminPromptsTests(arena), IClassFixture<PostgresAdminArena>;
