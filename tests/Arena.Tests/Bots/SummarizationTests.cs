using Arena.Grains.Bots;
using Arena.Grains.Common;

namespace Arena.Tests.Bots;

/// <summary>
/// Decisions that leave the prompt window are folded into a stored summary only when more than
/// <c>summarizeAfter</c> of them have piled up since the last summary, and later prompts reference it.
/// Turns are driven by hand (engine off) so the counts are exact.
/// </summary>
public abstract class SummarizationTests(Dialect dialect) : IAsyncLifetime
{
    private EngineHarness arena = null!;
    private string bot = null!;

    public async Task InitializeAsync()
    {
        arena = await EngineHarness.StartAsync(dialect, runEngine: false);
        var settings = arena.Server.GetService<SettingsService>();
        Assert.True((await settings.SetAsync(SettingCatalog.TurnInterval, "00:00:00.05")).IsOk);
        Assert.True((await settings.SetAsync(SettingCatalog.PromptWindow, "2")).IsOk);
        Assert.True((await settings.SetAsync(SettingCatalog.SummarizeAfter, "3")).IsOk);
        bot = await arena.CreateBotAsync(await arena.RulesProviderAsync("random_walk"));
    }

    public async Task DisposeAsync() => await arena.DisposeAsync();

    private async Task TurnsAsync(int count)
    {
        for (var done = 0; done < count;)
        {
            if (await arena.RunTurnAsync(bot) is { Committed: true }) done++;
            else await Task.Delay(20);
        }
    }

    private Task<IReadOnlyList<(long Id, long Through, long Folded)>> SummariesAsync() =>
        arena.QueryAsync<(long, long, long)>("SELECT id, through_decision_id, decisions_folded FROM bot_history_summaries WHERE bot_id = @bot ORDER BY id", new { bot });

    private Task<IReadOnlyList<long>> DecisionIdsAsync() =>
        arena.QueryAsync<long>("SELECT id FROM bot_decisions WHERE bot_id = @bot ORDER BY id", new { bot });

    [Fact]
    public async Task Summaries_are_written_only_when_the_threshold_is_crossed_again_and_later_prompts_use_them()
    {
        // Window 2, threshold 3: the 6th decision leaves 4 outside the window (> 3), the first fold.
        await TurnsAsync(5);
        Assert.Empty(await SummariesAsync());
        await TurnsAsync(1);
        var decisions = await DecisionIdsAsync();
        var first = Assert.Single(await SummariesAsync());
        Assert.Equal((decisions[3], 4L), (first.Through, first.Folded));

        // The count starts again from the summary: nothing on turns 7-9, the second fold on turn 10.
        await TurnsAsync(3);
        Assert.Single(await SummariesAsync());
        await TurnsAsync(1);
        decisions = await DecisionIdsAsync();
        var summaries = await SummariesAsync();
        Assert.Equal(2, summaries.Count);
        Assert.Equal((decisions[7], 4L), (summaries[1].Through, summaries[1].Folded));

        // The 7th decision's prompt was built with the first summary, the 11th with the second.
        await TurnsAsync(1);
        var used = await arena.QueryAsync<long?>("SELECT summary_id FROM bot_decisions WHERE bot_id = @bot ORDER BY id", new { bot });
        Assert.Equal(first.Id, used[6]);
        Assert.Equal(summaries[1].Id, used[10]);
        Assert.All(used.Take(6), id => Assert.Null(id));
    }

    [Fact]
    public async Task Force_summarize_folds_what_left_the_window_now_and_refuses_when_nothing_did()
    {
        await TurnsAsync(2);
        var grain = arena.Grains.GetGrain<IBotGrain>(bot);
        var nothing = await grain.ForceSummarize();
        Assert.Equal(RejectionKind.Conflict, nothing.Rejection?.Kind);

        await TurnsAsync(1);
        var forced = await grain.ForceSummarize();
        Assert.True(forced.IsOk);
        Assert.Equal(1, forced.Value!.DecisionsFolded);
        Assert.Equal((await DecisionIdsAsync())[0], forced.Value.ThroughDecisionId);
        Assert.False(string.IsNullOrWhiteSpace(forced.Value.Summary));
    }
}

public sealed class SummarizationTestsOnSqlite() : SummarizationTests(Dialect.Sqlite);

public sealed class SummarizationTestsOnPostgres() : SummarizationTests(Dialect.Postgres);
