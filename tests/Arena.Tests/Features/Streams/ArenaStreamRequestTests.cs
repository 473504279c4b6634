using System.Net.WebSockets;
using Arena.Api.Features.Streams;

namespace Arena.Tests.Features.Streams;

/// <summary>What a stream refuses: before the upgrade (problem documents) and after it (close codes).</summary>
public abstract partial class ArenaStreamTests
{
    [Theory]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("")]
    [InlineData("1&since=2")]
    [InlineData("99999999999999999999")]
    public async Task Since_must_be_one_non_negative_integer(string since)
    {
        using var client = Server.CreateClient();
        var response = await client.SendAsync(UpgradeRequest("/ws/arena?since=" + since));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "since");
    }

    [Fact]
    public async Task A_plain_http_request_is_told_the_endpoint_is_a_websocket_stream()
    {
        using var client = Server.CreateClient();
        var body = await (await client.GetAsync("/ws/arena")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("WebSocket", body["title"]!.GetValue<string>());
    }

    /// <summary>A WebSocket upgrade request sent by HttpClient: it reads the answer when the server refuses to upgrade.</summary>
    public static HttpRequestMessage UpgradeRequest(string pathAndQuery)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.Connection.Add("Upgrade");
        request.Headers.Upgrade.Add(new System.Net.Http.Headers.ProductHeaderValue("websocket"));
        request.Headers.Add("Sec-WebSocket-Version", "13");
        request.Headers.Add("Sec-WebSocket-Key", Convert.ToBase64String(Guid.NewGuid().ToByteArray()));
        return request;
    }

    [Fact]
    public async Task The_client_may_not_send_binary_or_oversized_messages_and_other_messages_get_an_error()
    {
        await using (var chatty = await ConnectAsync())
        {
            await chatty.NextAsync();
            await chatty.SendAsync("{\"type\":\"hello\"}");
            var answer = await chatty.NextUntilAsync(m => m.Is("error"));
            Assert.Equal("unexpected_message", answer[^1]["code"]!.GetValue<string>());
            await LiveEventsAsync(chatty, 1); // the stream goes on
        }
        await using (var binary = await ConnectAsync())
        {
            await binary.Socket.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary, true, CancellationToken.None);
            Assert.Equal(StreamCloseCodes.Unsupported, await binary.EndAsync());
        }
        await using (var big = await ConnectAsync())
        {
            await big.SendAsync("{\"type\":\"auth\",\"token\":\"" + new string('a', 5000) + "\"}");
            Assert.Equal(StreamCloseCodes.TooBig, await big.EndAsync());
        }
    }

    [Fact]
    public async Task A_session_token_in_the_url_is_refused()
    {
        var user = await Server.RegisterAsync();
        await using var client = await StreamClient.ConnectAsync(Server, "/ws/arena?access_token=" + user.Token);
        Assert.Equal(StreamCloseCodes.PolicyViolation, await client.EndAsync());
        Assert.DoesNotContain(client.Raw, m => m.Contains("snapshot", StringComparison.Ordinal));

        using var http = Server.CreateClient();
        await (await http.GetAsync("/ws/arena?token=" + user.Token)).AssertProblemAsync(HttpStatusCode.BadRequest, "token");
    }
}
