using Arena.Grains.Events;
using Arena.Grains.Secrets;

namespace Arena.Grains.Providers;

/// <summary>
/// The <c>ai_providers</c> table. Edits carry the version they were based on (<c>WHERE version =
/// @expected</c>); a provider in use by a bot, or a credential in use by a provider, is not deleted.
/// </summary>
public sealed class ProviderStore(Database database, TimeProvider clock, IOptions<ProviderOptions> options)
{
    private const string Columns = ProviderRow.Columns;

    public async Task<IReadOnlyList<ProviderRecord>> ListAsync(CancellationToken cancellationToken = default) =>
        (await database.ReadAsync(c => c.QueryAsync<ProviderRow>($"SELECT {Columns} FROM ai_providers ORDER BY id"), cancellationToken))
        .Select(r => r.ToRecord()).ToArray();

    public async Task<Result<ProviderRecord>> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var row = await database.ReadAsync(c => c.QuerySingleOrDefaultAsync<ProviderRow>(
            $"SELECT {Columns} FROM ai_providers WHERE id = @id", new { id }), cancellationToken);
        return row is null ? Missing(id) : row.ToRecord();
    }

    /// <summary>The provider's settings on the caller's connection (a bot loads its provider with its own rows).</summary>
    public static async Task<ProviderSettings?> FindAsync(DbConnection connection, string id) =>
        (await connection.QuerySingleOrDefaultAsync<ProviderRow>($"SELECT {Columns} FROM ai_providers WHERE id = @id", new { id }))?.ToSettings();

    public Task<Result<ProviderRecord>> CreateAsync(string id, ProviderInput input, AdminActor? by = null, CancellationToken cancellationToken = default) =>
        WriteAsync(id, input, by, "created", async (tx, parameters) => await InsertIfAbsentAsync(tx, parameters) is { } row
            ? row.ToRecord()
            : Rejection.Conflict($"A provider with id '{id}' already exists.", "id"), cancellationToken);

    /// <summary>
    /// Inserts <paramref name="provider"/> (at version 1) in the caller's transaction unless a provider has its id; true when it
    /// did. How the demo arena and the legacy import add providers: no validation, no audit, an existing row is left as it is.
    /// </summary>
    public static async Task<bool> AddIfAbsentAsync(Tx tx, ProviderSettings provider, DateTimeOffset now) =>
        await InsertIfAbsentAsync(tx, Parameters(provider, now, expectedVersion: 0)) is not null;

    public static async Task<bool> ExistsAsync(Tx tx, string id) =>
        await tx.ExecuteScalarAsync<long>("SELECT count(*) FROM ai_providers WHERE id = @id", new { id }) > 0;

    // ON CONFLICT rather than a unique violation: a failed statement would abort the caller's PostgreSQL transaction.
    private static Task<ProviderRow?> InsertIfAbsentAsync(Tx tx, object parameters) =>
        tx.QuerySingleOrDefaultAsync<ProviderRow>($"""
            INSERT INTO ai_providers ({Columns})
            VALUES (@Id, @Name, @Kind, @Strategy, @BaseUrl, @Model, @CredentialId, @timeoutMs, @MaxRetries, @MaxConcurrency,
                    @Temperature, @MaxTokens, @JsonMode, @IsActive, 1, @now, @now)
            ON CONFLICT (id) DO NOTHING
            RETURNING {Columns}
            """, parameters);

    /// <summary>Replaces every field of the provider, if it is still at <paramref name="expectedVersion"/>.</summary>
    public Task<Result<ProviderRecord>> UpdateAsync(string id, long expectedVersion, ProviderInput input, AdminActor? by = null,
        CancellationToken cancellationToken = default) =>
        WriteAsync(id, input, by, "updated", async (tx, parameters) =>
        {
            var row = await tx.QuerySingleOrDefaultAsync<ProviderRow>($"""
                UPDATE ai_providers SET name = @Name, kind = @Kind, strategy = @Strategy, base_url = @BaseUrl, model = @Model,
                    credential_id = @CredentialId, timeout_ms = @timeoutMs, max_retries = @MaxRetries, max_concurrency = @MaxConcurrency,
                    temperature = @Temperature, max_tokens = @MaxTokens, json_mode = @JsonMode, is_active = @IsActive,
                    version = version + 1, updated_at = @now
                WHERE id = @Id AND version = @expectedVersion
                RETURNING {Columns}
                """, parameters);
            if (row is not null) return row.ToRecord();
            return await tx.ExecuteScalarAsync<int>("SELECT count(*) FROM ai_providers WHERE id = @id", new { id }) == 0
                ? Missing(id)
                : Rejection.Conflict("The provider was changed by someone else; reload it and try again.", "version");
        }, cancellationToken, expectedVersion);

    /// <summary>
    /// Validates, then runs <paramref name="write"/> in one transaction after checking the credential it references,
    /// with the admin's audit event.
    /// </summary>
    private async Task<Result<ProviderRecord>> WriteAsync(string id, ProviderInput input, AdminActor? by, string action,
        Func<Tx, object, Task<Result<ProviderRecord>>> write, CancellationToken cancellationToken, long expectedVersion = 0)
    {
        var errors = new FieldErrors();
        var settings = ProviderValidation.Check(id, input, options.Value.AllowPrivateNetworks, errors);
        if (settings is null) return errors.ToRejection();
        var now = clock.Now();
        var parameters = Parameters(settings, now, expectedVersion);
        try
        {
            return await database.InTransactionAsync(async tx =>
            {
                if (await CheckCredentialAsync(tx, settings.CredentialId) is { } refused) return refused;
                var written = await write(tx, parameters);
                if (written.IsOk) await AdminAudit.AppendAsync(tx, by, "providers", id, action, now);
                return written;
            }, cancellationToken);
        }
        catch (DbException ex) when (DbErrors.IsForeignKeyViolation(ex))
        {
            // The credential was deleted between the check and the write.
            return CredentialGone;
        }
    }

    /// <summary>Deletes a provider no bot uses; true when it existed.</summary>
    public async Task<Result<bool>> DeleteAsync(string id, AdminActor? by = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await database.InTransactionAsync<Result<bool>>(async tx =>
            {
                var bots = (await tx.QueryAsync<string>("SELECT id FROM bots WHERE provider_id = @id ORDER BY id", new { id })).ToArray();
                if (bots.Length > 0) return InUse(bots);
                if (await tx.ExecuteAsync("DELETE FROM ai_providers WHERE id = @id", new { id }) == 0) return Missing(id);
                await AdminAudit.AppendAsync(tx, by, "providers", id, "deleted", clock.Now());
                return true;
            }, cancellationToken);
        }
        catch (DbException ex) when (DbErrors.IsForeignKeyViolation(ex))
        {
            // A bot was pointed at it between the check and the delete.
            return InUse([]);
        }
    }

    private static async Task<Rejection?> CheckCredentialAsync(Tx tx, Guid? credentialId)
    {
        if (credentialId is not { } id) return null;
        var kind = await tx.QuerySingleOrDefaultAsync<string>("SELECT kind FROM credentials WHERE id = @id", new { id });
        return kind switch
        {
            null => CredentialGone,
            CredentialVault.ApiKeyKind => null,
            _ => Rejection.Invalid("credentialId", $"An openai-compatible provider needs an '{CredentialVault.ApiKeyKind}' credential."),
        };
    }

    private static object Parameters(ProviderSettings s, DateTimeOffset now, long expectedVersion) => new
    {
        s.Id, s.Name, s.Kind, s.Strategy, s.BaseUrl, s.Model, s.CredentialId, timeoutMs = (int)s.Timeout.TotalMilliseconds,
        s.MaxRetries, s.MaxConcurrency, s.Temperature, s.MaxTokens, s.JsonMode, s.IsActive, now, expectedVersion,
    };

    private static readonly Rejection CredentialGone = Rejection.Invalid("credentialId", "The credential does not exist.");

    private static Rejection Missing(string id) => Rejection.NotFound($"Provider '{id}' does not exist.");

    private static Rejection InUse(string[] bots) => Rejection.Conflict(bots.Length == 0
        ? "The provider is used by a bot; move the bot to another provider first."
        : $"The provider is used by bot(s) {string.Join(", ", bots.Take(10))}{(bots.Length > 10 ? ", ..." : "")}; move them to another provider first.");
}
