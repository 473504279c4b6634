using System.Globalization;
using Arena.Grains.Trading;

namespace Arena.Tests.Trading;

public sealed class DecisionParserTests
{
    private const string LongBtc =
        """{"action":"LONG","symbol":"BTCUSDT","size":100,"leverage":5,"stopLoss":58000,"takeProfit":63000,"reasoning":"breakout"}""";

    private static readonly ProposedDecision LongBtcDecision = new("LONG", "BTCUSDT", 100m, 5m, 58000m, 63000m, "breakout");

    private static ParsedAnswer Ok(string text, AnswerShape shape, AnswerRepairs repairs)
    {
        var parsed = DecisionParser.Parse(text);
        Assert.True(parsed.Succeeded, parsed.Failure);
        Assert.Equal(shape, parsed.Shape);
        Assert.Equal(repairs, parsed.Repairs);
        return parsed;
    }

    private static void Malformed(string? text, string because)
    {
        var parsed = DecisionParser.Parse(text);
        Assert.False(parsed.Succeeded);
        Assert.StartsWith("malformed answer: ", parsed.Failure);
        Assert.Contains(because, parsed.Failure);
        Assert.Empty(parsed.Decisions);
    }

    [Fact]
    public void A_json_array_of_decisions_is_read_as_is() =>
        Assert.Equal([LongBtcDecision], Ok($"[{LongBtc}]", AnswerShape.Array, AnswerRepairs.None).Decisions);

    [Fact]
    public void An_object_with_a_decisions_array_is_read() =>
        Assert.Equal([LongBtcDecision, new("HOLD", null, null, null, null, null, null)],
            Ok($$"""{"decisions":[{{LongBtc}},{"action":"HOLD"}]}""", AnswerShape.DecisionsObject, AnswerRepairs.None).Decisions);

    [Fact]
    public void A_single_decision_object_is_a_list_of_one() =>
        Assert.Equal([LongBtcDecision], Ok(LongBtc, AnswerShape.SingleDecision, AnswerRepairs.None).Decisions);

    [Fact]
    public void A_decisions_property_holding_one_object_is_a_list_of_one() =>
        Assert.Equal([LongBtcDecision], Ok($$"""{"decisions":{{LongBtc}}}""", AnswerShape.DecisionsObject, AnswerRepairs.None).Decisions);

    [Theory]
    [InlineData("[]", AnswerShape.Array)]
    [InlineData("""{"decisions":[]}""", AnswerShape.DecisionsObject)]
    [InlineData("""{"decisions":null}""", AnswerShape.DecisionsObject)]
    public void No_decisions_is_a_valid_answer(string text, AnswerShape shape) =>
        Assert.Empty(Ok(text, shape, AnswerRepairs.None).Decisions);

    [Fact]
    public void Field_names_are_case_and_separator_insensitive_and_numbers_may_be_strings()
    {
        const string text = """
            {"ACTION":"long","Symbol":"btcusdt","SIZE":"100","Leverage":"5x","stop_loss":"58000.5","Take-Profit":"6.3e4","Reason":"why"}
            """;

        var decision = Assert.Single(Ok(text, AnswerShape.SingleDecision, AnswerRepairs.None).Decisions);

        // Values are read, not judged: case and symbol normalization are the validator's.
        Assert.Equal(new ProposedDecision("long", "btcusdt", 100m, 5m, 58000.5m, 63000m, "why"), decision);
    }

    [Theory]
    [InlineData("\"$250\"", "250")]
    [InlineData("\" 12.5 \"", "12.5")]
    [InlineData("\"1e3\"", "1000")]
    [InlineData("\"-3\"", "-3")]
    [InlineData("250.000", "250")]
    [InlineData("\"10x\"", null)]    // the x suffix is for leverage only
    [InlineData("\"lots\"", null)]
    [InlineData("\"1,000\"", null)]  // no thousands separators: "1,000" is 1 in some cultures and 1000 in others
    [InlineData("true", null)]
    [InlineData("{}", null)]
    [InlineData("1e400", null)]      // beyond decimal
    [InlineData("null", null)]
    public void A_size_is_a_number_or_a_numeric_string_or_nothing(string json, string? expected)
    {
        var decision = Assert.Single(DecisionParser.Parse($$"""{"action":"LONG","size":{{json}}}""").Decisions);

        Assert.Equal(expected is null ? null : decimal.Parse(expected, CultureInfo.InvariantCulture), decision.Size);
    }

    [Theory]
    [InlineData("\"10x\"", 10)]
    [InlineData("\"3X\"", 3)]
    [InlineData("2.5", 2.5)]  // read as is; the validator refuses fractional leverage
    public void Leverage_may_be_written_with_an_x(string json, double expected) =>
        Assert.Equal((decimal)expected, Assert.Single(DecisionParser.Parse($$"""{"action":"LONG","leverage":{{json}}}""").Decisions).Leverage);

    [Fact]
    public void Non_string_action_and_symbol_keep_their_json_text_for_the_validator_to_refuse() =>
        Assert.Equal(new ProposedDecision("1", "[\"BTC\"]", null, null, null, null, null),
            Assert.Single(DecisionParser.Parse("""{"action":1,"symbol":["BTC"]}""").Decisions));

    [Fact]
    public void Long_text_fields_are_capped()
    {
        var text = $$"""{"action":"{{new string('L', 1000)}}","reasoning":"{{new string('r', 5000)}}"}""";

        var decision = Assert.Single(DecisionParser.Parse(text).Decisions);

        Assert.Equal(DecisionParser.MaxTextFieldChars + 1, decision.Action!.Length);
        Assert.Equal(DecisionParser.MaxReasoningChars + 1, decision.Reasoning!.Length);
        Assert.EndsWith("…", decision.Reasoning);
    }

    [Fact]
    public void Text_fields_come_out_as_valid_utf16_and_a_surrogate_pair_is_never_split()
    {
        // JSON may escape a lone surrogate; such text is kept as the escapes the bot wrote.
        var lone = Assert.Single(DecisionParser.Parse("""{"action":"HOLD","reasoning":"\ud800 ok \udc00","size":"\ud800"}""").Decisions);
        Assert.Equal(@"\ud800 ok \udc00", lone.Reasoning);
        Assert.Null(lone.Size);
        Assert.Equal("HOLD", Assert.Single(DecisionParser.Parse("""{"\udc00":1,"action":"HOLD"}""").Decisions).Action);

        var emoji = Assert.Single(DecisionParser.Parse($$"""{"action":"HOLD","reasoning":"{{new string('a', DecisionParser.MaxReasoningChars - 1)}}😀"}""").Decisions);
        Assert.Equal(new string('a', DecisionParser.MaxReasoningChars - 1) + "…", emoji.Reasoning);
        var fits = Assert.Single(DecisionParser.Parse($$"""{"action":"HOLD","reasoning":"{{new string('a', DecisionParser.MaxReasoningChars - 2)}}😀"}""").Decisions);
        Assert.EndsWith("a😀", fits.Reasoning);
    }

    [Fact]
    public void Elements_that_are_not_objects_are_skipped_with_a_warning()
    {
        var parsed = Ok("""[{"action":"HOLD"}, "LONG BTC", 5]""", AnswerShape.Array, AnswerRepairs.None);

        Assert.Single(parsed.Decisions);
        Assert.Equal(["decision 1 is a string, not an object: ignored.", "decision 2 is a number, not an object: ignored."], parsed.Warnings);
    }

    [Fact]
    public void The_first_of_duplicate_fields_wins() =>
        Assert.Equal("HOLD", Assert.Single(DecisionParser.Parse("""{"action":"HOLD","action":"LONG"}""").Decisions).Action);

    [Fact]
    public void Comments_are_tolerated_without_counting_as_a_repair() =>
        Ok("[ /* plan */ {\"action\":\"HOLD\"} // nothing to do\n]", AnswerShape.Array, AnswerRepairs.None);

    [Fact]
    public void A_code_fence_is_stripped() =>
        Assert.Equal([LongBtcDecision], Ok($"```json\n[{LongBtc}]\n```", AnswerShape.Array, AnswerRepairs.CodeFence).Decisions);

    [Fact]
    public void A_fence_without_language_or_end_is_stripped()
    {
        Ok($"```\n{{\"decisions\":[{LongBtc}]}}\n```", AnswerShape.DecisionsObject, AnswerRepairs.CodeFence);
        Ok($"```json\n[{LongBtc}]", AnswerShape.Array, AnswerRepairs.CodeFence);
    }

    [Fact]
    public void Prose_around_a_fence_is_dropped_with_the_fence() =>
        Ok($"Here is my plan:\n```json\n[{LongBtc}]\n```\nGood luck!", AnswerShape.Array, AnswerRepairs.CodeFence);

    [Fact]
    public void Json_embedded_in_prose_is_extracted() =>
        Assert.Equal([LongBtcDecision],
            Ok($"I think BTC breaks out.\n{{\"decisions\": [{LongBtc}]}}\nThat is all.", AnswerShape.DecisionsObject, AnswerRepairs.ExtractedFromProse).Decisions);

    [Fact]
    public void Stray_brackets_and_non_decision_objects_before_the_answer_are_passed_over()
    {
        Ok($"Plan [draft 2]: [{LongBtc}]", AnswerShape.Array, AnswerRepairs.ExtractedFromProse);
        Ok($"My confidence {{\"confidence\": 0.7}} and the orders: [{LongBtc}]", AnswerShape.Array, AnswerRepairs.ExtractedFromProse);
    }

    [Fact]
    public void Brackets_inside_strings_do_not_confuse_the_extraction() =>
        Assert.Equal("a ] b } [ c \" d",
            Assert.Single(Ok("""Sure: [{"action":"HOLD","reasoning":"a ] b } [ c \" d"}] done""", AnswerShape.Array, AnswerRepairs.ExtractedFromProse).Decisions).Reasoning);

    [Fact]
    public void Trailing_commas_are_tolerated() =>
        Assert.Equal(2, Ok("""[{"action":"HOLD",},{"action":"HOLD"},]""", AnswerShape.Array, AnswerRepairs.TrailingCommas).Decisions.Count);

    [Fact]
    public void Repairs_combine_in_one_pass() =>
        Ok("Answer:\n```json\nNote: {\"decisions\":[{\"action\":\"HOLD\",},]}\n```", AnswerShape.DecisionsObject,
            AnswerRepairs.CodeFence | AnswerRepairs.ExtractedFromProse | AnswerRepairs.TrailingCommas);

    [Fact]
    public void A_cut_off_answer_is_never_executed_in_part() =>
        Malformed($$"""[{{LongBtc}}, {"action":"CLOSE","symbol":"ET""", "cut off");

    [Fact]
    public void A_broken_list_does_not_yield_its_complete_pieces() =>
        Malformed($$"""Orders: [{{LongBtc}}, {"action": CLOSE}]""", "malformed answer: not JSON");

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("   \n\t", "empty")]
    [InlineData("I cannot help with that.", "not JSON")]
    [InlineData("null", "expected a JSON array or object, got null")]
    [InlineData("42", "got a number")]
    [InlineData("\"LONG BTC\"", "got a string")]
    [InlineData("""{"foo":1}""", "neither a 'decisions' array nor an 'action'")]
    [InlineData("""{"decisions":"none"}""", "'decisions' is a string, not an array")]
    [InlineData("Thinking... {oops] [{\"action\":\"HOLD\"}]", "brackets do not match")]
    public void Unreadable_answers_fail_with_a_reason(string? text, string because) => Malformed(text, because);

    [Fact]
    public void Nesting_deeper_than_the_limit_fails()
    {
        Malformed(new string('[', 10_000) + new string(']', 10_000), "nested deeper than 32");
        var deepInDecision = """[{"action":"HOLD","x":""" + new string('[', 40) + new string(']', 40) + "}]";
        Malformed(deepInDecision, "nested deeper than 32");
    }

    [Fact]
    public void Nesting_within_the_limit_is_fine() =>
        Ok("""{"decisions":[{"action":"HOLD","analysis":{"a":{"b":[[1,[2]]]}}}]}""", AnswerShape.DecisionsObject, AnswerRepairs.None);

    [Fact]
    public void Answers_over_the_size_cap_are_refused_without_being_parsed()
    {
        Malformed("[" + new string(' ', 1024 * 1024) + "]", "more than the 262144 accepted");
        var padded = "[{\"action\":\"HOLD\"}]".PadRight(DecisionParser.MaxAnswerChars);
        Ok(padded, AnswerShape.Array, AnswerRepairs.None);
    }

    [Fact]
    public void More_decisions_than_the_cap_fail()
    {
        var many = "[" + string.Join(",", Enumerable.Repeat("{\"action\":\"HOLD\"}", DecisionParser.MaxDecisions + 1)) + "]";
        Malformed(many, "65 decisions");
        Assert.Equal(DecisionParser.MaxDecisions, DecisionParser.Parse(many[..many.LastIndexOf(',')] + "]").Decisions.Count);
    }
}
