using Arena.Grains.Events;
using Arena.Grains.Persistence;

namespace Arena.Tests.Events;

/// <summary>Two silos on one PostgreSQL database: one sequence, the same order everywhere.</summary>
public sealed class MultiSiloEventTestsOnPostgres
{
    [Fact]
    public async Task Events_appended_on_either_silo_are_sequenced_once_and_both_hubs_deliver_the_same_order()
    {
        // No fallback poll: every wake-up here comes from the local signal or from NOTIFY.
        var database = await DatabaseTarget.CreateAsync(Dialect.Postgres);
        var noPoll = new Dictionary<string, string?> { ["Arena:Events:PollInterval"] = "01:00:00" };
        await using var one = await ArenaServer.StartAsync(database, noPoll);
        await using var two = await ArenaServer.StartAsync(database, noPoll);
        using var onOne = await one.GetService<EventHub>().SubscribeAsync(EventAudience.Admin);
        using var onTwo = await two.GetService<EventHub>().SubscribeAsync(EventAudience.Admin);

        // 8 writers, alternating silos, 25 small transactions each: both sequencers race for every round.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var silo = w % 2 == 0 ? one : two;
            for (var i = 0; i < 25; i++)
                await silo.AppendAsync(EventDraft.Public("t", new { marker = $"{w}:{2 * i}" }), EventDraft.Public("t", new { marker = $"{w}:{2 * i + 1}" }));
        })));

        var first = await onOne.TakeAsync(400);
        var second = await onTwo.TakeAsync(400);
        Assert.Equal(Enumerable.Range(1, 400).Select(i => (long)i), first.Select(e => e.Seq));
        Assert.Equal(first.Select(e => (e.Seq, e.Marker())), second.Select(e => (e.Seq, e.Marker())));
        Assert.Equal(400, first.Select(e => e.Marker()).Distinct().Count());

        var rows = await one.GetService<Database>().ReadAsync(c => Dapper.SqlMapper.QuerySingleAsync<(long Rows, long Numbered, long Distinct)>(c,
            "SELECT count(*), count(seq), count(DISTINCT seq) FROM activity_events"));
        Assert.Equal((400L, 400L, 400L), rows);
    }

    [Fact]
    public async Task The_reaction_limit_holds_across_silos()
    {
        var database = await DatabaseTarget.CreateAsync(Dialect.Postgres);
        var settings = new Dictionary<string, string?> { ["Arena:Events:ReactionLimit"] = "3", ["Arena:Events:ReactionWindow"] = "00:10:00" };
        await using var one = await ArenaServer.StartAsync(database, settings);
        await using var two = await ArenaServer.StartAsync(database, settings);
        var user = await one.RegisterAsync();
        using var onTwo = two.CreateClient(user.Token);

        var posts = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            (i % 2 == 0 ? user.Client : onTwo).PostAsJsonAsync("/api/activity/reactions", new { emoji = "🚀" })));

        Assert.Equal(3, posts.Count(p => p.StatusCode == HttpStatusCode.Created));
        Assert.Equal(5, posts.Count(p => p.StatusCode == HttpStatusCode.TooManyRequests));
    }
}
