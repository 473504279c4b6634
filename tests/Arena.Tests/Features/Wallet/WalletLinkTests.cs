namespace Arena.Tests.Features.Wallet;

/// <summary>Linking and unlinking wallets (user-aggregate writes), the history, and durability.</summary>
public abstract class WalletLinkTests(WalletArena arena)
{
    private ArenaServer Server => arena.Server;

    [Fact]
    public async Task A_password_user_links_a_wallet_and_can_then_sign_in_with_it()
    {
        var user = await Server.RegisterAsync();
        var wallet = TestWallet.Create();

        var linked = await user.Client.LinkWalletAsync(wallet);
        Assert.Equal(user.Id.ToString(), linked["id"]!.GetValue<string>());
        Assert.Equal([wallet.Address], linked.Wallets());
        Assert.Equal([wallet.Address], (await user.Client.SessionUserAsync()).Wallets());
        Assert.Equal(2, await Server.CountAsync("SELECT version FROM users WHERE id = @id", new { id = user.Id }));

        Assert.Equal(user.Id, (await Server.SignInWithWalletAsync(wallet)).Id);
    }

    [Fact]
    public async Task Linking_a_wallet_the_caller_already_has_changes_nothing()
    {
        var owner = await Server.SignInWithWalletAsync(TestWallet.Create());
        var wallet = TestWallet.Create();
        await owner.Client.LinkWalletAsync(wallet);
        var version = await Server.CountAsync("SELECT version FROM users WHERE id = @id", new { id = owner.Id });

        Assert.Equal(2, (await owner.Client.LinkWalletAsync(wallet)).Wallets().Length);
        Assert.Equal(version, await Server.CountAsync("SELECT version FROM users WHERE id = @id", new { id = owner.Id }));
    }

    [Fact]
    public async Task Linking_a_wallet_another_user_has_is_409_and_it_stays_theirs()
    {
        var wallet = TestWallet.Create();
        var owner = await Server.SignInWithWalletAsync(wallet);
        var other = await Server.RegisterAsync();

        var message = await other.Client.ChallengeAsync(wallet.Address);
        await (await other.Client.ProveAsync(message, wallet.Sign(message))).AssertProblemAsync(HttpStatusCode.Conflict, "address");

        Assert.Empty((await other.Client.SessionUserAsync()).Wallets());
        Assert.Equal([wallet.Address], (await owner.Client.SessionUserAsync()).Wallets());
    }

    [Fact]
    public async Task Unlinking_removes_the_wallet_so_it_no_longer_reaches_that_user()
    {
        var user = await Server.RegisterAsync();
        var wallet = TestWallet.Create();
        await user.Client.LinkWalletAsync(wallet);

        var unlink = await user.Client.DeleteAsync($"/api/auth/wallet/{wallet.Address.ToLowerInvariant()}");
        Assert.Equal(HttpStatusCode.NoContent, unlink.StatusCode);
        Assert.Empty((await user.Client.SessionUserAsync()).Wallets());
        await (await user.Client.DeleteAsync($"/api/auth/wallet/{wallet.Address}")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.NotEqual(user.Id, (await Server.SignInWithWalletAsync(wallet)).Id);
    }

    [Fact]
    public async Task Unlinking_another_users_wallet_is_404_and_it_stays_linked()
    {
        var wallet = TestWallet.Create();
        var owner = await Server.SignInWithWalletAsync(wallet);
        await owner.Client.LinkWalletAsync(TestWallet.Create()); // so the owner could unlink it themselves
        var other = await Server.RegisterAsync();

        await (await other.Client.DeleteAsync($"/api/auth/wallet/{wallet.Address}")).AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.Contains(wallet.Address, (await owner.Client.SessionUserAsync()).Wallets());
        Assert.Equal(owner.Id, (await Server.SignInWithWalletAsync(wallet)).Id);
    }

    [Fact]
    public async Task Unlinking_the_only_way_to_sign_in_is_409_until_another_wallet_is_linked()
    {
        var first = TestWallet.Create();
        var user = await Server.SignInWithWalletAsync(first);

        await (await user.Client.DeleteAsync($"/api/auth/wallet/{first.Address}")).AssertProblemAsync(HttpStatusCode.Conflict, "address");
        Assert.Equal([first.Address], (await user.Client.SessionUserAsync()).Wallets());

        var second = TestWallet.Create();
        await user.Client.LinkWalletAsync(second);
        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.DeleteAsync($"/api/auth/wallet/{first.Address}")).StatusCode);
        await (await user.Client.DeleteAsync($"/api/auth/wallet/{second.Address}")).AssertProblemAsync(HttpStatusCode.Conflict, "address");
    }

    [Fact]
    public async Task Unlinking_a_malformed_address_is_400_naming_address()
    {
        var user = await Server.RegisterAsync();
        await (await user.Client.DeleteAsync("/api/auth/wallet/0x1234")).AssertProblemAsync(HttpStatusCode.BadRequest, "address");
    }

    [Fact]
    public async Task Concurrent_links_to_one_user_all_commit()
    {
        var user = await Server.RegisterAsync();
        var wallets = Enumerable.Range(0, 5).Select(_ => TestWallet.Create()).ToArray();
        var messages = new List<string>();
        foreach (var wallet in wallets) messages.Add(await user.Client.ChallengeAsync(wallet.Address));

        var responses = await Task.WhenAll(wallets.Select((w, i) => user.Client.ProveAsync(messages[i], w.Sign(messages[i]))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        Assert.Equal(wallets.Select(w => w.Address).Order(), (await user.Client.SessionUserAsync()).Wallets().Order());
        Assert.Equal(1 + wallets.Length, await Server.CountAsync("SELECT version FROM users WHERE id = @id", new { id = user.Id }));
    }

    [Fact]
    public async Task History_lists_the_callers_links_unlinks_and_sign_ins_newest_first()
    {
        var user = await Server.RegisterAsync();
        var wallet = TestWallet.Create();
        await user.Client.LinkWalletAsync(wallet);
        await Server.SignInWithWalletAsync(wallet);
        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.DeleteAsync($"/api/auth/wallet/{wallet.Address}")).StatusCode);
        var bystander = await Server.SignInWithWalletAsync(TestWallet.Create());

        var history = (await (await user.Client.GetAsync("/api/auth/wallet/history")).AssertOkJsonAsync()).AsArray();
        Assert.Equal(["unlink", "sign_in", "link"], history.Select(h => h!["action"]!.GetValue<string>()));
        Assert.All(history, h => Assert.Equal(wallet.Address, h!["address"]!.GetValue<string>()));
        Assert.Equal([null, 1, 1], history.Select(h => h!["chainId"]?.GetValue<int>()));
        var times = history.Select(h => h!["occurredAt"]!.GetValue<DateTimeOffset>()).ToArray();
        Assert.Equal(times.OrderDescending(), times);

        var theirs = (await (await bystander.Client.GetAsync("/api/auth/wallet/history")).AssertOkJsonAsync()).AsArray();
        Assert.Equal(["sign_in", "link"], theirs.Select(h => h!["action"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Wallet_endpoints_that_need_a_session_are_401_without_one()
    {
        using var anonymous = Server.CreateClient();
        await (await anonymous.GetAsync("/api/auth/wallet/history")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.DeleteAsync($"/api/auth/wallet/{TestWallet.Create().Address}")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Linked_wallets_survive_a_restart()
    {
        await using var server = await ArenaServer.StartAsync(await DatabaseTarget.CreateAsync(arena.Dialect));
        var first = TestWallet.Create();
        var user = await server.SignInWithWalletAsync(first);
        var second = TestWallet.Create();
        await user.Client.LinkWalletAsync(second);
        var before = (await user.Client.SessionUserAsync()).ToJsonString();
        var history = (await (await user.Client.GetAsync("/api/auth/wallet/history")).AssertOkJsonAsync()).ToJsonString();

        await server.RestartAsync();

        using var client = server.CreateClient(user.Token);
        Assert.Equal(before, (await client.SessionUserAsync()).ToJsonString());
        Assert.Equal(history, (await (await client.GetAsync("/api/auth/wallet/history")).AssertOkJsonAsync()).ToJsonString());
        Assert.Equal(user.Id, (await server.SignInWithWalletAsync(second)).Id);
    }
}

public sealed class WalletLinkTestsOnSqlite(WalletArenaOnSqlite arena) : WalletLinkTests(arena), IClassFixture<WalletArenaOnSqlite>;

public sealed class WalletLinkTestsOnPostgres(WalletArenaOnPostgres arena) : WalletLinkTests(arena), IClassFixture<WalletArenaOnPostgres>;
