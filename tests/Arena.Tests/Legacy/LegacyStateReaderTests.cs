using Arena.Grains.Legacy;

namespace Arena.Tests.Legacy;

public sealed class LegacyStateReaderTests
{
    private static JsonObject Blob() => JsonNode.Parse("""
        {
          "bots": [{
            "id": "bot_a", "userId": "u1", "name": "A", "prompt": "You are A.", "provider": "gemini", "tradingMode": "paper",
            "initialBalance": 10000, "extra": {"ignored": true},
            "orders": [
              {"id": "o1", "symbol": "XRPUSDT", "action": "LONG", "side": "entry", "price": 2.45, "size": 100, "leverage": 3, "timestamp": 1730912107000, "pnl": 0},
              {"id": "o2", "symbol": "xrpusdt", "action": "close", "side": "EXIT", "price": "2.50", "size": 100, "leverage": 3, "timestamp": 1730912307000, "pnl": 2.04}
            ],
            "botLogs": [{"timestamp": 1730912107000, "prompt": "full prompt", "decisions": [{"action": "long", "symbol": "XRPUSDT", "size": 100, "leverage": 3, "stopLoss": 2.4, "takeProfit": 2.55, "reasoning": "up"}], "notes": ["ok", {"odd": 1}]}],
            "portfolio": {"balance": 8234.12, "positions": [
              {"id": "p1", "symbol": "BTCUSDT", "type": "LONG", "entryPrice": 45230.50, "size": 500, "leverage": 3, "stopLoss": 0, "takeProfit": 46500, "liquidationPrice": null}
            ]},
            "realizedPnl": 523.45, "tradeCount": 8, "winRate": 0.625, "isPaused": true
          }],
          "marketData": [{"symbol": "BTCUSDT", "price": 45340.00}, {"symbol": "???", "price": 1}]
        }
        """)!.AsObject();

    private static LegacyReadResult Read(JsonNode blob) => LegacyStateReader.Parse(blob.ToJsonString());

    private static void AssertError(JsonNode blob, string expected)
    {
        var result = Read(blob);
        Assert.False(result.IsValid);
        Assert.Contains(expected, result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void A_valid_blob_is_read_with_exact_decimals_canonical_spellings_and_unknown_fields_ignored()
    {
        var result = Read(Blob());

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var bot = Assert.Single(result.State!.Bots);
        Assert.Equal(2.45m, bot.Orders[0].Price);
        Assert.Equal("2.50", bot.Orders[1].Price.ToString(CultureInfo.InvariantCulture)); // the string's scale is kept
        Assert.Equal("45230.50", bot.Positions[0].EntryPrice.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(("XRPUSDT", "CLOSE", OrderFill.Exit), (bot.Orders[1].Symbol, bot.Orders[1].Action, bot.Orders[1].Fill));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1730912107000), bot.Orders[0].At);
        Assert.Null(bot.Positions[0].StopLoss); // 0 means none
        Assert.Null(bot.Positions[0].LiquidationPrice);
        Assert.Equal(["ok", """{"odd":1}"""], bot.Logs[0].Notes);
        Assert.Equal("LONG", bot.Logs[0].Decisions[0].Action);
        Assert.True(bot.IsPaused);
        Assert.Equal(0.625m, bot.WinRate);
        Assert.Equal(2, result.State.MarketDataCount);
        Assert.Equal(new LegacyQuote("BTCUSDT", 45340.00m), Assert.Single(result.State.MarketData));
    }

    [Fact]
    public void Numbers_in_exponent_form_are_read_exactly()
    {
        var blob = Blob();
        blob["bots"]![0]!["orders"]![0]!["price"] = JsonNode.Parse("2.45e-7");
        Assert.Equal(0.000000245m, Read(blob).State!.Bots[0].Orders[0].Price);
    }

    [Theory]
    [InlineData("""[]""", "$: must be an object")]
    [InlineData("""{"marketData": []}""", "bots: is required (an array of bots)")]
    [InlineData("""{"bots": {}}""", "bots: must be an array")]
    [InlineData("""{"bots": [1]}""", "bots[0]: must be an object")]
    public void The_top_level_shape_is_checked(string json, string expected)
    {
        var result = LegacyStateReader.Parse(json);
        Assert.Contains(expected, result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Invalid_and_truncated_json_is_reported_with_its_position()
    {
        var text = Blob().ToJsonString();
        foreach (var broken in new[] { text[..(text.Length / 2)], text.Replace("\"bots\":", "\"bots\"") })
        {
            var error = Assert.Single(LegacyStateReader.Parse(broken).Errors);
            Assert.StartsWith("$: not valid JSON", error.ToString());
            Assert.Contains("LineNumber", error.Message);
        }
    }

    [Theory]
    [InlineData("price", "-1", "bots[0].orders[1].price: must be a positive number")]
    [InlineData("price", "\"abc\"", "bots[0].orders[1].price: must be a positive number")]
    [InlineData("size", "0", "bots[0].orders[1].size: must be a positive number")]
    [InlineData("action", "\"BUY\"", "bots[0].orders[1].action: must be LONG, SHORT or CLOSE (found 'BUY')")]
    [InlineData("side", "\"open\"", "bots[0].orders[1].side: must be entry or exit (found 'open')")]
    [InlineData("leverage", "0", "bots[0].orders[1].leverage: must be a whole number from 1 to 125")]
    [InlineData("leverage", "2.5", "bots[0].orders[1].leverage: must be a whole number from 1 to 125")]
    [InlineData("timestamp", "1730912307", "bots[0].orders[1].timestamp: must be Unix milliseconds (a whole number, between the years 2000 and 2100)")]
    [InlineData("symbol", "\"BTC/USDT\"", "bots[0].orders[1].symbol: 'BTC/USDT' is not a contract symbol (letters and digits ending in FDUSD, USDT, USDC, BUSD, USD)")]
    [InlineData("id", "\"o1\"", "bots[0].orders[1].id: duplicate order id 'o1' (also bots[0].orders[0])")]
    [InlineData("id", "null", "bots[0].orders[1].id: is required")]
    public void A_bad_order_field_is_named_by_its_path(string field, string value, string expected)
    {
        var blob = Blob();
        blob["bots"]![0]!["orders"]![1]![field] = JsonNode.Parse(value);
        AssertError(blob, expected);
    }

    [Fact]
    public void An_entry_must_open_a_side()
    {
        var blob = Blob();
        blob["bots"]![0]!["orders"]![0]!["action"] = "CLOSE";
        AssertError(blob, "bots[0].orders[0].action: an entry must be LONG or SHORT");
    }

    [Theory]
    [InlineData("type", "\"FLAT\"", "bots[0].portfolio.positions[0].type: must be LONG or SHORT (found 'FLAT')")]
    [InlineData("entryPrice", "0", "bots[0].portfolio.positions[0].entryPrice: must be a positive number")]
    [InlineData("size", "null", "bots[0].portfolio.positions[0].size: is required (a positive number)")]
    [InlineData("leverage", "200", "bots[0].portfolio.positions[0].leverage: must be a whole number from 1 to 125")]
    [InlineData("stopLoss", "-5", "bots[0].portfolio.positions[0].stopLoss: must be a number of 0 or more")]
    public void A_bad_position_field_is_named_by_its_path(string field, string value, string expected)
    {
        var blob = Blob();
        blob["bots"]![0]!["portfolio"]!["positions"]![0]![field] = JsonNode.Parse(value);
        AssertError(blob, expected);
    }

    [Fact]
    public void Two_open_positions_on_one_symbol_are_refused()
    {
        var blob = Blob();
        var positions = blob["bots"]![0]!["portfolio"]!["positions"]!.AsArray();
        var second = positions[0]!.DeepClone();
        second["id"] = "p2";
        positions.Add(second);
        AssertError(blob, "bots[0].portfolio.positions[1].symbol: a second open position on BTCUSDT (also bots[0].portfolio.positions[0]); a bot holds one position per symbol");
    }

    [Theory]
    [InlineData("initialBalance", "0", "bots[0].initialBalance: must be a positive number")]
    [InlineData("name", "\"\"", "bots[0].name: must be a non-empty string")]
    [InlineData("prompt", "null", "bots[0].prompt: is required")]
    [InlineData("tradingMode", "\"live\"", "bots[0].tradingMode: must be paper or real (found 'live')")]
    [InlineData("winRate", "62.5", "bots[0].winRate: must be a number from 0 to 1")]
    [InlineData("tradeCount", "-1", "bots[0].tradeCount: must be a number of 0 or more")]
    [InlineData("portfolio", "null", "bots[0].portfolio: is required (an object with balance and positions)")]
    [InlineData("orders", "{}", "bots[0].orders: must be an array")]
    public void A_bad_bot_field_is_named_by_its_path(string field, string value, string expected)
    {
        var blob = Blob();
        blob["bots"]![0]![field] = JsonNode.Parse(value);
        AssertError(blob, expected);
    }

    [Fact]
    public void Logs_need_a_timestamp_and_object_decisions()
    {
        var blob = Blob();
        var log = blob["bots"]![0]!["botLogs"]![0]!;
        log["timestamp"] = null;
        log["decisions"]!.AsArray().Add(JsonValue.Create("LONG"));
        var errors = Read(blob).Errors.Select(e => e.ToString()).ToList();
        Assert.Contains("bots[0].botLogs[0].timestamp: is required (a number)", errors);
        Assert.Contains("bots[0].botLogs[0].decisions[1]: must be an object", errors);
    }

    [Fact]
    public void Bot_ids_that_normalize_to_one_id_are_refused()
    {
        var blob = Blob();
        var twin = blob["bots"]![0]!.DeepClone();
        twin["id"] = "Bot_A";
        blob["bots"]!.AsArray().Add(twin);
        AssertError(blob, "bots[1].id: 'Bot_A' becomes 'bot_a', the id of bots[0]");
    }

    [Fact]
    public void Every_error_is_collected_up_to_the_cap()
    {
        var blob = Blob();
        var orders = blob["bots"]![0]!["orders"]!.AsArray();
        for (var i = 0; i < 150; i++) orders.Add(new JsonObject { ["id"] = $"x{i}", ["price"] = -1 });
        var result = Read(blob);
        Assert.Equal(LegacyStateReader.MaxErrors, result.Errors.Count);
        Assert.Equal("bots[0].orders[2].symbol: is required", result.Errors[0].ToString());
    }
}
