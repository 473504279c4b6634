using System.Net.Sockets;
using Arena.Grains.Common;
using Arena.Grains.Providers;
using Arena.Grains.Secrets;
using Arena.Grains.Trading;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Arena.Tests.Providers;

/// <summary>The real silo (SQLite, with a master key) and a fake OpenAI-compatible server.</summary>
public sealed class ChatProviderFixture : IAsyncLifetime
{
    public ArenaServer Server { get; private set; } = null!;

    public FakeChatServer Chat { get; private set; } = null!;

    /// <summary>A stored api_key credential and its plaintext.</summary>
    public (Guid Id, string Key) Credential { get; private set; }

    public async Task InitializeAsync()
    {
        var arena = new SqliteVaultArena();
        await arena.InitializeAsync();
        Server = arena.Server;
        Chat = await FakeChatServer.StartAsync();
        var key = "sk-live-" + Guid.NewGuid().ToString("N");
        var created = await Server.GetService<CredentialVault>().CreateAsync(new NewCredential("fake-llm", CredentialVault.ApiKeyKind, key));
        Credential = (created.Value!.Id, key);
    }

    public async Task DisposeAsync()
    {
        await Chat.DisposeAsync();
        await Server.DisposeAsync();
    }
}

public sealed class ChatCompletionsTests(ChatProviderFixture fixture) : IClassFixture<ChatProviderFixture>
{
    private const string Prompt = "You manage a futures book. Positions: none. BTCUSDT 60000. Decide.";
    private const string GoodAnswer = """{"decisions":[{"action":"LONG","symbol":"BTCUSDT","size":500,"leverage":3,"stopLoss":58800,"takeProfit":62400,"reasoning":"trend"}]}""";

    private static readonly TurnContext Context = new("bot-1", 1, DateTimeOffset.UnixEpoch, 10_000m, 10_000m, 10,
        new TradingRules(50m, 0.0005m, 0m, 5, TimeSpan.Zero, 0.005m), [], new Dictionary<string, Quote>(), new Dictionary<string, IReadOnlyList<decimal>>());

    private string Key => fixture.Credential.Key;

    private ProviderSettings Settings(string baseUrl, int retries = 2, int concurrency = 4, TimeSpan? timeout = null, bool json = true, bool withKey = true) =>
        new("llm-" + Guid.NewGuid().ToString("N")[..8], "Fake", ProviderSettings.OpenAiCompatibleKind, null, baseUrl, "fake-model",
            withKey ? fixture.Credential.Id : null, timeout ?? TimeSpan.FromSeconds(10), retries, concurrency, 0.2m, 800, json, true, 1);

    private async Task<ProviderAnswer> AskAsync(ProviderSettings settings, IDecisionProviders? providers = null)
    {
        var opened = await (providers ?? fixture.Server.GetService<IDecisionProviders>()).OpenAsync(settings, default);
        Assert.True(opened.IsOk, opened.Rejection?.ToString());
        using var session = opened.Value!;
        var answer = await session.DecideAsync(new DecisionRequest(Prompt, Context), default);
        Assert.DoesNotContain(Key, answer.Text ?? "");
        Assert.DoesNotContain(Key, answer.Error ?? "");
        return answer;
    }

    [Fact]
    public async Task A_good_answer_returns_the_text_and_usage_and_the_request_has_the_documented_shape()
    {
        var scenario = fixture.Chat.Scenario((_, c) => FakeChatServer.Completion(c, GoodAnswer, 321, 54));
        var answer = await AskAsync(Settings(scenario.BaseUrl));

        Assert.True(answer.Succeeded, answer.Error);
        Assert.Equal((GoodAnswer, 321, 54), (answer.Text, answer.PromptTokens, answer.CompletionTokens));
        var (authorization, body) = Assert.Single(scenario.Requests);
        Assert.Equal("Bearer " + Key, authorization);
        Assert.Equal("fake-model", body["model"]!.GetValue<string>());
        var messages = body["messages"]!.AsArray();
        Assert.Equal(["system", "user"], messages.Select(m => m!["role"]!.GetValue<string>()));
        Assert.Contains("JSON", messages[0]!["content"]!.GetValue<string>());
        Assert.Equal(Prompt, messages[1]!["content"]!.GetValue<string>());
        Assert.Equal("json_object", body["response_format"]!["type"]!.GetValue<string>());
        Assert.Equal((0.2m, 800, false), (body["temperature"]!.GetValue<decimal>(), body["max_tokens"]!.GetValue<int>(), body["stream"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task Without_json_mode_or_a_credential_neither_response_format_nor_authorization_is_sent()
    {
        var scenario = fixture.Chat.Scenario((_, c) => FakeChatServer.Completion(c, GoodAnswer));
        Assert.True((await AskAsync(Settings(scenario.BaseUrl, json: false, withKey: false))).Succeeded);
        var (authorization, body) = Assert.Single(scenario.Requests);
        Assert.Null(authorization);
        Assert.False(body.ContainsKey("response_format"));
    }

    [Theory]
    [InlineData("I think BTC will go up, buy buy buy")]
    [InlineData("Sure! Here is my decision:\n```json\n{\"decisions\":[{\"action\":\"HOLD\"}]}\n```\nGood luck.")]
    public async Task Malformed_or_prose_wrapped_answers_come_back_verbatim_for_the_engine_to_parse(string content)
    {
        var scenario = fixture.Chat.Scenario((_, c) => FakeChatServer.Completion(c, content));
        var answer = await AskAsync(Settings(scenario.BaseUrl));
        Assert.True(answer.Succeeded);
        Assert.Equal(content, answer.Text);
    }

    [Fact]
    public async Task A_truncated_answer_keeps_its_text_but_is_not_a_success()
    {
        var scenario = fixture.Chat.Scenario((_, c) => FakeChatServer.Completion(c, "{\"decisions\":[{\"action\":\"LO", finishReason: "length"));
        var answer = await AskAsync(Settings(scenario.BaseUrl));
        Assert.False(answer.Succeeded);
        Assert.Equal("{\"decisions\":[{\"action\":\"LO", answer.Text);
        Assert.Contains("truncated", answer.Error);
        Assert.Equal(1, scenario.Calls);
    }

    [Fact]
    public async Task A_slow_first_attempt_times_out_and_the_retry_succeeds()
    {
        var scenario = fixture.Chat.Scenario(async (n, c) =>
        {
            if (n == 1) await Task.Delay(TimeSpan.FromSeconds(20), c.RequestAborted);
            await FakeChatServer.Completion(c, GoodAnswer);
        });
        var answer = await AskAsync(Settings(scenario.BaseUrl, timeout: TimeSpan.FromMilliseconds(500)));
        Assert.True(answer.Succeeded, answer.Error);
        Assert.Equal(2, scenario.Calls);
    }

    [Fact]
    public async Task A_server_error_is_retried()
    {
        var scenario = fixture.Chat.Scenario((n, c) => n == 1 ? FakeChatServer.Status(c, 500, "boom") : FakeChatServer.Completion(c, GoodAnswer));
        Assert.True((await AskAsync(Settings(scenario.BaseUrl))).Succeeded);
        Assert.Equal(2, scenario.Calls);
    }

    [Fact]
    public async Task Rate_limiting_is_retried_after_the_time_the_server_asked_for()
    {
        var scenario = fixture.Chat.Scenario((n, c) => n == 1 ? FakeChatServer.Status(c, 429, "slow down", retryAfter: "1") : FakeChatServer.Completion(c, GoodAnswer));
        var answer = await AskAsync(Settings(scenario.BaseUrl));
        Assert.True(answer.Succeeded, answer.Error);
        Assert.Equal(2, scenario.Calls);
        // Timers may fire a fraction of a millisecond early against the stopwatch: allow that, not a skipped wait.
        Assert.True(answer.Latency >= TimeSpan.FromSeconds(0.99), $"waited only {answer.Latency}");
    }

    [Fact]
    public async Task Persistent_server_errors_give_up_after_the_configured_retries()
    {
        var scenario = fixture.Chat.Scenario((_, c) => FakeChatServer.Status(c, 503, "overloaded"));
        var answer = await AskAsync(Settings(scenario.BaseUrl, retries: 2));
        Assert.False(answer.Succeeded);
        Assert.Null(answer.Text);
        Assert.Equal(3, scenario.Calls);
        Assert.Contains("HTTP 503", answer.Error);
        Assert.Contains("overloaded", answer.Error);
        Assert.Contains("after 3 attempts", answer.Error);
    }

    [Fact]
    public async Task Unauthorized_is_not_retried_and_the_servers_echo_of_the_key_is_not_repeated()
    {
        var scenario = fixture.Chat.Scenario((_, c) => FakeChatServer.Status(c, 401, $"Incorrect API key provided: {c.Request.Headers.Authorization}"));
        var answer = await AskAsync(Settings(scenario.BaseUrl));
        Assert.Equal(1, scenario.Calls);
        Assert.StartsWith("HTTP 401", answer.Error);
    }

    [Fact]
    public async Task Other_client_errors_are_not_retried_and_a_key_in_their_message_is_redacted()
    {
        var scenario = fixture.Chat.Scenario((_, c) => FakeChatServer.Status(c, 400, $"bad request from {c.Request.Headers.Authorization}"));
        var answer = await AskAsync(Settings(scenario.BaseUrl));
        Assert.Equal(1, scenario.Calls);
        Assert.Contains("HTTP 400", answer.Error);
        Assert.Contains("[redacted]", answer.Error);
    }

    [Fact]
    public async Task A_huge_response_is_cut_off_at_the_cap_and_not_retried()
    {
        var scenario = fixture.Chat.Scenario((_, c) => FakeChatServer.Huge(c, 3 * 1024 * 1024));
        var answer = await AskAsync(Settings(scenario.BaseUrl));
        Assert.False(answer.Succeeded);
        Assert.Contains("larger than 1048576 bytes", answer.Error);
        Assert.Equal(1, scenario.Calls);
    }

    [Fact]
    public async Task A_refused_connection_is_retried_then_reported()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var answer = await AskAsync(Settings($"http://127.0.0.1:{port}/v1", retries: 1));
        Assert.Contains("connection failed", answer.Error);
        Assert.Contains("after 2 attempts", answer.Error);
    }

    [Fact]
    public async Task A_metadata_address_is_refused_at_connect_time_without_retrying()
    {
        var answer = await AskAsync(Settings("http://169.254.169.254/v1", retries: 3));
        Assert.Contains("refuses", answer.Error);
        Assert.DoesNotContain("attempts", answer.Error);
    }

    [Fact]
    public async Task Parallel_requests_from_many_sessions_never_exceed_the_providers_concurrency()
    {
        var scenario = fixture.Chat.Scenario(async (_, c) =>
        {
            await Task.Delay(150, c.RequestAborted);
            await FakeChatServer.Completion(c, GoodAnswer);
        });
        var settings = Settings(scenario.BaseUrl, concurrency: 2);
        var providers = fixture.Server.GetService<IDecisionProviders>();
        var sessions = new List<IProviderSession>();
        for (var i = 0; i < 4; i++) sessions.Add((await providers.OpenAsync(settings, default)).Value!);

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => sessions[i % sessions.Count].DecideAsync(new DecisionRequest(Prompt, Context), default)));
        sessions.ForEach(s => s.Dispose());

        Assert.All(answers, a => Assert.True(a.Succeeded, a.Error));
        Assert.Equal(10, scenario.Calls);
        Assert.InRange(scenario.MaxInFlight, 1, 2);
    }

    [Fact]
    public async Task The_key_is_decrypted_once_per_session_not_per_decision()
    {
        var scenario = fixture.Chat.Scenario((_, c) => FakeChatServer.Completion(c, GoodAnswer));
        var counting = new CountingSecrets(fixture.Server.GetService<CredentialVault>());
        var services = fixture.Server.Services;
        var providers = new DecisionProviders(counting, services.GetRequiredService<IHttpClientFactory>(), services.GetRequiredService<ProviderGates>(),
            services.GetRequiredService<IOptions<ProviderOptions>>(), TimeProvider.System, NullLogger<DecisionProviders>.Instance);

        using (var session = (await providers.OpenAsync(Settings(scenario.BaseUrl), default)).Value!)
        {
            for (var i = 0; i < 3; i++) Assert.True((await session.DecideAsync(new DecisionRequest(Prompt, Context), default)).Succeeded);
            Assert.Equal(1, counting.Calls);
            session.Dispose();
            await Assert.ThrowsAsync<ObjectDisposedException>(() => session.DecideAsync(new DecisionRequest(Prompt, Context), default));
        }
        Assert.All(scenario.Requests, r => Assert.Equal("Bearer " + Key, r.Authorization));

        Assert.True((await AskAsync(Settings(scenario.BaseUrl), providers)).Succeeded);
        Assert.Equal(2, counting.Calls);
    }

    [Fact]
    public async Task A_missing_credential_or_a_disabled_provider_does_not_open()
    {
        var missing = await fixture.Server.GetService<IDecisionProviders>().OpenAsync(Settings("http://127.0.0.1:9/v1") with { CredentialId = Guid.NewGuid() }, default);
        Assert.Equal(RejectionKind.NotFound, missing.Rejection!.Kind);
        var disabled = await fixture.Server.GetService<IDecisionProviders>().OpenAsync(Settings("http://127.0.0.1:9/v1") with { IsActive = false }, default);
        Assert.Equal(RejectionKind.Conflict, disabled.Rejection!.Kind);
    }

    private sealed class CountingSecrets(ICredentialSecrets inner) : ICredentialSecrets
    {
        private int calls;

        public int Calls => Volatile.Read(ref calls);

        public Task<Result<string>> DecryptAsync(Guid id, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref calls);
            return inner.DecryptAsync(id, cancellationToken);
        }
    }
}
