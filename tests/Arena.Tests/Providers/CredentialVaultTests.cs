using Arena.Grains.Common;
using Arena.Grains.Providers;
using Arena.Grains.Secrets;
using Arena.Silo;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;

namespace Arena.Tests.Providers;

public abstract class CredentialVaultTests(VaultArena arena)
{
    private ArenaServer Server => arena.Server;

    private CredentialVault Vault => Server.GetService<CredentialVault>();

    private ICredentialSecrets Secrets => Vault;

    private static string NewSecret() => "sk-" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");

    private async Task<CredentialInfo> CreateAsync(string secret, string kind = CredentialVault.ApiKeyKind)
    {
        var created = await Vault.CreateAsync(new NewCredential("key-" + Guid.NewGuid().ToString("N")[..12], kind, secret, "  for tests  "));
        Assert.True(created.IsOk, created.Rejection?.ToString());
        return created.Value!;
    }

    private async Task<byte[]> StoredBytesAsync(Guid id)
    {
        await using var database = Server.Database.Open();
        return await database.ReadAsync(c => c.QuerySingleAsync<byte[]>("SELECT secret FROM credentials WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task A_created_credential_shows_metadata_only_and_decrypts_to_the_secret()
    {
        var secret = NewSecret();
        var info = await CreateAsync(secret);

        Assert.Equal(CredentialVault.ApiKeyKind, info.Kind);
        Assert.Equal("for tests", info.Description);
        Assert.Equal(1, info.Version);
        Assert.Null(info.RotatedAt);
        Assert.Equal(Vault.KeyId, info.KeyId);
        Assert.Equal(info, (await Vault.GetAsync(info.Id)).Value);
        Assert.Contains(info, await Vault.ListAsync());
        Assert.DoesNotContain(secret, JsonSerializer.Serialize(await Vault.ListAsync()));
        Assert.Equal(secret, (await Secrets.DecryptAsync(info.Id, default)).Value);
    }

    [Fact]
    public async Task The_stored_bytes_are_ciphertext_without_the_plaintext()
    {
        var secret = NewSecret();
        var info = await CreateAsync(secret);
        var stored = await StoredBytesAsync(info.Id);
        Assert.Equal(MasterKey.NonceSize + Encoding.UTF8.GetByteCount(secret) + MasterKey.TagSize, stored.Length);
        Assert.Equal(-1, stored.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)));
        Assert.Equal(-1, stored.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret[..12])));
    }

    [Fact]
    public async Task Rotating_replaces_the_secret_bumps_the_version_and_sets_rotated_at()
    {
        var info = await CreateAsync(NewSecret());
        var before = await StoredBytesAsync(info.Id);
        var next = NewSecret();

        var rotated = await Vault.RotateAsync(info.Id, next, expectedVersion: 1);
        Assert.True(rotated.IsOk);
        Assert.Equal(2, rotated.Value!.Version);
        Assert.NotNull(rotated.Value.RotatedAt);
        Assert.Equal(info.CreatedAt, rotated.Value.CreatedAt);
        Assert.NotEqual(before, await StoredBytesAsync(info.Id));
        Assert.Equal(next, (await Secrets.DecryptAsync(info.Id, default)).Value);

        var stale = await Vault.RotateAsync(info.Id, NewSecret(), expectedVersion: 1);
        Assert.Equal(RejectionKind.Conflict, stale.Rejection!.Kind);
        Assert.Equal(next, (await Secrets.DecryptAsync(info.Id, default)).Value);
    }

    [Fact]
    public async Task A_ciphertext_copied_onto_another_row_does_not_decrypt()
    {
        var source = await CreateAsync(NewSecret());
        var target = await CreateAsync(NewSecret());
        var secret = await StoredBytesAsync(source.Id);
        await using (var database = Server.Database.Open())
            await database.InTransactionAsync(tx => tx.ExecuteAsync("UPDATE credentials SET secret = @secret WHERE id = @id", new { secret, id = target.Id }));

        var opened = await Secrets.DecryptAsync(target.Id, default);
        Assert.Equal(RejectionKind.Conflict, opened.Rejection!.Kind);
        Assert.Contains("cannot be decrypted", opened.Rejection.Detail);
    }

    [Fact]
    public async Task A_tampered_row_does_not_decrypt()
    {
        var info = await CreateAsync(NewSecret());
        var stored = await StoredBytesAsync(info.Id);
        stored[MasterKey.NonceSize + 1] ^= 0x80;
        await using (var database = Server.Database.Open())
            await database.InTransactionAsync(tx => tx.ExecuteAsync("UPDATE credentials SET secret = @stored WHERE id = @id", new { stored, id = info.Id }));

        Assert.False((await Secrets.DecryptAsync(info.Id, default)).IsOk);
    }

    [Fact]
    public async Task A_silo_with_another_master_key_names_the_key_mismatch_instead_of_decrypting()
    {
        var info = await CreateAsync(NewSecret());
        await using var database = Server.Database.Open();
        using var other = new CredentialVault(database, TimeProvider.System, MasterKey.Parse(VaultArena.NewMasterKey()), NullLogger<CredentialVault>.Instance);

        var opened = await ((ICredentialSecrets)other).DecryptAsync(info.Id, default);
        Assert.Equal(RejectionKind.Conflict, opened.Rejection!.Kind);
        Assert.Contains(info.KeyId, opened.Rejection.Detail);
    }

    [Fact]
    public async Task Invalid_input_names_the_fields_without_echoing_the_secret_and_stores_nothing()
    {
        var secret = "sk-has a space " + Guid.NewGuid();
        var before = (await Vault.ListAsync()).Count;
        var result = await Vault.CreateAsync(new NewCredential("", "password", secret, new string('d', 501)));
        Assert.Equal(["description", "kind", "name"], result.Rejection!.Errors!.Keys.Order());

        var spaced = await Vault.CreateAsync(new NewCredential("spaced", CredentialVault.ApiKeyKind, secret));
        Assert.Equal(["secret"], spaced.Rejection!.Errors!.Keys);
        Assert.DoesNotContain(secret, JsonSerializer.Serialize(spaced.Rejection));
        Assert.Equal(before, (await Vault.ListAsync()).Count);
    }

    [Fact]
    public async Task An_exchange_key_may_span_lines_and_a_taken_name_is_a_conflict()
    {
        var pem = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI" + Guid.NewGuid().ToString("N") + "\n-----END PRIVATE KEY-----\n";
        var info = await CreateAsync(pem, CredentialVault.ExchangeKeyKind);
        Assert.Equal(pem, (await Secrets.DecryptAsync(info.Id, default)).Value);

        var again = await Vault.CreateAsync(new NewCredential(info.Name, CredentialVault.ApiKeyKind, NewSecret()));
        Assert.Equal(RejectionKind.Conflict, again.Rejection!.Kind);
        Assert.Equal(["name"], again.Rejection.Errors!.Keys);
    }

    [Fact]
    public async Task A_credential_in_use_by_a_provider_is_not_deleted_until_the_provider_is_gone()
    {
        var info = await CreateAsync(NewSecret());
        var providers = Server.GetService<ProviderStore>();
        var providerId = "p-" + Guid.NewGuid().ToString("N")[..10];
        Assert.True((await providers.CreateAsync(providerId, new ProviderInput("Grok", ProviderSettings.OpenAiCompatibleKind,
            BaseUrl: "https://api.x.ai/v1", Model: "grok-4", CredentialId: info.Id))).IsOk);

        var refused = await Vault.DeleteAsync(info.Id);
        Assert.Equal(RejectionKind.Conflict, refused.Rejection!.Kind);
        Assert.Contains(providerId, refused.Rejection.Detail);
        Assert.True((await Vault.GetAsync(info.Id)).IsOk);

        Assert.True((await providers.DeleteAsync(providerId)).IsOk);
        Assert.True((await Vault.DeleteAsync(info.Id)).Value);
        Assert.Equal(RejectionKind.NotFound, (await Vault.GetAsync(info.Id)).Rejection!.Kind);
        Assert.Equal(RejectionKind.NotFound, (await Vault.DeleteAsync(info.Id)).Rejection!.Kind);
        Assert.Equal(RejectionKind.NotFound, (await Secrets.DecryptAsync(info.Id, default)).Rejection!.Kind);
    }

    [Fact]
    public async Task Credentials_read_back_and_decrypt_after_a_restart()
    {
        var secret = NewSecret();
        var info = await CreateAsync(secret);
        await Server.RestartAsync();
        Assert.Equal(info, (await Vault.GetAsync(info.Id)).Value);
        Assert.Equal(secret, (await Secrets.DecryptAsync(info.Id, default)).Value);
    }

    [Fact]
    public async Task Without_a_master_key_metadata_lists_but_nothing_is_stored_rotated_or_opened()
    {
        var existing = await CreateAsync(NewSecret());
        await using var server = await ArenaServer.StartAsync(Server.Database);
        var vault = server.GetService<CredentialVault>();

        Assert.False(vault.IsConfigured);
        Assert.Contains(existing, await vault.ListAsync());
        Assert.Same(CredentialVault.NotConfigured, (await vault.CreateAsync(new NewCredential("x" + Guid.NewGuid().ToString("N")[..8], CredentialVault.ApiKeyKind, NewSecret()))).Rejection);
        Assert.Same(CredentialVault.NotConfigured, (await vault.RotateAsync(existing.Id, NewSecret())).Rejection);
        Assert.Same(CredentialVault.NotConfigured, (await ((ICredentialSecrets)vault).DecryptAsync(existing.Id, default)).Rejection);
        Assert.Contains(MasterKey.Variable, CredentialVault.NotConfigured.Detail);

        var settings = new ProviderSettings("p", "P", ProviderSettings.OpenAiCompatibleKind, null, "http://127.0.0.1:9/v1", "m", existing.Id,
            TimeSpan.FromSeconds(1), 0, 1, null, null, true, true, 1);
        Assert.Same(CredentialVault.NotConfigured, (await server.GetService<IDecisionProviders>().OpenAsync(settings, default)).Rejection);
    }

    [Fact]
    public void A_malformed_master_key_stops_the_silo_at_start_without_printing_it()
    {
        var bad = Convert.ToBase64String(new byte[20]);
        var error = Assert.Throws<InvalidOperationException>(() => SiloApplication.Build([
            $"--{MasterKey.Variable}={bad}",
            $"--Arena:Database:Provider={Server.Database.Provider}",
            $"--Arena:Database:ConnectionString={Server.Database.ConnectionString}",
        ]));
        Assert.Contains(MasterKey.Variable, error.Message);
        Assert.DoesNotContain(bad, error.Message);
    }
}

public sealed class CredentialVaultTestsOnSqlite(SqliteVaultArena arena) : CredentialVaultTests(arena), IClassFixture<SqliteVaultArena>;

public sealed class CredentialVaultTestsOnPostgres(PostgresVaultArena arena) : CredentialVaultTests(arena), IClassFixture<PostgresVaultArena>;
