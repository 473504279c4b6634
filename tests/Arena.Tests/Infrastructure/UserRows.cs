using Arena.Grains.Persistence;
using Arena.Grains.Users;
using Dapper;

namespace Arena.Tests.Infrastructure;

/// <summary>Reads straight from the database and calls grains directly, to check what happened behind the API.</summary>
public static class UserRows
{
    /// <summary><c>users.version</c>: bumped once by every committed write to the user aggregate.</summary>
    public static Task<long> UserVersionAsync(this ArenaServer server, Guid userId) =>
        server.ScalarAsync<long>("SELECT version FROM users WHERE id = @userId", new { userId });

    public static async Task<T> ScalarAsync<T>(this ArenaServer server, string sql, object? param = null)
    {
        await using var connection = await server.GetService<Database>().OpenAsync();
        return (await connection.ExecuteScalarAsync<T>(sql, param))!;
    }

    /// <summary>Runs one statement straight on the database (to age a row, say); returns the rows changed.</summary>
    public static async Task<int> ExecuteSqlAsync(this ArenaServer server, string sql, object? param = null)
    {
        await using var connection = await server.GetService<Database>().OpenAsync();
        return await connection.ExecuteAsync(sql, param);
    }

    /// <summary>Sends <paramref name="body"/> exactly as given, with <paramref name="contentType"/>.</summary>
    public static Task<HttpResponseMessage> SendTextAsync(this HttpClient client, HttpMethod method, string path, string body, string contentType = "application/json")
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        return client.SendAsync(new HttpRequestMessage(method, path) { Content = content });
    }

    /// <summary>The user's grain, as other parts of the system (not HTTP) call it.</summary>
    public static IUserGrain UserGrain(this ArenaServer server, Guid userId) =>
        server.GetService<IGrainFactory>().GetGrain<IUserGrain>(userId);
}
