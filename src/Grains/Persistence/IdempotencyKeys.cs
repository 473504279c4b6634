using Arena.Grains.Common;

namespace Arena.Grains.Persistence;

/// <summary>The first answer to a request sent with an <c>Idempotency-Key</c>, as kept for replays.</summary>
public sealed record StoredAnswer(int StatusCode, string? ContentType, string? Location, string Body);

/// <summary>What a key holds when a request claims it.</summary>
public abstract record IdempotencyClaim
{
    private IdempotencyClaim() { }

    /// <summary>The key was free (or expired): this request runs, then <see cref="IdempotencyKeys.CompleteAsync"/> or <see cref="IdempotencyKeys.ReleaseAsync"/>.</summary>
    public sealed record Claimed : IdempotencyClaim;

    /// <summary>The first request with this key is still running.</summary>
    public sealed record InFlight : IdempotencyClaim;

    /// <summary>The key was used for another request (another operation or another body).</summary>
    public sealed record Mismatch : IdempotencyClaim;

    /// <summary>The first request finished: its answer, to replay.</summary>
    public sealed record Done(StoredAnswer Answer) : IdempotencyClaim;
}

/// <summary>
/// The <c>idempotency_keys</c> table (0010): one row per (user, key), claimed 'pending' by the first request and
/// 'done' with its answer when it finishes; kept <see cref="Lifetime"/>. A claim is an INSERT, so of two concurrent
/// requests with one key exactly one runs: the database's primary key decides, on any silo.
/// </summary>
public sealed class IdempotencyKeys(Database database, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    // Properties, not a positional record: status_code is an int on PostgreSQL and a long on SQLite, and Dapper converts only into properties.
    private sealed class Row
    {
        public string Operation { get; init; } = "";
        public string RequestSha256 { get; init; } = "";
        public string State { get; init; } = "";
        public int? StatusCode { get; init; }
        public string? ContentType { get; init; }
        public string? Headers { get; init; }
        public string? Body { get; init; }
        public DateTimeOffset ExpiresAt { get; init; }
    }

    public async Task<IdempotencyClaim> ClaimAsync(Guid userId, string key, string operation, string requestSha256, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var now = clock.Now();
            try
            {
                await database.InTransactionAsync(tx => tx.ExecuteAsync("""
                    INSERT INTO idempotency_keys (user_id, key, operation, request_sha256, state, created_at, expires_at)
                    VALUES (@userId, @key, @operation, @requestSha256, 'pending', @now, @expires)
                    """, new { userId, key, operation, requestSha256, now, expires = now + Lifetime }), cancellationToken);
                return new IdempotencyClaim.Claimed();
            }
            catch (DbException ex) when (DbErrors.IsUniqueViolation(ex, out _))
            {
            }
            var row = await database.ReadAsync(c => c.QuerySingleOrDefaultAsync<Row>("""
                SELECT operation, request_sha256, state, status_code, content_type, headers, body, expires_at
                FROM idempotency_keys WHERE user_id = @userId AND key = @key
                """, new { userId, key }), cancellationToken);
            if (row is null) continue;
            if (row.ExpiresAt <= now)
            {
                // An expired key is forgotten: whoever deletes it first claims it afresh.
                await database.InTransactionAsync(tx => tx.ExecuteAsync(
                    "DELETE FROM idempotency_keys WHERE user_id = @userId AND key = @key AND expires_at <= @now", new { userId, key, now }), cancellationToken);
                continue;
            }
            if (row.Operation != operation || row.RequestSha256 != requestSha256) return new IdempotencyClaim.Mismatch();
            if (row.State != "done") return new IdempotencyClaim.InFlight();
            return new IdempotencyClaim.Done(new StoredAnswer(row.StatusCode!.Value, row.ContentType, row.Headers, row.Body ?? ""));
        }
        return new IdempotencyClaim.InFlight();
    }

    /// <summary>Keeps the answer of the request that claimed the key.</summary>
    public Task CompleteAsync(Guid userId, string key, StoredAnswer answer, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(tx => tx.ExecuteAsync("""
            UPDATE idempotency_keys SET state = 'done', status_code = @StatusCode, content_type = @ContentType, headers = @Location, body = @Body
            WHERE user_id = @userId AND key = @key AND state = 'pending'
            """, new { userId, key, answer.StatusCode, answer.ContentType, answer.Location, answer.Body }), cancellationToken);

    /// <summary>Frees the key of a request that ended without an answer worth keeping (a failure the client should retry).</summary>
    public Task ReleaseAsync(Guid userId, string key, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(tx => tx.ExecuteAsync(
            "DELETE FROM idempotency_keys WHERE user_id = @userId AND key = @key AND state = 'pending'", new { userId, key }), cancellationToken);

    /// <summary>Deletes keys past their lifetime; returns how many.</summary>
    public Task<int> PruneAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.Now();
        return database.InTransactionAsync(tx => tx.ExecuteAsync("DELETE FROM idempotency_keys WHERE expires_at <= @now", new { now }), cancellationToken);
    }
}
