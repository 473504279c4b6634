using System.Text.RegularExpressions;
using Arena.Grains.Bots;
using Arena.Grains.Providers;
using Arena.Grains.Secrets;
using Arena.Tests.Bots;
using Arena.Tests.Providers;

namespace Arena.Tests.Features.Bots;

/// <summary>
/// Every anonymous GET in the OpenAPI document, called with real ids over an arena holding secrets with unique markers
/// (a prompt and a prompt note, a credential's secret, name and description, a provider's base URL and model, a user's
/// email), never answers with any of them, nor with the names of the columns that hold prompts and raw answers.
/// </summary>
public abstract partial class PublicApiSanitizationTests(Dialect dialect) : IAsyncLifetime
{
    private static readonly string Tag = Guid.NewGuid().ToString("N")[..12];
    private static readonly string PromptMarker = "promptmarker" + Tag;
    private static readonly string NoteMarker = "notemarker" + Tag;
    private static readonly string SecretMarker = "sk-secretmarker" + Tag;
    private static readonly string CredentialNameMarker = "credname" + Tag;
    private static readonly string CredentialNoteMarker = "crednote" + Tag;
    private static readonly string UrlMarker = "urlmarker" + Tag;
    private static readonly string ModelMarker = "modelmarker" + Tag;

    private static readonly string[] ForbiddenWords = ["prompt_context", "raw_answer", "promptContext", "rawAnswer", "prompt_sha256", "promptSha256"];

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")]
    private static partial Regex EmailAddress();

    private EngineHarness arena = null!;

    public async Task InitializeAsync()
    {
        arena = await EngineHarness.StartAsync(dialect, settings: new Dictionary<string, string?> { [MasterKey.Variable] = VaultArena.MasterKeyText });
        await arena.WithoutSymbolCooldownAsync();
    }

    public async Task DisposeAsync() => await arena.DisposeAsync();

    [Fact]
    public async Task No_public_endpoint_ever_answers_with_a_prompt_a_secret_a_provider_setting_or_an_email()
    {
        var credential = await arena.Server.GetService<CredentialVault>().CreateAsync(
            new NewCredential(CredentialNameMarker, CredentialVault.ApiKeyKind, SecretMarker, CredentialNoteMarker));
        Assert.True(credential.IsOk, credential.Rejection?.ToString());
        // Port 9 on loopback refuses connections at once: every turn of this bot fails and records why.
        var chat = await arena.Server.GetService<ProviderStore>().CreateAsync("marker-chat", new ProviderInput("Marker chat", ProviderSettings.OpenAiCompatibleKind,
            BaseUrl: $"http://127.0.0.1:9/{UrlMarker}/v1", Model: ModelMarker, CredentialId: credential.Value!.Id, TimeoutSeconds: 1, MaxRetries: 0));
        Assert.True(chat.IsOk, chat.Rejection?.ToString());
        var trader = await arena.CreateBotAsync(await arena.RulesProviderAsync("random_walk"), "marker-trader", prompt: $"Trade. {PromptMarker}");
        var failing = await arena.CreateBotAsync("marker-chat", "marker-chat-bot", prompt: $"Think. {PromptMarker}");
        Assert.True((await arena.Grains.GetGrain<IBotGrain>(trader).AddPrompt($"Trade harder. {PromptMarker}", NoteMarker)).IsOk);
        var user = await arena.Server.RegisterAsync();
        await (await user.Client.PostAsJsonAsync("/api/activity/reactions", new { emoji = "🚀" })).AssertOkJsonAsync(HttpStatusCode.Created);

        await EngineHarness.WaitUntilAsync(async () =>
            await arena.CountAsync("SELECT count(*) FROM positions WHERE bot_id = @trader AND status = 'closed'", new { trader }) > 0
            && await arena.CountAsync("SELECT count(*) FROM positions WHERE bot_id = @trader AND status = 'open'", new { trader }) > 0
            && await arena.CountAsync("SELECT count(*) FROM bot_decisions WHERE bot_id = @failing AND success = false", new { failing }) > 0,
            "a trader with open and closed positions and a failed turn of the chat bot");
        foreach (var bot in new[] { trader, failing }) Assert.True(await arena.Grains.GetGrain<IBotGrain>(bot).TakeSnapshot());
        Assert.Contains(PromptMarker, (await arena.QueryAsync<string>("SELECT prompt FROM bot_prompts WHERE bot_id = @trader", new { trader }))[0]);

        using var anonymous = arena.Server.CreateClient();
        var document = await anonymous.GetJsonAsync("/openapi/v1.json");
        var publicGets = document["paths"]!.AsObject()
            .Where(p => p.Value!["get"] is JsonObject get && get["security"] is not JsonArray { Count: > 0 })
            .Select(p => p.Key).ToArray();
        Assert.Contains("/api/bots/{id}/decisions", publicGets);
        Assert.Contains("/api/leaderboard", publicGets);
        Assert.Contains("/api/activity", publicGets);

        var urls = new List<string>();
        foreach (var path in publicGets)
        {
            // A signal's id is its own; every other {id} of a public route is a bot's.
            var ids = path.StartsWith("/api/signals/", StringComparison.Ordinal)
                ? (await arena.QueryAsync<long>("SELECT id FROM signals WHERE bot_id = @trader ORDER BY id", new { trader })).Select(id => id.ToString(CultureInfo.InvariantCulture)).Take(2).ToArray()
                : new[] { trader, failing };
            var filled = path.Contains("{id}") ? ids.Select(id => path.Replace("{id}", id)) : [path];
            Assert.All(filled, url => Assert.DoesNotContain('{', url));
            urls.AddRange(filled);
        }
        urls.AddRange([$"/api/bots/{trader}/positions?status=open", $"/api/bots/{trader}/positions?status=closed",
            "/api/leaderboard?period=24h&sort=sharpe", "/api/leaderboard?period=7d", "/api/leaderboard?period=30d"]);

        var secrets = new[] { PromptMarker, NoteMarker, SecretMarker, CredentialNameMarker, CredentialNoteMarker, UrlMarker, ModelMarker, user.Email };
        var checkedBodies = 0;
        foreach (var url in urls)
        {
            var response = await anonymous.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode} {body}");
            foreach (var secret in secrets) Assert.False(body.Contains(secret, StringComparison.OrdinalIgnoreCase), $"GET {url} answered with '{secret}'");
            foreach (var word in ForbiddenWords) Assert.False(body.Contains(word, StringComparison.OrdinalIgnoreCase), $"GET {url} mentions '{word}'");
            Assert.False(EmailAddress().IsMatch(body), $"GET {url} answered with an email address: {EmailAddress().Match(body).Value}");
            checkedBodies++;
        }
        Assert.True(checkedBodies >= 20, $"only {checkedBodies} public answers were checked");

        // The engine did record everything the endpoints must hide, so the absence above means something.
        Assert.True(await arena.CountAsync("SELECT count(*) FROM bot_decisions WHERE bot_id = @trader AND raw_answer IS NOT NULL AND prompt_context IS NOT NULL", new { trader }) > 0);
        var failed = await anonymous.GetJsonAsync($"/api/bots/{failing}/decisions?limit=1");
        Assert.False(failed["items"]![0]!["success"]!.GetValue<bool>());
        Assert.StartsWith("connection failed", failed["items"]![0]!["error"]!.GetValue<string>());
    }
}

public sealed class PublicApiSanitizationTestsOnSqlite() : PublicApiSanitizationTests(Dialect.Sqlite);

public sealed class PublicApiSanitizationTestsOnPostgres() : PublicApiSanitizationTests(Dialect.Postgres);
