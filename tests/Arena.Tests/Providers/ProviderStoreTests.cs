using Arena.Grains.Common;
using Arena.Grains.Providers;
using Arena.Grains.Secrets;
using Dapper;

namespace Arena.Tests.Providers;

public abstract class ProviderStoreTests(VaultArena arena)
{
    private ArenaServer Server => arena.Server;

    private ProviderStore Store => Server.GetService<ProviderStore>();

    private static string NewId() => "p-" + Guid.NewGuid().ToString("N")[..12];

    private static ProviderInput Rules(string strategy = "momentum") => new("Momentum bot", ProviderSettings.RulesKind, Strategy: strategy);

    private async Task<Guid> NewCredentialAsync(string kind = CredentialVault.ApiKeyKind)
    {
        var created = await Server.GetService<CredentialVault>().CreateAsync(new NewCredential("c-" + Guid.NewGuid().ToString("N")[..12], kind, "sk-" + Guid.NewGuid().ToString("N")));
        return created.Value!.Id;
    }

    [Fact]
    public async Task A_rules_provider_is_created_with_the_schema_defaults_and_reads_back()
    {
        var id = NewId();
        var created = await Store.CreateAsync(id, Rules("mean_reversion"));
        Assert.True(created.IsOk, created.Rejection?.ToString());
        var s = created.Value!.Settings;
        Assert.Equal((id, "rules", "mean_reversion", 1L), (s.Id, s.Kind, s.Strategy, s.Version));
        Assert.Equal((TimeSpan.FromSeconds(30), 2, 4, true, true), (s.Timeout, s.MaxRetries, s.MaxConcurrency, s.JsonMode, s.IsActive));
        Assert.Null(s.BaseUrl);
        Assert.Equal(created.Value, (await Store.GetAsync(id)).Value);
        Assert.Contains(created.Value, await Store.ListAsync());
    }

    [Fact]
    public async Task An_openai_compatible_provider_keeps_every_setting_exactly()
    {
        var credential = await NewCredentialAsync();
        var id = NewId();
        var created = await Store.CreateAsync(id, new ProviderInput("Local Ollama", ProviderSettings.OpenAiCompatibleKind,
            BaseUrl: " http://127.0.0.1:11434/v1/ ", Model: "llama3.1:8b", CredentialId: credential, TimeoutSeconds: 120, MaxRetries: 5,
            MaxConcurrency: 64, Temperature: 0.35m, MaxTokens: 100_000, JsonMode: false, IsActive: false));
        Assert.True(created.IsOk, created.Rejection?.ToString());

        await Server.RestartAsync();
        var s = (await Store.GetAsync(id)).Value!.Settings;
        Assert.Equal("http://127.0.0.1:11434/v1", s.BaseUrl);
        Assert.Equal(("llama3.1:8b", credential, TimeSpan.FromSeconds(120), 5, 64), (s.Model, s.CredentialId!.Value, s.Timeout, s.MaxRetries, s.MaxConcurrency));
        Assert.Equal((0.35m, 100_000, false, false), (s.Temperature!.Value, s.MaxTokens!.Value, s.JsonMode, s.IsActive));
    }

    [Fact]
    public async Task Every_invalid_field_is_named_and_nothing_is_stored()
    {
        var before = (await Store.ListAsync()).Count;
        var result = await Store.CreateAsync("Bad Id!", new ProviderInput("", ProviderSettings.OpenAiCompatibleKind, Strategy: "momentum",
            BaseUrl: "http://169.254.169.254/latest", Model: " ", TimeoutSeconds: 0, MaxRetries: 6, MaxConcurrency: 65, Temperature: 2.01m, MaxTokens: 0));
        Assert.Equal(["baseUrl", "id", "maxConcurrency", "maxRetries", "maxTokens", "model", "name", "strategy", "temperature", "timeoutSeconds"],
            result.Rejection!.Errors!.Keys.Order());

        var rules = await Store.CreateAsync(NewId(), new ProviderInput("r", ProviderSettings.RulesKind, Strategy: "martingale", BaseUrl: "https://api.x.ai/v1", Model: "m"));
        Assert.Equal(["baseUrl", "model", "strategy"], rules.Rejection!.Errors!.Keys.Order());
        Assert.Equal(["kind"], (await Store.CreateAsync(NewId(), new ProviderInput("k", "gemini"))).Rejection!.Errors!.Keys);
        Assert.Equal(before, (await Store.ListAsync()).Count);
    }

    [Fact]
    public async Task A_missing_or_non_api_key_credential_is_refused()
    {
        var input = new ProviderInput("x", ProviderSettings.OpenAiCompatibleKind, BaseUrl: "https://api.deepseek.com", Model: "deepseek-chat", CredentialId: Guid.NewGuid());
        Assert.Equal(["credentialId"], (await Store.CreateAsync(NewId(), input)).Rejection!.Errors!.Keys);

        var exchange = await NewCredentialAsync(CredentialVault.ExchangeKeyKind);
        Assert.Equal(["credentialId"], (await Store.CreateAsync(NewId(), input with { CredentialId = exchange })).Rejection!.Errors!.Keys);
    }

    [Fact]
    public async Task A_duplicate_id_is_a_conflict()
    {
        var id = NewId();
        Assert.True((await Store.CreateAsync(id, Rules())).IsOk);
        var again = await Store.CreateAsync(id, Rules("random_walk"));
        Assert.Equal(RejectionKind.Conflict, again.Rejection!.Kind);
        Assert.Equal(["id"], again.Rejection.Errors!.Keys);
        Assert.Equal("momentum", (await Store.GetAsync(id)).Value!.Settings.Strategy);
    }

    [Fact]
    public async Task An_update_needs_the_current_version_and_a_stale_one_changes_nothing()
    {
        var id = NewId();
        var created = (await Store.CreateAsync(id, Rules())).Value!;
        var updated = await Store.UpdateAsync(id, 1, Rules("random_walk") with { Name = "Dice", MaxConcurrency = 2 });
        Assert.True(updated.IsOk);
        Assert.Equal(("Dice", "random_walk", 2, 2L), (updated.Value!.Settings.Name, updated.Value.Settings.Strategy, updated.Value.Settings.MaxConcurrency, updated.Value.Settings.Version));
        Assert.Equal(created.CreatedAt, updated.Value.CreatedAt);

        var stale = await Store.UpdateAsync(id, 1, Rules("mean_reversion"));
        Assert.Equal(RejectionKind.Conflict, stale.Rejection!.Kind);
        Assert.Equal(updated.Value, (await Store.GetAsync(id)).Value);
        Assert.Equal(RejectionKind.NotFound, (await Store.UpdateAsync(NewId(), 1, Rules())).Rejection!.Kind);
    }

    [Fact]
    public async Task Concurrent_updates_from_one_version_let_exactly_one_win()
    {
        var id = NewId();
        await Store.CreateAsync(id, Rules());
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Store.UpdateAsync(id, 1, Rules() with { Name = $"writer {i}" })));
        Assert.Single(results, r => r.IsOk);
        Assert.All(results.Where(r => !r.IsOk), r => Assert.Equal(RejectionKind.Conflict, r.Rejection!.Kind));
        Assert.Equal(2, (await Store.GetAsync(id)).Value!.Settings.Version);
    }

    [Fact]
    public async Task A_provider_used_by_a_bot_is_not_deleted()
    {
        var id = NewId();
        await Store.CreateAsync(id, Rules());
        var botId = "bot-" + Guid.NewGuid().ToString("N")[..8];
        await using (var database = Server.Database.Open())
            await database.InTransactionAsync(tx => tx.ExecuteAsync("""
                INSERT INTO bots (id, display_name, provider_id, trading_mode, initial_balance, max_leverage, created_at, updated_at)
                VALUES (@botId, 'Bot', @id, 'paper', @balance, 10, @now, @now)
                """, new { botId, id, balance = 10_000m, now = DateTimeOffset.UtcNow }));

        var refused = await Store.DeleteAsync(id);
        Assert.Equal(RejectionKind.Conflict, refused.Rejection!.Kind);
        Assert.Contains(botId, refused.Rejection.Detail);
        Assert.True((await Store.GetAsync(id)).IsOk);

        var other = NewId();
        await Store.CreateAsync(other, Rules());
        Assert.True((await Store.DeleteAsync(other)).Value);
        Assert.Equal(RejectionKind.NotFound, (await Store.GetAsync(other)).Rejection!.Kind);
        Assert.Equal(RejectionKind.NotFound, (await Store.DeleteAsync(other)).Rejection!.Kind);
    }
}

public sealed class ProviderStoreTestsOnSqlite(SqliteVaultArena arena) : ProviderStoreTests(arena), IClassFixture<SqliteVaultArena>;

public sealed class ProviderStoreTestsOnPostgres(PostgresVaultArena arena) : ProviderStoreTests(arena), IClassFixture<PostgresVaultArena>;
