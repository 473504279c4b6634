namespace Arena.Grains.Desk;

/// <summary>
/// Reads and writes the desk aggregate, rooted at <c>paper_wallets</c> (row SQL in <see cref="DeskRows"/>). Every change
/// goes through <see cref="CommitAsync"/>, which writes the wallet with the version check. Reads of closed trades go
/// straight to the rows, scoped by the user.
/// </summary>
public sealed class DeskStore(Database database)
{
    private const string LoadSql = $"""
        SELECT count(*) FROM users WHERE id = @userId;
        SELECT starting_balance, balance, realized_pnl, fees_paid, reset_count, reset_at, created_at, updated_at, version FROM paper_wallets WHERE user_id = @userId;
        SELECT {DeskRows.TradeColumns} FROM quick_trades WHERE user_id = @userId AND status = 'open' ORDER BY opened_at, id;
        SELECT {CopyRunRows.RunColumns} FROM copy_trade_runs WHERE user_id = @userId ORDER BY created_at, id;
        """;

    public Database Database => database;

    /// <summary>The desk of an existing user (null for no such user); a user without a wallet row gets a fresh wallet of <paramref name="startingBalance"/>.</summary>
    public async Task<DeskState?> LoadAsync(Guid userId, decimal startingBalance, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var grid = await connection.QueryMultipleAsync(LoadSql, new { userId });
        if (await grid.ReadSingleAsync<long>() == 0) return null;
        var wallet = await grid.ReadSingleOrDefaultAsync<WalletRow>();
        var open = (await grid.ReadAsync<DeskRows.TradeRow>()).Select(r => r.ToTrade()).ToImmutableList();
        var runs = (await grid.ReadAsync<CopyRunRows.RunRow>()).Select(r => r.ToRun()).ToImmutableList();
        return new DeskState(userId, wallet?.ToWallet() ?? PaperWallet.Fresh(startingBalance, now), open) { CopyRuns = runs };
    }

    /// <summary>
    /// One write to the desk: inserts the wallet (a wallet not stored yet) or updates it from <paramref name="expected"/>'s
    /// version to <paramref name="next"/>'s values (zero rows: another writer won, <see cref="VersionConflictException"/>),
    /// runs <paramref name="rows"/> in the same transaction, commits, and returns the new version.
    /// </summary>
    public Task<long> CommitAsync(Guid userId, PaperWallet expected, PaperWallet next, Func<Tx, Task> rows, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async tx =>
        {
            var args = new
            {
                userId, next.StartingBalance, next.Balance, next.RealizedPnl, next.FeesPaid, next.ResetCount, next.ResetAt, next.CreatedAt, next.UpdatedAt,
                expected = expected.Version,
            };
            var written = expected.Stored
                ? await tx.ExecuteAsync("""
                    UPDATE paper_wallets SET starting_balance = @StartingBalance, balance = @Balance, realized_pnl = @RealizedPnl, fees_paid = @FeesPaid,
                        reset_count = @ResetCount, reset_at = @ResetAt, updated_at = @UpdatedAt, version = version + 1
                    WHERE user_id = @userId AND version = @expected
                    """, args)
                : await tx.ExecuteAsync("""
                    INSERT INTO paper_wallets (user_id, starting_balance, balance, realized_pnl, fees_paid, reset_count, reset_at, created_at, updated_at, version)
                    VALUES (@userId, @StartingBalance, @Balance, @RealizedPnl, @FeesPaid, @ResetCount, @ResetAt, @CreatedAt, @UpdatedAt, 1)
                    ON CONFLICT (user_id) DO NOTHING
                    """, args);
            if (written == 0) throw new VersionConflictException("Desk", userId, expected.Version);
            await rows(tx);
            return expected.Version + 1;
        }, cancellationToken);

    /// <summary>One of the user's trades, open or closed; null if the user has none with this id.</summary>
    public async Task<QuickTrade?> GetTradeAsync(Guid userId, Guid tradeId, CancellationToken cancellationToken = default) =>
        (await database.ReadAsync(c => c.QuerySingleOrDefaultAsync<DeskRows.TradeRow>(
            $"SELECT {DeskRows.TradeColumns} FROM quick_trades WHERE id = @tradeId AND user_id = @userId", new { tradeId, userId }), cancellationToken))?.ToTrade();

    /// <summary>Up to <paramref name="take"/> of the user's trades with an id below <paramref name="before"/>, newest first (ids are v7 uuids: creation order).</summary>
    /// <summary>The client ids of the user's imported trades.</summary>
    public async Task<IReadOnlySet<string>> ExternalIdsAsync(Guid userId, CancellationToken cancellationToken = default) =>
        (await database.ReadAsync(c => c.QueryAsync<string>(
            "SELECT external_id FROM quick_trades WHERE user_id = @userId AND external_id IS NOT NULL", new { userId }), cancellationToken))
        .ToHashSet(StringComparer.Ordinal);

    public async Task<IReadOnlyList<QuickTrade>> ListAsync(Guid userId, string? status, Guid? before, int take, CancellationToken cancellationToken = default)
    {
        // Only fixed fragments are appended, never input.
        var sql = $"SELECT {DeskRows.TradeColumns} FROM quick_trades WHERE user_id = @userId"
            + (status is null ? "" : " AND status = @status")
            + (before is null ? "" : " AND id < @before")
            + " ORDER BY id DESC LIMIT @take";
        var rows = await database.ReadAsync(c => c.QueryAsync<DeskRows.TradeRow>(sql, new { userId, status, before = before ?? Guid.Empty, take }), cancellationToken);
        return rows.Select(r => r.ToTrade()).ToArray();
    }

    /// <summary>Every open quick trade of every user, with its desk's version: what a silo's risk watch starts from.</summary>
    public async Task<IReadOnlyList<(Guid UserId, long Version, QuickTrade Trade)>> AllOpenAsync(CancellationToken cancellationToken = default)
    {
        var rows = await database.ReadAsync(c => c.QueryAsync<OpenTradeRow>($"""
            SELECT w.version AS desk_version, {string.Join(", ", DeskRows.TradeColumns.Split(',').Select(c => "q." + c.Trim()))}
            FROM quick_trades q JOIN paper_wallets w ON w.user_id = q.user_id
            WHERE q.status = 'open' ORDER BY q.user_id, q.opened_at, q.id
            """), cancellationToken);
        return rows.Select(r => (r.UserId, r.DeskVersion, r.ToTrade())).ToArray();
    }

    private sealed class OpenTradeRow : DeskRows.TradeRow
    {
        public long DeskVersion { get; init; }
    }

    private sealed class WalletRow
    {
        public decimal StartingBalance { get; init; }
        public decimal Balance { get; init; }
        public decimal RealizedPnl { get; init; }
        public decimal FeesPaid { get; init; }
        public int ResetCount { get; init; }
        public DateTimeOffset? ResetAt { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }
        public long Version { get; init; }

        public PaperWallet ToWallet() => new(StartingBalance, Balance, RealizedPnl, FeesPaid, ResetCount, ResetAt, CreatedAt, UpdatedAt, Version);
    }
}
