using Arena.Grains.AgentChat;
using Arena.Tests.Features.Admin;
using Arena.Tests.Features.Streams;
using Arena.Tests.Providers;

namespace Arena.Tests.Features.Agents;

/// <summary>An admin arena (master key, no turns) with a fake OpenAI-compatible server and a small daily chat budget.</summary>
public abstract class AgentChatArena(Dialect dialect) : AdminArena(dialect), IAsyncLifetime
{
    public const int Budget = 1_000;

    public FakeChatServer Chat { get; private set; } = null!;

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Arena:AgentChat:DailyTokenBudget"] = Budget.ToString(CultureInfo.InvariantCulture);
            settings["Arena:AgentChat:ReplyTimeout"] = "00:00:05";
            return settings;
        }
    }

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Chat = await FakeChatServer.StartAsync();
    }

    public new async Task DisposeAsync()
    {
        await Chat.DisposeAsync();
        await base.DisposeAsync();
    }
}

public sealed class SqliteAgentChatArena() : AgentChatArena(Dialect.Sqlite);

public sealed class PostgresAgentChatArena() : AgentChatArena(Dialect.Postgres);

/// <summary><c>/api/agents/{botId}/chat</c> end to end: replies, history, privacy, the budget, provider failures and the user's stream.</summary>
public abstract class AgentChatTests(AgentChatArena arena)
{
    private const string SecretPrompt = "SECRET-PROMPT: you secretly love DOGE and never tell anyone 7f3a";

    private ArenaServer Server => arena.Server;

    private static string Chat(string botId) => $"/api/agents/{botId}/chat";

    private async Task<string> RulesBotAsync()
    {
        var admin = await arena.AdminAsync();
        var provider = await admin.CreateRulesProviderAsync();
        return (await admin.CreateBotAsync(provider, prompt: SecretPrompt))["id"]!.GetValue<string>();
    }

    /// <summary>A bot whose provider is the fake server's scenario, with a stored API key; returns the bot id and the key.</summary>
    private async Task<(string Bot, string Key)> ModelBotAsync(FakeScenario scenario)
    {
        var admin = await arena.AdminAsync();
        var key = "sk-chat-" + Guid.NewGuid().ToString("N");
        var credential = (await (await admin.Client.PostAsJsonAsync("/api/admin/credentials", new { name = AdminKit.NewId("key"), kind = "api_key", secret = key }))
            .AssertOkJsonAsync(HttpStatusCode.Created))["id"]!.GetValue<Guid>();
        var provider = AdminKit.NewId("chat");
        await (await admin.Client.PostAsJsonAsync("/api/admin/providers", new
        {
            id = provider, name = "Fake chat", kind = "openai-compatible", baseUrl = scenario.BaseUrl, model = "fake-model", maxRetries = 0, credentialId = credential,
        })).AssertOkJsonAsync(HttpStatusCode.Created);
        return ((await admin.CreateBotAsync(provider, prompt: SecretPrompt))["id"]!.GetValue<string>(), key);
    }

    private static Task<HttpResponseMessage> SendAsync(TestUser user, string botId, string message) =>
        user.Client.PostAsJsonAsync(Chat(botId), new { message });

    private static async Task<JsonObject> HistoryAsync(HttpClient client, string botId, string query = "") =>
        (await (await client.GetAsync(Chat(botId) + query)).AssertOkJsonAsync()).AsObject();

    private static JsonObject[] Items(JsonObject page) => page["items"]!.AsArray().Select(m => m!.AsObject()).ToArray();

    private Task<long> RowsAsync(TestUser user) => Server.CountAsync("SELECT count(*) FROM agent_chat_messages WHERE user_id = @id", new { id = user.Id });

    [Fact]
    public async Task A_rules_bot_answers_in_character_and_deterministically_from_its_public_context()
    {
        var bot = await RulesBotAsync();
        var user = await Server.RegisterAsync();

        var first = (await (await SendAsync(user, bot, "  What positions do you hold?  ")).AssertOkJsonAsync()).AsObject();
        var second = (await (await SendAsync(user, bot, "What positions do you hold?")).AssertOkJsonAsync()).AsObject();

        var (message, reply) = (first["message"]!, first["reply"]!);
        Assert.Equal(("user", "ok", "What positions do you hold?"), (message["role"]!.GetValue<string>(), message["status"]!.GetValue<string>(), message["content"]!.GetValue<string>()));
        Assert.Equal(("agent", "ok", 0), (reply["role"]!.GetValue<string>(), reply["status"]!.GetValue<string>(), reply["tokens"]!.GetValue<int>()));
        Assert.Equal(message["id"]!.GetValue<Guid>(), reply["replyTo"]!.GetValue<Guid>());
        var text = reply["content"]!.GetValue<string>();
        Assert.StartsWith($"I am Bot {bot}, a rules-based bot.", text);
        Assert.Contains("No open positions.", text);
        Assert.Equal(text, second["reply"]!["content"]!.GetValue<string>());
        Assert.DoesNotContain("SECRET", text, StringComparison.OrdinalIgnoreCase);
        Assert.Null(first["error"]);
        Assert.Equal((0, AgentChatArena.Budget), (first["tokensUsedToday"]!.GetValue<int>(), first["dailyTokenBudget"]!.GetValue<int>()));
    }

    [Fact]
    public async Task The_history_survives_a_new_session_newest_first_in_cursor_pages()
    {
        var bot = await RulesBotAsync();
        var user = await Server.RegisterAsync();
        foreach (var n in new[] { "one", "two", "three" }) await (await SendAsync(user, bot, "message " + n)).AssertOkJsonAsync();

        // Another device: a new sign-in, a new client.
        using var anonymous = Server.CreateClient();
        var token = (await (await anonymous.PostAsJsonAsync("/api/auth/login", new { login = user.Username, password = user.Password })).AssertOkJsonAsync())["token"]!.GetValue<string>();
        using var device = Server.CreateClient(token);
        var page1 = await HistoryAsync(device, bot, "?limit=4");
        var page2 = await HistoryAsync(device, bot, "?limit=4&cursor=" + Uri.EscapeDataString(page1["nextCursor"]!.GetValue<string>()));

        var all = Items(page1).Concat(Items(page2)).ToArray();
        Assert.Equal(["agent", "user", "agent", "user", "agent", "user"], all.Select(m => m["role"]!.GetValue<string>()));
        Assert.Equal(["message three", "message two", "message one"], all.Where(m => m["role"]!.GetValue<string>() == "user").Select(m => m["content"]!.GetValue<string>()));
        Assert.Null(page2["nextCursor"]);
        for (var i = 0; i < all.Length; i += 2) Assert.Equal(all[i + 1]["id"]!.GetValue<Guid>(), all[i]["replyTo"]!.GetValue<Guid>());
        await (await device.GetAsync(Chat(bot) + "?cursor=bm90LWEtY3Vyc29y")).AssertProblemAsync(HttpStatusCode.BadRequest, "cursor");
    }

    [Fact]
    public async Task Another_user_sees_an_empty_history_and_unknown_bots_are_404()
    {
        var bot = await RulesBotAsync();
        var alice = await Server.RegisterAsync();
        var bob = await Server.RegisterAsync();
        await (await SendAsync(alice, bot, "alice's private question")).AssertOkJsonAsync();
        await (await SendAsync(alice, bot, "another one")).AssertOkJsonAsync();
        var alicePage = await HistoryAsync(alice.Client, bot, "?limit=1");

        Assert.Empty(Items(await HistoryAsync(bob.Client, bot)));
        var withAlicesCursor = await HistoryAsync(bob.Client, bot, "?cursor=" + Uri.EscapeDataString(alicePage["nextCursor"]!.GetValue<string>()));
        Assert.Empty(Items(withAlicesCursor));

        await (await bob.Client.GetAsync(Chat("no-such-bot"))).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await SendAsync(bob, "no-such-bot", "hello")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, await RowsAsync(bob));
        using var anonymous = Server.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Chat(bot))).StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("ring \u0007 bell")]
    [InlineData("hidden \u202E text")]
    public async Task A_bad_message_is_400_naming_message_and_writes_nothing(string message)
    {
        var bot = await RulesBotAsync();
        var user = await Server.RegisterAsync();
        await (await SendAsync(user, bot, message)).AssertProblemAsync(HttpStatusCode.BadRequest, "message");
        await (await SendAsync(user, bot, new string('x', AgentChatRules.MaxMessageLength + 1))).AssertProblemAsync(HttpStatusCode.BadRequest, "message");
        await (await user.Client.PostAsJsonAsync(Chat(bot), new { })).AssertProblemAsync(HttpStatusCode.BadRequest, "message");
        Assert.Equal(0, await RowsAsync(user));

        var lines = (await (await SendAsync(user, bot, "first line\r\nsecond line")).AssertOkJsonAsync())["message"]!["content"]!.GetValue<string>();
        Assert.Equal("first line\nsecond line", lines);
    }

    [Fact]
    public async Task The_provider_sees_the_public_context_and_this_chats_history_but_never_the_prompt_or_other_chats()
    {
        var scenario = arena.Chat.Scenario((n, c) => FakeChatServer.Completion(c, $"Reply {n}: I stay flat for now.", promptTokens: 50, completionTokens: 10));
        var (bot, key) = await ModelBotAsync(scenario);
        var other = await RulesBotAsync();
        var user = await Server.RegisterAsync();
        await (await SendAsync(user, other, "a question for the other bot")).AssertOkJsonAsync();

        var first = (await (await SendAsync(user, bot, "How are you doing?")).AssertOkJsonAsync()).AsObject();
        var second = (await (await SendAsync(user, bot, "And why?")).AssertOkJsonAsync()).AsObject();

        Assert.Equal(("Reply 1: I stay flat for now.", 60), (first["reply"]!["content"]!.GetValue<string>(), first["reply"]!["tokens"]!.GetValue<int>()));
        Assert.Equal(120, second["tokensUsedToday"]!.GetValue<int>());
        var requests = scenario.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.All(requests, r => Assert.Equal("Bearer " + key, r.Authorization));
        var system = requests[0].Body["messages"]![0]!;
        Assert.Equal("system", system["role"]!.GetValue<string>());
        Assert.Contains($"You are Bot {bot}", system["content"]!.GetValue<string>());
        Assert.Contains("No open positions.", system["content"]!.GetValue<string>());
        Assert.False(requests[0].Body.ContainsKey("response_format"));
        var turns = requests[1].Body["messages"]!.AsArray().Skip(1).Select(m => (m!["role"]!.GetValue<string>(), m["content"]!.GetValue<string>())).ToArray();
        Assert.Equal([("user", "How are you doing?"), ("assistant", "Reply 1: I stay flat for now."), ("user", "And why?")], turns);
        foreach (var (_, body) in requests)
        {
            Assert.DoesNotContain("SECRET-PROMPT", body.ToJsonString());
            Assert.DoesNotContain("other bot", body.ToJsonString());
            Assert.DoesNotContain(key, body.ToJsonString());
        }
    }

    [Fact]
    public async Task A_spent_budget_is_429_until_the_next_utc_day_and_stores_nothing()
    {
        var scenario = arena.Chat.Scenario((_, c) => FakeChatServer.Completion(c, "Fine.", promptTokens: 700, completionTokens: 400));
        var (bot, _) = await ModelBotAsync(scenario);
        var user = await Server.RegisterAsync();
        var rules = await RulesBotAsync();

        var first = (await (await SendAsync(user, bot, "hello")).AssertOkJsonAsync()).AsObject();
        Assert.Equal(1_100, first["tokensUsedToday"]!.GetValue<int>());
        var refused = await SendAsync(user, bot, "again");
        var problem = await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("1000 tokens", problem["detail"]!.GetValue<string>());
        var retryAfter = refused.Headers.RetryAfter!.Delta!.Value;
        var untilMidnight = DateTimeOffset.UtcNow.UtcDateTime.Date.AddDays(1) - DateTimeOffset.UtcNow.UtcDateTime;
        Assert.InRange(retryAfter.TotalSeconds, untilMidnight.TotalSeconds - 60, untilMidnight.TotalSeconds + 60);
        // The budget is the user's, over every bot.
        await (await SendAsync(user, rules, "and you?")).AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal(2, await RowsAsync(user));
        Assert.Equal(1, scenario.Calls);
    }

    [Fact]
    public async Task Two_messages_sent_at_once_cannot_both_spend_the_budget()
    {
        var scenario = arena.Chat.Scenario(async (_, c) =>
        {
            await Task.Delay(300);
            await FakeChatServer.Completion(c, "Fine.", promptTokens: 700, completionTokens: 400);
        });
        var (bot, _) = await ModelBotAsync(scenario);
        var user = await Server.RegisterAsync();

        var answers = await Task.WhenAll(SendAsync(user, bot, "one"), SendAsync(user, bot, "two"));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.TooManyRequests], answers.Select(a => a.StatusCode).Order());
        Assert.Equal(1, scenario.Calls);
        Assert.Equal(2, await RowsAsync(user));
    }

    [Fact]
    public async Task A_provider_failure_is_a_502_problem_and_the_message_is_stored_failed()
    {
        var scenario = arena.Chat.Scenario((n, c) => n == 1
            ? FakeChatServer.Status(c, 500, "upstream exploded at https://internal.example")
            : FakeChatServer.Completion(c, "Back."));
        var (bot, key) = await ModelBotAsync(scenario);
        var user = await Server.RegisterAsync();

        var failed = await SendAsync(user, bot, "are you there?");
        var problem = await failed.AssertProblemAsync(HttpStatusCode.BadGateway);
        Assert.Equal("HTTP 500 Internal Server Error", problem["error"]!.GetValue<string>());
        Assert.DoesNotContain("internal.example", problem.ToJsonString());
        Assert.DoesNotContain(key, problem.ToJsonString());

        var only = Assert.Single(Items(await HistoryAsync(user.Client, bot)));
        Assert.Equal(("user", "failed", "are you there?"), (only["role"]!.GetValue<string>(), only["status"]!.GetValue<string>(), only["content"]!.GetValue<string>()));
        Assert.Equal(problem["messageId"]!.GetValue<Guid>(), only["id"]!.GetValue<Guid>());

        // The next message is answered; the failed one is not sent to the provider as history.
        await (await SendAsync(user, bot, "hello")).AssertOkJsonAsync();
        Assert.Equal(2, scenario.Requests.Last().Body["messages"]!.AsArray().Count);
        Assert.Equal(["agent", "user", "user"], Items(await HistoryAsync(user.Client, bot)).Select(m => m["role"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_provider_that_never_answers_times_out_as_a_502()
    {
        var scenario = arena.Chat.Scenario(async (_, c) => await Task.Delay(TimeSpan.FromSeconds(30), c.RequestAborted));
        var (bot, _) = await ModelBotAsync(scenario);
        var user = await Server.RegisterAsync();
        await (await SendAsync(user, bot, "hello?")).AssertProblemAsync(HttpStatusCode.BadGateway);
        Assert.Equal("failed", Assert.Single(Items(await HistoryAsync(user.Client, bot)))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_reply_arrives_on_the_users_own_stream_and_nowhere_else()
    {
        var bot = await RulesBotAsync();
        var alice = await Server.RegisterAsync();
        var bob = await Server.RegisterAsync();
        await Server.SettleAsync();
        await using var aliceStream = await StreamClient.ConnectAsync(Server, "/ws/me", o => o.SetRequestHeader("Authorization", "Bearer " + alice.Token));
        await using var bobStream = await StreamClient.ConnectAsync(Server, "/ws/me", o => o.SetRequestHeader("Authorization", "Bearer " + bob.Token));
        await using var spectator = await StreamClient.ConnectAsync(Server, "/ws/arena");
        Assert.True((await aliceStream.NextAsync()).Is("snapshot"));

        var sent = (await (await SendAsync(alice, bot, "what did you decide?")).AssertOkJsonAsync()).AsObject();

        var got = (await aliceStream.NextUntilAsync(m => m.IsEvent() && m.Type() == AgentChatRepliedEvent.Type)).Last();
        Assert.Equal(bot, got["data"]!["botId"]!.GetValue<string>());
        Assert.Equal(sent["reply"]!["id"]!.GetValue<Guid>(), got["data"]!["messageId"]!.GetValue<Guid>());
        Assert.Equal(sent["message"]!["id"]!.GetValue<Guid>(), got["data"]!["replyTo"]!.GetValue<Guid>());
        Assert.Equal(sent["reply"]!["content"]!.GetValue<string>(), got["data"]!["content"]!.GetValue<string>());
        Assert.Equal(1, await Server.CountAsync("SELECT count(*) FROM activity_events WHERE type = 'agent_chat.replied' AND user_id = @id AND visibility = 'user'",
            new { id = alice.Id }));
        await Server.SettleAsync();
        Assert.DoesNotContain(bobStream.Raw.Concat(spectator.Raw), m => m.Contains(AgentChatRepliedEvent.Type, StringComparison.Ordinal));
    }
}

public sealed class AgentChatTestsOnSqlite(SqliteAgentChatArena arena) : AgentChatTests(arena), IClassFixture<SqliteAgentChatArena>;

public sealed class AgentChatTestsOnPostgres(PostgresAgentChatArena arena) : AgentChatTests(arena), IClassFixture<PostgresAgentChatArena>;
