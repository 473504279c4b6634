using Arena.Grains.Users;

namespace Arena.Tests.Features.Notifications;

public abstract class NotificationsTests(ArenaFixture arena)
{
    private ArenaServer Server => arena.Server;

    private static async Task<JsonObject> PageAsync(HttpClient client, string query = "") =>
        (await (await client.GetAsync("/api/notifications" + query)).AssertOkJsonAsync()).AsObject();

    private static JsonArray Items(JsonObject page) => page["items"]!.AsArray();

    private static string[] Titles(JsonObject page) => Items(page).Select(n => n!["title"]!.GetValue<string>()).ToArray();

    private async Task<Guid> NotifyAsync(TestUser user, string title, string kind = "test")
    {
        var sent = await Server.UserGrain(user.Id).Notify(new NotificationDraft(kind, title));
        Assert.True(sent.IsOk);
        return sent.Value!.Id;
    }

    private static Task<HttpResponseMessage> MarkReadAsync(HttpClient client, Guid id) =>
        client.PostAsync($"/api/notifications/{id}/read", null);

    [Fact]
    public async Task A_new_account_starts_with_an_unread_welcome_notification()
    {
        var user = await Server.RegisterAsync();
        var page = await PageAsync(user.Client);

        var welcome = Assert.Single(Items(page))!;
        Assert.Equal(NotificationRules.WelcomeKind, welcome["kind"]!.GetValue<string>());
        Assert.Contains(user.Username, welcome["title"]!.GetValue<string>());
        Assert.StartsWith("/", welcome["link"]!.GetValue<string>());
        Assert.Null(welcome["readAt"]);
        Assert.Equal(1, page["unreadCount"]!.GetValue<int>());
        Assert.Null(page["nextCursor"]);
        var createdAt = await Server.ScalarAsync<DateTimeOffset>("SELECT created_at FROM users WHERE id = @id", new { id = user.Id });
        Assert.Equal(createdAt, DateTimeOffset.Parse(welcome["createdAt"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_admin_notifies_a_user_and_it_is_listed_first_without_bumping_the_version()
    {
        var admin = await Server.RegisterAdminAsync();
        var user = await Server.RegisterAsync();
        var response = await admin.Client.PostAsJsonAsync($"/api/admin/users/{user.Id}/notifications",
            new { kind = "announcement", title = "  Season 2 starts Monday ", body = "New bots join the arena.", link = "https://arena.example.test/season-2" });
        var sent = await response.AssertOkJsonAsync(HttpStatusCode.Created);
        Assert.Equal("Season 2 starts Monday", sent["title"]!.GetValue<string>());

        var page = await PageAsync(user.Client);
        Assert.Equal(sent.ToJsonString(), Items(page)[0]!.ToJsonString());
        Assert.Equal(2, page["unreadCount"]!.GetValue<int>());
        Assert.Equal(1, await Server.UserVersionAsync(user.Id));
        Assert.Single(Items(await PageAsync(admin.Client)));
    }

    [Fact]
    public async Task The_admin_endpoint_is_403_for_plain_users_401_anonymously_and_404_for_unknown_users()
    {
        var user = await Server.RegisterAsync();
        var target = await Server.RegisterAsync();
        var body = new { kind = "announcement", title = "Hi" };
        await (await user.Client.PostAsJsonAsync($"/api/admin/users/{target.Id}/notifications", body)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await user.Client.PostAsJsonAsync($"/api/admin/users/{user.Id}/notifications", body)).AssertProblemAsync(HttpStatusCode.Forbidden);
        using var anonymous = Server.CreateClient();
        await (await anonymous.PostAsJsonAsync($"/api/admin/users/{target.Id}/notifications", body)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Single(Items(await PageAsync(target.Client)));
        Assert.Single(Items(await PageAsync(user.Client)));

        var admin = await Server.RegisterAdminAsync();
        await (await admin.Client.PostAsJsonAsync($"/api/admin/users/{Guid.NewGuid()}/notifications", body)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Invalid_notifications_name_each_field_and_nothing_is_written()
    {
        var admin = await Server.RegisterAdminAsync();
        var user = await Server.RegisterAsync();
        var url = $"/api/admin/users/{user.Id}/notifications";
        await (await admin.Client.PostAsJsonAsync(url, new { kind = "Not A Kind", title = new string('t', 201), body = new string('b', 2001), link = "javascript:alert(1)" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "kind", "title", "body", "link");
        await (await admin.Client.PostAsJsonAsync(url, new { })).AssertProblemAsync(HttpStatusCode.BadRequest, "kind", "title");
        foreach (var link in new[] { "//evil.example", "/\\evil.example", "ftp://files.example", "relative/path", "/has space" })
            await (await admin.Client.PostAsJsonAsync(url, new { kind = "k", title = "t", link })).AssertProblemAsync(HttpStatusCode.BadRequest, "link");
        foreach (var kind in new[] { " welcome", "welcome ", "Welcome" })
            await (await admin.Client.PostAsJsonAsync(url, new { kind, title = "t" })).AssertProblemAsync(HttpStatusCode.BadRequest, "kind");
        foreach (var title in new[] { "Pay\u202Eevil", "Two\nlines", "Zero\u200Bwidth" })
            await (await admin.Client.PostAsJsonAsync(url, new { kind = "k", title })).AssertProblemAsync(HttpStatusCode.BadRequest, "title");
        Assert.Single(Items(await PageAsync(user.Client)));

        foreach (var link in new[] { "/signals?tab=live", "http://example.test/x", "https://example.test/" })
            await (await admin.Client.PostAsJsonAsync(url, new { kind = "k", title = "t", body = new string('b', 2000), link })).AssertOkJsonAsync(HttpStatusCode.Created);
        Assert.Equal(4, Items(await PageAsync(user.Client)).Count);
    }

    [Fact]
    public async Task Marking_read_is_idempotent_and_the_unread_filter_and_count_follow_it()
    {
        var user = await Server.RegisterAsync();
        var id = await NotifyAsync(user, "Read me");
        Assert.Equal(HttpStatusCode.NoContent, (await MarkReadAsync(user.Client, id)).StatusCode);
        var readAt = Items(await PageAsync(user.Client)).Single(n => n!["id"]!.GetValue<Guid>() == id)!["readAt"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.NoContent, (await MarkReadAsync(user.Client, id)).StatusCode);
        var page = await PageAsync(user.Client);
        Assert.Equal(readAt, Items(page).Single(n => n!["id"]!.GetValue<Guid>() == id)!["readAt"]!.GetValue<string>());
        Assert.Equal(1, page["unreadCount"]!.GetValue<int>());
        var unread = await PageAsync(user.Client, "?unread=true");
        Assert.Equal([NotificationRules.WelcomeKind], Items(unread).Select(n => n!["kind"]!.GetValue<string>()));
        Assert.Equal(1, await Server.UserVersionAsync(user.Id));
    }

    [Fact]
    public async Task Read_all_marks_every_unread_one_and_reports_how_many()
    {
        var user = await Server.RegisterAsync();
        var first = await NotifyAsync(user, "one");
        await NotifyAsync(user, "two");
        await MarkReadAsync(user.Client, first);

        var updated = await (await user.Client.PostAsync("/api/notifications/read-all", null)).AssertOkJsonAsync();
        Assert.Equal(2, updated["updated"]!.GetValue<int>());
        var page = await PageAsync(user.Client);
        Assert.Equal(0, page["unreadCount"]!.GetValue<int>());
        Assert.All(Items(page), n => Assert.NotNull(n!["readAt"]));
        Assert.Empty(Items(await PageAsync(user.Client, "?unread=true")));
        Assert.Equal(0, (await (await user.Client.PostAsync("/api/notifications/read-all", null)).AssertOkJsonAsync())["updated"]!.GetValue<int>());
    }

    [Fact]
    public async Task Users_never_see_or_mark_each_others_notifications()
    {
        var alice = await Server.RegisterAsync();
        var bob = await Server.RegisterAsync();
        var alicesId = await NotifyAsync(alice, "For Alice only");

        await (await MarkReadAsync(bob.Client, alicesId)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await MarkReadAsync(bob.Client, Guid.NewGuid())).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(1, (await (await bob.Client.PostAsync("/api/notifications/read-all", null)).AssertOkJsonAsync())["updated"]!.GetValue<int>());
        var bobsPage = await PageAsync(bob.Client, "?limit=200");
        Assert.DoesNotContain(Items(bobsPage), n => n!["id"]!.GetValue<Guid>() == alicesId);
        Assert.DoesNotContain("For Alice only", Titles(bobsPage));
        // A cursor made from Alice's id still pages only through Bob's rows (his welcome is older).
        Assert.Equal([$"Welcome to Arena, {bob.Username}!"], Titles(await PageAsync(bob.Client, "?cursor=" + NotificationRules.CursorAfter(alicesId))));

        var alicesPage = await PageAsync(alice.Client);
        Assert.Equal(2, alicesPage["unreadCount"]!.GetValue<int>());
        Assert.Null(Items(alicesPage).Single(n => n!["id"]!.GetValue<Guid>() == alicesId)!["readAt"]);
    }

    [Fact]
    public async Task Every_notification_endpoint_needs_a_session()
    {
        using var anonymous = Server.CreateClient();
        await (await anonymous.GetAsync("/api/notifications")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await MarkReadAsync(anonymous, Guid.NewGuid())).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsync("/api/notifications/read-all", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Pages_walk_newest_first_with_no_duplicates_or_gaps_while_new_ones_arrive()
    {
        var user = await Server.RegisterAsync();
        for (var i = 0; i < 9; i++) await NotifyAsync(user, $"n{i}");
        var all = Items(await PageAsync(user.Client, "?limit=200")).Select(n => n!["id"]!.GetValue<Guid>()).ToArray();
        Assert.Equal(10, all.Length);
        Assert.Equal(["n8", "n7", "n6"], Titles(await PageAsync(user.Client, "?limit=3")));

        var walked = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await PageAsync(user.Client, "?limit=3" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            walked.AddRange(Items(page).Select(n => n!["id"]!.GetValue<Guid>()));
            cursor = page["nextCursor"]?.GetValue<string>();
            await NotifyAsync(user, $"arrived during page {pages++}");
        }
        while (cursor is not null);

        Assert.Equal(4, pages);
        Assert.Equal(all, walked);
        Assert.Equal(14, (await PageAsync(user.Client, "?limit=200"))["unreadCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_unread_filter_pages_too()
    {
        var user = await Server.RegisterAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++) ids.Add(await NotifyAsync(user, $"u{i}"));
        await MarkReadAsync(user.Client, ids[3]);
        await MarkReadAsync(user.Client, ids[1]);

        var first = await PageAsync(user.Client, "?unread=true&limit=2");
        Assert.Equal(["u4", "u2"], Titles(first));
        var second = await PageAsync(user.Client, "?unread=TRUE&limit=2&cursor=" + first["nextCursor"]!.GetValue<string>());
        Assert.Equal(["u0", $"Welcome to Arena, {user.Username}!"], Titles(second));
        Assert.Null(second["nextCursor"]);
        Assert.Equal(4, second["unreadCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Bad_paging_parameters_are_400_naming_each_one()
    {
        var user = await Server.RegisterAsync();
        await (await user.Client.GetAsync("/api/notifications?limit=0")).AssertProblemAsync(HttpStatusCode.BadRequest, "limit");
        await (await user.Client.GetAsync("/api/notifications?limit=-5")).AssertProblemAsync(HttpStatusCode.BadRequest, "limit");
        await (await user.Client.GetAsync("/api/notifications?limit=ten&cursor=not-a-cursor&unread=maybe"))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "limit", "cursor", "unread");
        await (await user.Client.GetAsync("/api/notifications?cursor=" + new string('A', 23))).AssertProblemAsync(HttpStatusCode.BadRequest, "cursor");

        for (var i = 0; i < 3; i++) await NotifyAsync(user, $"c{i}");
        var capped = await PageAsync(user.Client, "?limit=100000");
        Assert.Equal(4, Items(capped).Count);
    }

    [Fact]
    public async Task Concurrent_notifications_to_one_user_all_land_in_order_of_creation()
    {
        var admin = await Server.RegisterAdminAsync();
        var user = await Server.RegisterAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            admin.Client.PostAsJsonAsync($"/api/admin/users/{user.Id}/notifications", new { kind = "burst", title = $"b{i}" })));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));

        var items = Items(await PageAsync(user.Client, "?limit=50"));
        Assert.Equal(21, items.Count);
        Assert.Equal(21, items.Select(n => n!["id"]!.GetValue<Guid>()).Distinct().Count());
        var created = items.Select(n => DateTimeOffset.Parse(n!["createdAt"]!.GetValue<string>())).ToArray();
        Assert.Equal(created.OrderDescending(), created);
        Assert.Equal(1, await Server.UserVersionAsync(user.Id));
    }

    [Fact]
    public async Task Notifications_and_their_read_state_survive_a_restart()
    {
        await using var server = await ArenaServer.StartAsync(await DatabaseTarget.CreateAsync(arena.Dialect));
        var user = await server.RegisterAsync();
        var sent = await server.UserGrain(user.Id).Notify(new NotificationDraft("test", "Persisted", "body", "/live"));
        Assert.Equal(HttpStatusCode.NoContent, (await MarkReadAsync(user.Client, sent.Value!.Id)).StatusCode);
        var before = (await PageAsync(user.Client)).ToJsonString();

        await server.RestartAsync();

        using var client = server.CreateClient(user.Token);
        Assert.Equal(before, (await PageAsync(client)).ToJsonString());
    }
}

public sealed class NotificationsTestsOnSqlite(SqliteArena arena) : NotificationsTests(arena), IClassFixture<SqliteArena>;

public sealed class NotificationsTestsOnPostgres(PostgresArena arena) : NotificationsTests(arena), IClassFixture<PostgresArena>;
