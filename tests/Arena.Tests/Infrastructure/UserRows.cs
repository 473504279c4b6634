using Arena.Grains.Users;
using Dapper;

namespace Arena.Tests.Infrastructure;

/// <summary>Reads straight from the database and calls grains directly, to check what happened behind the API.</summary>
public static class UserRows
{
    public static Task<long> VersionAsync(this ArenaServer server, Guid userId) =>
        server.ScalarAsync<long>("SELECT version FROM users WHERE id = @userId", new { userId });

    public static async Task<T> ScalarAsync<T>(this ArenaServer server, string sql, object? param = null)
    {
        await using var connection = await server.GetService<Arena.Grains.Persistence.Database>().OpenAsync();
        return (await connection.ExecuteScalarAsync<T>(sql, param))!;
    }

    /// <summary>The user's grain, as other parts of the system (not HTTP) call it.</summary>
    public static IUserGrain UserGrain(this ArenaServer server, Guid userId) =>
        server.GetService<IGrainFactory>().GetGrain<IUserGrain>(userId);
}
