using System.Security.Cryptography;
using Arena.Grains.Events;
using Microsoft.Extensions.Configuration;

namespace Arena.Grains.Secrets;

/// <summary>What may be shown about a credential: never the secret, nor anything derived from it.</summary>
public sealed record CredentialInfo(
    Guid Id,
    string Name,
    string Kind,
    string? Description,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RotatedAt,
    long Version,
    string KeyId);

public sealed record NewCredential(string? Name, string? Kind, string? Secret, string? Description = null);

/// <summary>Plaintext access to stored secrets, for the components that call out with them (provider sessions, exchange clients).</summary>
internal interface ICredentialSecrets
{
    Task<Result<string>> DecryptAsync(Guid id, CancellationToken cancellationToken);
}

/// <summary>
/// The <c>credentials</c> table: secrets sealed with AES-256-GCM under the master key, with the
/// credential id as associated data so a ciphertext copied onto another row does not open. Metadata
/// is readable without a master key; writing or opening a secret needs one.
/// </summary>
public sealed partial class CredentialVault : ICredentialSecrets, IDisposable
{
    public const string ApiKeyKind = "api_key";
    public const string ExchangeKeyKind = "exchange_key";
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 500;
    public const int MaxApiKeyLength = 4096;
    public const int MaxExchangeKeyLength = 16384;

    /// <summary>The refusal for writes and decryption on a silo started without <c>ARENA_MASTER_KEY</c>.</summary>
    public static readonly Rejection NotConfigured = Rejection.Conflict(
        $"The credential vault is not configured: start the silo with {MasterKey.Variable} (base64 of 32 random bytes, e.g. `openssl rand -base64 32`).");

    private const string InfoColumns =
        "id AS Id, name AS Name, kind AS Kind, description AS Description, created_at AS CreatedAt, rotated_at AS RotatedAt, version AS Version, key_id AS KeyId";

    private readonly Database database;
    private readonly TimeProvider clock;
    private readonly ILogger<CredentialVault> logger;
    private readonly MasterKey? key;

    /// <exception cref="InvalidOperationException"><c>ARENA_MASTER_KEY</c> is set but malformed (stops the silo at start).</exception>
    public CredentialVault(Database database, TimeProvider clock, IConfiguration configuration, ILogger<CredentialVault> logger)
        : this(database, clock, MasterKey.FromConfiguration(configuration), logger)
    {
    }

    internal CredentialVault(Database database, TimeProvider clock, MasterKey? key, ILogger<CredentialVault> logger)
    {
        this.database = database;
        this.clock = clock;
        this.key = key;
        this.logger = logger;
        if (key is null) LogNotConfigured(MasterKey.Variable);
    }

    public bool IsConfigured => key is not null;

    /// <summary>The id of the silo's master key, or null without one.</summary>
    public string? KeyId => key?.KeyId;

    public Task<IReadOnlyList<CredentialInfo>> ListAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<CredentialInfo>>(async c =>
            (await c.QueryAsync<CredentialInfo>($"SELECT {InfoColumns} FROM credentials ORDER BY name, id")).ToArray(), cancellationToken);

    public async Task<Result<CredentialInfo>> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var info = await database.ReadAsync(c => c.QuerySingleOrDefaultAsync<CredentialInfo>(
            $"SELECT {InfoColumns} FROM credentials WHERE id = @id", new { id }), cancellationToken);
        return info is null ? Missing(id) : info;
    }

    public async Task<Result<CredentialInfo>> CreateAsync(NewCredential input, AdminActor? by = null, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        CheckNew(input, errors);
        if (errors.Any) return errors.ToRejection();
        if (key is null) return NotConfigured;
        var name = input.Name!.Trim();
        var description = Clean(input.Description);

        var now = clock.Now();
        var id = Guid.CreateVersion7(now);
        var info = new CredentialInfo(id, name!, input.Kind!, description, now, null, 1, key.KeyId);
        try
        {
            await database.InTransactionAsync(async tx =>
            {
                await tx.ExecuteAsync("""
                    INSERT INTO credentials (id, name, kind, secret, key_id, description, created_at, version)
                    VALUES (@Id, @Name, @Kind, @secret, @KeyId, @Description, @CreatedAt, @Version)
                    """, new { info.Id, info.Name, info.Kind, secret = Seal(id, input.Secret!), info.KeyId, info.Description, info.CreatedAt, info.Version });
                await AdminAudit.AppendAsync(tx, by, "credentials", id.ToString("D"), "created", now);
            }, cancellationToken);
        }
        catch (DbException ex) when (DbErrors.IsUniqueViolation(ex, out _))
        {
            return Rejection.Conflict($"A credential named '{name}' already exists.", "name");
        }
        LogStored(id, info.Kind, info.KeyId);
        return info;
    }

    /// <summary>
    /// Replaces the secret (new nonce, the current master key), bumps <c>version</c> and sets <c>rotated_at</c>.
    /// With <paramref name="expectedVersion"/>, another rotation in between is a conflict.
    /// </summary>
    public async Task<Result<CredentialInfo>> RotateAsync(Guid id, string? secret, long? expectedVersion = null, AdminActor? by = null,
        CancellationToken cancellationToken = default)
    {
        var current = await GetAsync(id, cancellationToken);
        if (!current.IsOk) return current;
        var errors = new FieldErrors();
        CheckSecret(current.Value!.Kind, secret, errors);
        if (errors.Any) return errors.ToRejection();
        if (key is null) return NotConfigured;

        var now = clock.Now();
        var versionCheck = expectedVersion is null ? "" : " AND version = @expectedVersion";
        var rotated = await database.InTransactionAsync(async tx =>
        {
            var row = await tx.QuerySingleOrDefaultAsync<CredentialInfo>($"""
                UPDATE credentials SET secret = @secret, key_id = @keyId, rotated_at = @now, version = version + 1
                WHERE id = @id{versionCheck}
                RETURNING {InfoColumns}
                """, new { id, secret = Seal(id, secret!), keyId = key.KeyId, now, expectedVersion });
            if (row is not null) await AdminAudit.AppendAsync(tx, by, "credentials", id.ToString("D"), "rotated", now);
            return row;
        }, cancellationToken);
        if (rotated is null)
            return (await GetAsync(id, cancellationToken)).IsOk
                ? Rejection.Conflict("The credential was changed by someone else; reload it and try again.", "version")
                : Missing(id);
        LogStored(id, rotated.Kind, rotated.KeyId);
        return rotated;
    }

    /// <summary>Deletes a credential no provider references; true when it existed.</summary>
    public async Task<Result<bool>> DeleteAsync(Guid id, AdminActor? by = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await database.InTransactionAsync<Result<bool>>(async tx =>
            {
                var users = (await tx.QueryAsync<string>("SELECT id FROM ai_providers WHERE credential_id = @id ORDER BY id", new { id })).ToArray();
                if (users.Length > 0) return InUse(users);
                if (await tx.ExecuteAsync("DELETE FROM credentials WHERE id = @id", new { id }) == 0) return Missing(id);
                await AdminAudit.AppendAsync(tx, by, "credentials", id.ToString("D"), "deleted", clock.Now());
                return true;
            }, cancellationToken);
        }
        catch (DbException ex) when (DbErrors.IsForeignKeyViolation(ex))
        {
            // A provider started referencing it between the check and the delete.
            return InUse([]);
        }
    }

    async Task<Result<string>> ICredentialSecrets.DecryptAsync(Guid id, CancellationToken cancellationToken)
    {
        if (key is null) return NotConfigured;
        var row = await database.ReadAsync(c => c.QuerySingleOrDefaultAsync<(byte[] Secret, string KeyId)>(
            "SELECT secret, key_id FROM credentials WHERE id = @id", new { id }), cancellationToken);
        if (row.Secret is null) return Missing(id);
        if (row.KeyId != key.KeyId)
            return Rejection.Conflict($"Credential {id} was sealed under master key {row.KeyId}, but this silo runs with {key.KeyId}: start it with the original {MasterKey.Variable} or enter the secret again (rotate).");
        try
        {
            var plaintext = key.Open(row.Secret, AssociatedData(id));
            try
            {
                return Encoding.UTF8.GetString(plaintext);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(plaintext);
            }
        }
        catch (CryptographicException)
        {
            LogUnreadable(id);
            return Rejection.Conflict($"Credential {id} cannot be decrypted: its stored bytes were altered or belong to another row. Enter the secret again (rotate).");
        }
    }

    public void Dispose() => key?.Dispose();

    /// <summary>Binds a ciphertext to its row: the same bytes under another credential id fail authentication.</summary>
    internal static byte[] AssociatedData(Guid id) => Encoding.UTF8.GetBytes($"arena/credentials/{id:D}");

    private byte[] Seal(Guid id, string secret)
    {
        var plaintext = Encoding.UTF8.GetBytes(secret);
        try
        {
            return key!.Seal(plaintext, AssociatedData(id));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>What a new credential must be, checked before anything is stored (a rotation's secret is checked against the stored kind).</summary>
    public static void CheckNew(NewCredential input, FieldErrors errors)
    {
        var name = input.Name?.Trim();
        errors.Require(!string.IsNullOrEmpty(name) && name.Length <= MaxNameLength, "name", $"Name is required (at most {MaxNameLength} characters).");
        errors.Require(input.Kind is ApiKeyKind or ExchangeKeyKind, "kind", $"Kind must be '{ApiKeyKind}' or '{ExchangeKeyKind}'.");
        if (input.Kind is ApiKeyKind or ExchangeKeyKind) CheckSecret(input.Kind, input.Secret, errors);
        var description = Clean(input.Description);
        errors.Require(description is null || description.Length <= MaxDescriptionLength, "description", $"Description must be at most {MaxDescriptionLength} characters.");
    }

    // Messages describe the rule, never the value: a secret must not come back in an error body.
    private static void CheckSecret(string kind, string? secret, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(secret))
        {
            errors.Add("secret", "Secret is required.");
            return;
        }
        if (kind == ApiKeyKind)
            errors.Require(secret.Length <= MaxApiKeyLength && secret.All(c => c is > ' ' and < '\u007f'), "secret",
                $"An API key must be at most {MaxApiKeyLength} printable ASCII characters without spaces or line breaks (it is sent in an HTTP header).");
        else
            errors.Require(secret.Length <= MaxExchangeKeyLength, "secret", $"Secret must be at most {MaxExchangeKeyLength} characters.");
    }

    private static string? Clean(string? description) => string.IsNullOrWhiteSpace(description) ? null : description.Trim();

    private static Rejection Missing(Guid id) => Rejection.NotFound($"Credential {id} does not exist.");

    private static Rejection InUse(string[] providers) => Rejection.Conflict(providers.Length == 0
        ? "The credential is used by a provider; point the provider elsewhere first."
        : $"The credential is used by provider(s) {string.Join(", ", providers)}; point them elsewhere first.");

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Variable} is not set: credentials can be listed but not stored or used; openai-compatible providers with a credential will not open")]
    private partial void LogNotConfigured(string variable);

    [LoggerMessage(Level = LogLevel.Information, Message = "Credential {CredentialId} ({Kind}) sealed under master key {KeyId}")]
    private partial void LogStored(Guid credentialId, string kind, string keyId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Credential {CredentialId} failed authentication on decryption (altered or copied from another row)")]
    private partial void LogUnreadable(Guid credentialId);
}
