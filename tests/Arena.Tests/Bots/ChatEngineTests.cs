using Arena.Tests.Providers;

namespace Arena.Tests.Bots;

/// <summary>Engine tests that need a running silo (controllable market) and a fake OpenAI-compatible server.</summary>
public abstract class ChatEngineTests(Dialect dialect) : IAsyncLifetime
{
    protected const string Hold = """{"decisions":[{"action":"HOLD","reasoning":"waiting"}]}""";

    protected EngineHarness Arena { get; private set; } = null!;

    protected FakeChatServer Chat { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Arena = await EngineHarness.StartAsync(dialect);
        Chat = await FakeChatServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Arena.DisposeAsync();
        await Chat.DisposeAsync();
    }

    /// <summary>A bot whose provider answers <paramref name="first"/> on the first call and HOLD after.</summary>
    protected async Task<string> BotAnsweringOnceAsync(string first, int maxLeverage = 10)
    {
        var scenario = Chat.Scenario((n, ctx) => FakeChatServer.Completion(ctx, n == 1 ? first : Hold));
        return await Arena.CreateBotAsync(await Arena.ChatProviderAsync(scenario.BaseUrl), maxLeverage: maxLeverage);
    }
}
