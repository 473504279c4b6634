using Arena.Grains.Trading;
using static Arena.Tests.Trading.ValidatorFixtures;

namespace Arena.Tests.Trading;

/// <summary>
/// Seeded garbage and mutations of real answers: the parser must answer every input with decisions or
/// a "malformed answer" reason, and whatever it reads must go through the validator without throwing.
/// </summary>
public sealed class DecisionParserFuzzTests
{
    private const string Alphabet = "{}[]\",:.-+eE0123456789 \n\t\\/*`abcdefghijklmnopqrstuvwxyzLONGSHORTCLOSEHOLD$x_\u00e9\u4e2d";

    /// <summary>Multi-character pieces a character-level fuzzer would rarely assemble: JSON escapes, surrogate escapes, fences.</summary>
    private static readonly string[] Tokens = [@"\ud800", @"\udc00", @"\ud83d\ude00", @"\u0041", @"\""", "```json\n", "\"action\":", "1e400", "😀"];

    private const string Valid = """
        Here you go:
        ```json
        {"decisions":[{"action":"LONG","symbol":"BTCUSDT","size":"1000","leverage":"10x","stopLoss":58000,"takeProfit":63000,"reasoning":"up \"only\" [sure]"},
                      {"action":"CLOSE","symbol":"ethusdt"},{"action":"HOLD"}]}
        ```
        """;

    private static void Survives(string text)
    {
        var parsed = DecisionParser.Parse(text);
        if (parsed.Succeeded)
        {
            Assert.True(parsed.Decisions.Count <= DecisionParser.MaxDecisions);
            var plan = DecisionValidator.Validate(parsed.Decisions, Context(positions: TradingFixtures.EthShort()));
            Assert.Equal(parsed.Decisions.Count, plan.Verdicts.Count);
        }
        else
        {
            Assert.StartsWith("malformed answer: ", parsed.Failure);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_text_never_throws(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 1500; i++)
        {
            var length = random.Next(0, i % 100 == 0 ? 20_000 : 400);
            var chars = new char[length];
            for (var j = 0; j < length; j++) chars[j] = Alphabet[random.Next(Alphabet.Length)];
            Survives(new string(chars));
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void Mutations_of_a_real_answer_never_throw(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 1500; i++)
        {
            var text = new StringBuilder(Valid);
            for (var edits = random.Next(1, 6); edits > 0 && text.Length > 0; edits--)
            {
                var at = random.Next(text.Length);
                switch (random.Next(4))
                {
                    case 0: text.Remove(at, Math.Min(random.Next(1, 8), text.Length - at)); break;
                    case 1: text.Insert(at, random.Next(3) == 0 ? Tokens[random.Next(Tokens.Length)] : Alphabet[random.Next(Alphabet.Length)].ToString()); break;
                    case 2: text[at] = Alphabet[random.Next(Alphabet.Length)]; break;
                    default: text.Length = at; break;
                }
            }
            Survives(text.ToString());
        }
    }

    [Fact]
    public void Arbitrary_utf16_including_lone_surrogates_never_throws()
    {
        var random = new Random(5);
        for (var i = 0; i < 500; i++)
        {
            var chars = Enumerable.Range(0, random.Next(1, 200)).Select(_ => (char)random.Next(0, 0x10000)).ToArray();
            Survives(new string(chars));
            Survives("[{\"action\":\"" + new string(chars) + "\"}]");
        }
        Survives("[\"\uD800\"]");
        Survives("{\"action\":\"HOLD\",\"reasoning\":\"\uDC00\"}");
    }

    [Fact]
    public void Hostile_shapes_within_the_size_cap_are_answered()
    {
        var cap = DecisionParser.MaxAnswerChars;
        Survives(new string('[', cap));
        Survives(new string('{', cap));
        Survives(string.Concat(Enumerable.Repeat("{\"a\":", cap / 5)));
        Survives(string.Concat(Enumerable.Repeat("[]", cap / 2)));
        Survives(string.Concat(Enumerable.Repeat("[{}", cap / 3)));
        Survives(string.Concat(Enumerable.Repeat("{\"decisions\":[]} ", cap / 17)));
        Survives(string.Concat(Enumerable.Repeat("\"", cap)));
        Survives(string.Concat(Enumerable.Repeat("\\", cap)));
        Survives(string.Concat(Enumerable.Repeat("```", cap / 3)));
        Survives("[" + string.Concat(Enumerable.Repeat("{\"action\":\"HOLD\"},", 5000)) + "]");
        Survives(new string('x', cap));
    }
}
