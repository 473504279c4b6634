using Arena.Grains.Common;
using Arena.Grains.Users;
using Dapper;
using Orleans.Runtime;

namespace Arena.Tests.Cluster;

/// <summary>
/// The user grain on a real two-silo Orleans cluster over a real database: one activation whichever silo calls it,
/// every change in the rows before the call returns, and a reload after a failed call.
/// </summary>
public abstract class UserGrainClusterTests(GrainCluster cluster)
{
    private async Task<IUserGrain> NewUserAsync(int silo = 0)
    {
        var id = Guid.CreateVersion7();
        var user = cluster.Silo(silo).GetGrain<IUserGrain>(id);
        Assert.True((await user.Register(new NewAccount(null, "u" + id.ToString("N")[..12], null))).IsOk);
        return user;
    }

    private Task<long> CountAsync(string sql, object param) => cluster.Database.ReadAsync(c => c.ExecuteScalarAsync<long>(sql, param));

    [Fact]
    public async Task Calls_from_both_silos_reach_one_activation_and_none_of_them_conflicts()
    {
        var id = (await (await NewUserAsync()).GetUser())!.Id;
        // 24 writes at once, half through each silo: a second activation would make some of them lose version races (409).
        var adds = Enumerable.Range(0, 24).Select(i => cluster.Silo(i % 2).GetGrain<IUserGrain>(id).AddToWatchlist(new WatchlistItem($"SYM{i:D2}USDT")));
        var results = await Task.WhenAll(adds);
        Assert.All(results, r => Assert.True(r.IsOk, r.Rejection?.ToString()));

        var management = cluster.Silo(1).GetGrain<IManagementGrain>(0);
        Assert.Equal(1, await management.GetGrainActivationCount((GrainReference)cluster.Silo(0).GetGrain<IUserGrain>(id)));
        Assert.Equal(24, (await cluster.Silo(1).GetGrain<IUserGrain>(id).GetWatchlist()).Value!.Count);
        Assert.Equal(25, (await cluster.Database.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT version FROM users WHERE id = @id", new { id }))));
    }

    [Fact]
    public async Task A_change_is_in_the_rows_before_the_call_returns_and_survives_the_activation()
    {
        var user = await NewUserAsync();
        var id = (await user.GetUser())!.Id;
        Assert.True((await user.DismissInsight("insight-1")).IsOk);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM user_dismissed_insights WHERE user_id = @id", new { id }));

        await cluster.Cluster.DeactivateAsync(user);
        Assert.Equal(["insight-1"], (await cluster.Silo(1).GetGrain<IUserGrain>(id).GetDismissedInsights()).Value!.Select(d => d.InsightId));
    }

    [Fact]
    public async Task A_write_that_fails_drops_the_activation_and_the_next_call_reloads_from_the_rows()
    {
        var user = await NewUserAsync();
        var id = (await user.GetUser())!.Id;
        var table = "user_ui_state";
        await cluster.Database.InTransactionAsync(tx => tx.ExecuteAsync($"ALTER TABLE {table} RENAME TO {table}_away"));
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => user.SetUiStateValue("layout", "1"));
            // Meanwhile another writer changes the user: the activation that failed must not serve its old memory.
            await cluster.Database.InTransactionAsync(tx => tx.ExecuteAsync(
                "UPDATE user_profiles SET display_name = 'Changed Elsewhere' WHERE user_id = @id", new { id }));
        }
        finally
        {
            await cluster.Database.InTransactionAsync(tx => tx.ExecuteAsync($"ALTER TABLE {table}_away RENAME TO {table}"));
        }

        Assert.Equal("Changed Elsewhere", (await user.GetProfile()).Value!.DisplayName);
        Assert.True((await user.SetUiStateValue("layout", "1")).IsOk);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM user_ui_state WHERE user_id = @id", new { id }));
    }

    [Fact]
    public async Task A_write_that_lost_a_version_race_is_decided_again_on_the_winners_state()
    {
        var user = await NewUserAsync();
        var id = (await user.GetUser())!.Id;
        Assert.True((await user.AddToWatchlist(new WatchlistItem("BTCUSDT"))).IsOk);
        // Another writer (a silo that held the user a moment ago, an import) commits first: its row and a version bump.
        await cluster.Database.InTransactionAsync(async tx =>
        {
            await tx.ExecuteAsync("UPDATE users SET version = version + 1 WHERE id = @id", new { id });
            await tx.ExecuteAsync("INSERT INTO user_watchlists (id, user_id, symbol, added_at) VALUES (@row, @id, 'ETHUSDT', @at)",
                new { row = Guid.CreateVersion7(), id, at = DateTimeOffset.UtcNow });
        });

        // This write loses the race, reloads, and is decided again: adding ETHUSDT is now a conflict, not a duplicate row.
        var again = await user.AddToWatchlist(new WatchlistItem("ethusdt"));
        Assert.Equal(RejectionKind.Conflict, again.Rejection?.Kind);
        var solUsdt = await user.AddToWatchlist(new WatchlistItem("SOLUSDT"));
        Assert.True(solUsdt.IsOk);
        Assert.Equal(["BTCUSDT", "ETHUSDT", "SOLUSDT"], (await user.GetWatchlist()).Value!.Select(e => e.Symbol).Order());
    }
}

public sealed class UserGrainClusterTestsOnSqlite(SqliteGrainCluster cluster) : UserGrainClusterTests(cluster), IClassFixture<SqliteGrainCluster>;

public sealed class UserGrainClusterTestsOnPostgres(PostgresGrainCluster cluster) : UserGrainClusterTests(cluster), IClassFixture<PostgresGrainCluster>;
