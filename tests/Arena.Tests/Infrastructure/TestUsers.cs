namespace Arena.Tests.Infrastructure;

/// <summary>A registered, signed-in user and an HTTP client that presents their token.</summary>
public sealed record TestUser(Guid Id, string Username, string Email, string Password, string Token, HttpClient Client);

public static class TestUsers
{
    /// <summary>A password registration accepts: 15 characters or more, on no common-password list, unrelated to the names.</summary>
    public const string Password = "violet kettle under the stairs";

    /// <summary>Registers a new user with unique names through the real API.</summary>
    public static async Task<TestUser> RegisterAsync(this ArenaServer server, string? username = null, string password = Password)
    {
        username ??= "u" + Guid.NewGuid().ToString("N")[..12];
        var email = $"{username.ToLowerInvariant()}@example.test";
        using var anonymous = server.CreateClient();
        var response = await anonymous.PostAsJsonAsync("/api/auth/register", new { email, username, password });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        var token = body!["token"]!.GetValue<string>();
        var id = Guid.Parse(body["user"]!["id"]!.GetValue<string>());
        return new TestUser(id, username, email, password, token, server.CreateClient(token));
    }

    /// <summary>Registers a user and makes them admin (roles are read per request, so the token works at once).</summary>
    public static async Task<TestUser> RegisterAdminAsync(this ArenaServer server)
    {
        var user = await server.RegisterAsync();
        var promoted = await server.GetService<IGrainFactory>().GetGrain<Arena.Grains.Users.IUserGrain>(user.Id).SetRole(Arena.Grains.Users.UserRole.Admin);
        Assert.True(promoted.IsOk);
        return user;
    }
}

public static class Problems
{
    /// <summary>Asserts an RFC 9457 problem body with the status, and (if given) an error for each field; returns the body.</summary>
    public static async Task<JsonObject> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, params string[] fields)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(text)!.AsObject();
        Assert.Equal((int)status, body["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(body["title"]?.GetValue<string>()));
        Assert.NotNull(body["requestId"]);
        foreach (var field in fields)
            Assert.True(body["errors"]?[field] is JsonArray { Count: > 0 }, $"Expected an error for '{field}' in {text}");
        return body;
    }

    public static async Task<JsonNode> AssertOkJsonAsync(this HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }
}
