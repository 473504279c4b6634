using Arena.Grains.Trading;

namespace Arena.Tests.Trading;

public sealed class HistorySummarizerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private static readonly PastTurn[] Story =
    [
        new(10, T0, [new("LONG", "BTCUSDT"), new("SHORT", "ETHUSDT", "insufficient_margin")]),
        new(11, T0.AddMinutes(30), [new("CLOSE", "BTCUSDT", RealizedPnl: 30.048008m, CloseReason: CloseReason.Signal), new("HOLD", null)]),
        new(12, T0.AddMinutes(60), [], "malformed answer: not JSON"),
        new(13, T0.AddMinutes(90), [new("CLOSE", "ETHUSDT", "no_open_position"), new("LONG", "ETHUSDT")]),
        new(14, T0.AddMinutes(120), [new("CLOSE", "ETHUSDT", RealizedPnl: -17.61260415m, CloseReason: CloseReason.StopLoss)]),
    ];

    private const string StorySummary = """
        [history v1] through decision #14 at 2026-03-01T12:00:00Z
        Turns: 5 (unreadable answers: 1)
        Proposals: 6 (accepted 4, rejected 2); opened 2, closed 1, held 1
        Closed positions: 2 (wins 1, losses 1, win rate 50.0%); stops 1, targets 0, liquidations 0; realized PnL +12.43540385 USDT
        PnL by symbol: BTCUSDT +30.04800800 (1 closed, 1 won); ETHUSDT -17.61260415 (1 closed, 0 won)
        Top rejections: insufficient_margin x1; no_open_position x1
        Recent events (newest first):
        - 2026-03-01 12:00 #14 CLOSE ETHUSDT -17.61 USDT (stop_loss)
        - 2026-03-01 11:30 #13 CLOSE ETHUSDT rejected: no_open_position
        - 2026-03-01 11:30 #13 LONG ETHUSDT opened
        - 2026-03-01 11:00 #12 unreadable answer
        - 2026-03-01 10:30 #11 CLOSE BTCUSDT +30.05 USDT
        - 2026-03-01 10:00 #10 LONG BTCUSDT opened
        - 2026-03-01 10:00 #10 SHORT ETHUSDT rejected: insufficient_margin
        """;

    [Fact]
    public void A_history_is_summarized_into_counts_pnl_by_symbol_rejections_and_recent_events() =>
        Assert.Equal(StorySummary.ReplaceLineEndings("\n"), HistorySummarizer.Fold(null, Story));

    [Fact]
    public void The_same_turns_in_any_order_give_the_same_text() =>
        Assert.Equal(HistorySummarizer.Fold(null, Story), HistorySummarizer.Fold(null, Story.Reverse()));

    [Fact]
    public void Folding_in_chunks_gives_the_same_text_as_folding_at_once()
    {
        var first = HistorySummarizer.Fold(null, Story[..2]);
        var second = HistorySummarizer.Fold(first, Story[2..4]);

        Assert.Equal(HistorySummarizer.Fold(null, Story), HistorySummarizer.Fold(second, Story[4..]));
    }

    [Fact]
    public void Turns_already_in_the_summary_are_not_counted_twice()
    {
        var summary = HistorySummarizer.Fold(null, Story);

        Assert.Equal(summary, HistorySummarizer.Fold(summary, Story));
        Assert.Equal(summary, HistorySummarizer.Fold(summary, []));
    }

    [Fact]
    public void An_empty_history_is_a_summary_of_nothing() =>
        Assert.Equal("""
            [history v1] through decision #0
            Turns: 0 (unreadable answers: 0)
            Proposals: 0 (accepted 0, rejected 0); opened 0, closed 0, held 0
            Closed positions: 0 (wins 0, losses 0, win rate n/a); stops 0, targets 0, liquidations 0; realized PnL 0.00000000 USDT
            PnL by symbol: none
            Top rejections: none
            Recent events (newest first):
            """.ReplaceLineEndings("\n"), HistorySummarizer.Fold(null, []));

    [Fact]
    public void A_foreign_previous_summary_is_kept_as_short_earlier_notes()
    {
        var legacy = "The bot tends to overtrade DOGE.\r\n\r\nIt loses on SHORTs.\t" + new string('z', 1000);

        var summary = HistorySummarizer.Fold(legacy, Story[..1]);

        var notes = summary.Split('\n').Single(l => l.StartsWith("Earlier notes: ", StringComparison.Ordinal));
        Assert.StartsWith("Earlier notes: The bot tends to overtrade DOGE. It loses on SHORTs. zzz", notes);
        Assert.Equal("Earlier notes: ".Length + 301, notes.Length);
        Assert.Contains("Turns: 1 (unreadable answers: 0)", summary);
        // ...and the notes survive later folds unchanged.
        Assert.Contains(notes, HistorySummarizer.Fold(summary, Story[1..]));
    }

    [Fact]
    public void A_damaged_summary_is_treated_as_foreign_and_counting_restarts()
    {
        var damaged = HistorySummarizer.Fold(null, Story).Replace("Turns: 5", "Turns: five");

        var summary = HistorySummarizer.Fold(damaged, Story[..1]);

        Assert.StartsWith("[history v1] through decision #10 at", summary);
        Assert.Contains("Turns: 1 (unreadable answers: 0)", summary);
        Assert.Contains("Earlier notes: [history v1] through decision #14", summary);
    }

    [Fact]
    public void Only_the_ten_latest_events_eight_symbols_and_five_rejection_codes_are_listed()
    {
        var turns = Enumerable.Range(1, 30).Select(i => new PastTurn(i, T0.AddMinutes(i),
        [
            new("CLOSE", $"S{i:00}USDT", RealizedPnl: i, CloseReason: CloseReason.Signal),
            new("LONG", "BTCUSDT", $"code_{i % 7}"),
        ])).ToArray();

        var lines = HistorySummarizer.Fold(null, turns).Split('\n');

        Assert.Equal(10, lines.Count(l => l.StartsWith("- ", StringComparison.Ordinal)));
        Assert.Contains("- 2026-03-01 10:30 #30 CLOSE S30USDT +30.00 USDT", lines);
        var symbols = lines.Single(l => l.StartsWith("PnL by symbol: ", StringComparison.Ordinal));
        Assert.StartsWith("PnL by symbol: S30USDT +30.00000000 (1 closed, 1 won); S29USDT", symbols);
        Assert.EndsWith("; others +253.00000000 (22 closed, 22 won)", symbols); // 1 + 2 + ... + 22
        Assert.Contains("Top rejections: code_1 x5; code_2 x5; code_0 x4; code_3 x4; code_4 x4; others x8", lines); // ties by name
    }

    [Fact]
    public void Counters_and_pnl_survive_chunked_folding_of_a_long_history_exactly()
    {
        var random = new Random(3);
        var turns = Enumerable.Range(1, 400).Select(i => new PastTurn(i, T0.AddMinutes(i),
            Enumerable.Range(0, random.Next(0, 4)).Select(_ => random.Next(4) switch
            {
                0 => new PastAction("CLOSE", $"S{random.Next(20)}", RealizedPnl: Math.Round((decimal)(random.NextDouble() - 0.45) * 500m, 8)),
                1 => new PastAction("LONG", $"S{random.Next(20)}", random.Next(3) == 0 ? "symbol_cooldown" : null),
                2 => new PastAction("CLOSE", $"S{random.Next(20)}", RealizedPnl: -10m, CloseReason: CloseReason.Liquidation),
                _ => new PastAction("HOLD", null),
            }).ToArray(), random.Next(10) == 0 ? "malformed answer: x" : null)).ToArray();

        var atOnce = HistorySummarizer.Fold(null, turns);
        var chunked = turns.Chunk(37).Aggregate((string?)null, (summary, chunk) => HistorySummarizer.Fold(summary, chunk))!;

        Assert.Equal(atOnce.Split('\n')[..4], chunked.Split('\n')[..4]);
        var realized = turns.SelectMany(t => t.Actions).Sum(a => a.RealizedPnl ?? 0m);
        Assert.Contains($"realized PnL {realized:+0.00000000;-0.00000000} USDT", atOnce);
        Assert.True(chunked.Length <= HistorySummarizer.MaxChars);
    }

    [Fact]
    public void Hostile_values_are_sanitized_and_the_summary_stays_within_its_bound()
    {
        var junk = new string('\u4e2d', 50) + "\n- injected line\n" + new string('Q', 500);
        var turns = Enumerable.Range(1, 300).Select(i => new PastTurn(i, T0.AddSeconds(i),
        [
            new(junk, junk, junk + i),
            new("CLOSE", junk + i, RealizedPnl: 79_000_000_000_000_000m, CloseReason: CloseReason.TakeProfit),
        ], junk)).ToArray();

        var summary = HistorySummarizer.Fold(new string('x', 100_000), turns);

        Assert.True(summary.Length <= HistorySummarizer.MaxChars, $"{summary.Length} characters");
        Assert.DoesNotContain("- injected", summary); // flattened into one token, never a line of its own
        Assert.DoesNotContain('\u4e2d', summary);
        Assert.All(summary.Split('\n').Skip(1), l => Assert.True(l.Length < 400, l));
        Assert.Equal(summary, HistorySummarizer.Fold(summary, turns));
    }
}
