using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;

namespace Arena.Tests.Providers;

/// <summary>
/// A local OpenAI-compatible server on 127.0.0.1 (a free port). Each scenario gets its own base URL
/// (<c>/s/{id}/v1</c>) and answers call n with its script, recording what it received.
/// </summary>
public sealed class FakeChatServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, FakeScenario> scenarios = new();
    private readonly WebApplication app;

    private FakeChatServer(WebApplication app) => this.app = app;

    public Uri Address { get; private set; } = null!;

    public static async Task<FakeChatServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = new FakeChatServer(builder.Build());
        server.app.MapPost("/s/{scenario}/v1/chat/completions", (string scenario, HttpContext context) =>
            server.scenarios.TryGetValue(scenario, out var s) ? s.HandleAsync(context) : Results.NotFound().ExecuteAsync(context));
        await server.app.StartAsync();
        server.Address = new Uri(server.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return server;
    }

    /// <summary>A scenario answering call <c>n</c> (from 1) with <paramref name="respond"/>.</summary>
    public FakeScenario Scenario(Func<int, HttpContext, Task> respond)
    {
        var id = Guid.NewGuid().ToString("N");
        var scenario = new FakeScenario(new Uri(Address, $"/s/{id}/v1").ToString(), respond);
        scenarios[id] = scenario;
        return scenario;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    public static Task Completion(HttpContext context, string content, int promptTokens = 120, int completionTokens = 45, string finishReason = "stop") =>
        context.Response.WriteAsJsonAsync(new
        {
            id = "chatcmpl-test", @object = "chat.completion", created = 1_764_000_000, model = "fake-model",
            choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = finishReason } },
            usage = new { prompt_tokens = promptTokens, completion_tokens = completionTokens, total_tokens = promptTokens + completionTokens },
        });

    public static Task Status(HttpContext context, int status, string? errorMessage = null, string? retryAfter = null)
    {
        context.Response.StatusCode = status;
        if (retryAfter is not null) context.Response.Headers.RetryAfter = retryAfter;
        return errorMessage is null ? Task.CompletedTask : context.Response.WriteAsJsonAsync(new { error = new { message = errorMessage, type = "test" } });
    }

    /// <summary>A body of <paramref name="bytes"/> bytes, streamed without a Content-Length so the reader must cap it.</summary>
    public static async Task Huge(HttpContext context, int bytes)
    {
        context.Response.ContentType = "application/json";
        var chunk = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
        await context.Response.Body.WriteAsync("{\"choices\":[{\"message\":{\"content\":\""u8.ToArray());
        for (var written = 0; written < bytes; written += chunk.Length)
            await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
        await context.Response.Body.WriteAsync("\"}}]}"u8.ToArray());
    }
}

public sealed class FakeScenario(string baseUrl, Func<int, HttpContext, Task> respond)
{
    private int calls;
    private int inFlight;
    private int maxInFlight;

    public string BaseUrl { get; } = baseUrl;

    public int Calls => Volatile.Read(ref calls);

    public int MaxInFlight => Volatile.Read(ref maxInFlight);

    public ConcurrentQueue<(string? Authorization, JsonObject Body)> Requests { get; } = new();

    internal async Task HandleAsync(HttpContext context)
    {
        var n = Interlocked.Increment(ref calls);
        var now = Interlocked.Increment(ref inFlight);
        for (var seen = maxInFlight; now > seen; seen = maxInFlight)
            if (Interlocked.CompareExchange(ref maxInFlight, now, seen) == seen) break;
        try
        {
            var body = await JsonNode.ParseAsync(context.Request.Body);
            Requests.Enqueue((context.Request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null, body!.AsObject()));
            await respond(n, context);
        }
        catch (OperationCanceledException)
        {
            // The client gave up (its timeout): nothing to answer.
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }
}
