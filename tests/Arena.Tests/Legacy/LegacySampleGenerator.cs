using System.Text.Encodings.Web;

namespace Arena.Tests.Legacy;

/// <summary>
/// Writes <c>legacy_arena_state.json</c>: a realistic legacy arena_state blob (seed 001's shape) with four
/// bots trading ten symbols over 170 turns of 200 seconds. Deterministic (its own SplitMix64, decimal
/// prices), so the committed file is exactly what this produces; <c>LegacySampleTests</c> checks that, and
/// regenerates the file when ARENA_REGENERATE_LEGACY_SAMPLE=1.
/// Like the legacy engine it keeps every order (newest first), only the newest 40 bot logs, one position
/// per bot and symbol, and closes positions whole.
/// </summary>
public static class LegacySampleGenerator
{
    public const string FileName = "legacy_arena_state.json";
    public const int Turns = 170;
    public const int LogsKept = 40;
    private const long Start = 1_730_912_100_000; // 2024-11-06T16:55:00Z
    private const long TurnMs = 200_000;

    private sealed record Market(string Symbol, decimal Price, int Decimals);

    private sealed record Persona(string Id, string Name, string Provider, string Mode, bool Paused, int[] Leverages, int[] Sizes,
        int OpenPercent, int ClosePercent, int LongPercent, string Style);

    private static readonly Market[] Markets =
    [
        new("BTCUSDT", 97_250.5m, 1), new("ETHUSDT", 3_412.35m, 2), new("SOLUSDT", 182.44m, 2), new("BNBUSDT", 648.9m, 2),
        new("XRPUSDT", 2.4512m, 4), new("DOGEUSDT", 0.38211m, 5), new("ADAUSDT", 0.9812m, 4), new("AVAXUSDT", 38.215m, 3),
        new("LINKUSDT", 22.473m, 3), new("LTCUSDT", 104.87m, 2),
    ];

    private static readonly Persona[] Personas =
    [
        new("bot_astrologer", "Astrologer", "gemini", "paper", false, [2, 3, 3, 5], [100, 150, 200, 250], 45, 22, 60,
            "You read the planets before every trade. Mercury retrograde means caution; a full moon means volatility."),
        new("bot_degen", "Degen Dave", "grok", "real", false, [5, 10, 10, 20], [200, 300, 500], 60, 35, 70,
            "You are a high-conviction momentum trader. You size up when a move is confirmed and cut losers fast."),
        new("Bot_Quant", "Quant Quinn", "openai", "paper", false, [1, 2, 3], [150, 200, 300, 400], 50, 25, 50,
            "You trade mean reversion on z-scores of the last 24 hours. You never chase and you always set a stop-loss."),
        new("bot_whale", "Whale Watcher", "qwen", "paper", true, [2, 3, 4], [500, 750, 1000], 40, 20, 55,
            "You follow large on-chain transfers and exchange inflows. Big wallets move first; you move right after."),
    ];

    public static string Generate()
    {
        var rng = new SplitMix64(20241106);
        var prices = SimulatePrices(rng);
        var bots = new JsonArray();
        for (var b = 0; b < Personas.Length; b++) bots.Add(Bot(Personas[b], b, prices, rng));
        var marketData = new JsonArray();
        foreach (var m in Markets)
        {
            var last = prices[m.Symbol][Turns - 1];
            var dayAgo = prices[m.Symbol][0];
            marketData.Add(new JsonObject
            {
                ["symbol"] = m.Symbol, ["price"] = last, ["price24hChange"] = Math.Round((last - dayAgo) / dayAgo * 100m, 2),
                ["high24h"] = prices[m.Symbol].Max(), ["low24h"] = prices[m.Symbol].Min(), ["volume24h"] = rng.Int(1_000_000, 90_000_000),
            });
        }
        var root = new JsonObject { ["bots"] = bots, ["marketData"] = marketData };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, IndentSize = 1, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    private static Dictionary<string, decimal[]> SimulatePrices(SplitMix64 rng)
    {
        var result = new Dictionary<string, decimal[]>();
        foreach (var m in Markets)
        {
            var series = new decimal[Turns];
            var price = m.Price;
            for (var t = 0; t < Turns; t++)
            {
                price = Math.Round(price * (1 + rng.Int(-90, 91) / 10_000m), m.Decimals);
                series[t] = price;
            }
            result[m.Symbol] = series;
        }
        return result;
    }

    private sealed record Open(string PositionId, string Symbol, string Side, decimal Entry, int Size, int Leverage, decimal StopLoss, decimal TakeProfit, long At);

    private static JsonObject Bot(Persona p, int index, Dictionary<string, decimal[]> prices, SplitMix64 rng)
    {
        var orders = new List<JsonObject>();
        var logs = new List<JsonObject>();
        var values = new JsonArray();
        var cooldowns = new JsonObject();
        var open = new List<Open>();
        decimal balance = 10_000m, realized = 0m;
        int closes = 0, wins = 0;
        var recent = new Queue<string>();

        for (var t = 0; t < Turns; t++)
        {
            var turnAt = Start + t * TurnMs + index * 7_000;
            var at = turnAt;
            var decisions = new JsonArray();
            var notes = new JsonArray();
            var prompt = TurnPrompt(p, t, prices, balance, open, recent);

            foreach (var position in open.Where(_ => rng.Chance(p.ClosePercent)).ToList())
            {
                at += 150;
                var exit = prices[position.Symbol][t];
                var move = position.Side == "LONG" ? exit - position.Entry : position.Entry - exit;
                var pnl = Math.Round(move / position.Entry * position.Size, 2);
                orders.Add(Order($"order_{at}_{rng.Hex()}", position.Symbol, "CLOSE", "exit", exit, position.Size, position.Leverage, at, pnl));
                decisions.Add(Decision("CLOSE", position.Symbol, $"{position.Symbol} {(pnl >= 0 ? "reached the target zone" : "broke my thesis")}; taking the {(pnl >= 0 ? "profit" : "loss")}.", null, null, null, null));
                notes.Add($"SUCCESS: Closed {position.Side} {position.Symbol} at ${exit} (PnL: ${pnl})");
                balance += Margin(position.Size, position.Leverage) + pnl;
                realized += pnl;
                closes++;
                if (pnl > 0) wins++;
                open.Remove(position);
                cooldowns[position.Symbol] = at;
                Remember(recent, $"closed {position.Side} {position.Symbol} pnl {pnl}");
            }

            var candidates = open.Count < 3 && rng.Chance(p.OpenPercent)
                ? Markets.Where(m => open.All(o => o.Symbol != m.Symbol) && CooledDown(cooldowns, m.Symbol, at)).ToList()
                : [];
            if (candidates.Count > 0)
            {
                var market = candidates[rng.Int(0, candidates.Count)];
                var side = rng.Chance(p.LongPercent) ? "LONG" : "SHORT";
                var size = p.Sizes[rng.Int(0, p.Sizes.Length)];
                var leverage = p.Leverages[rng.Int(0, p.Leverages.Length)];
                var price = prices[market.Symbol][t];
                var sign = side == "LONG" ? 1 : -1;
                var stop = Math.Round(price * (1 - sign * 0.03m), market.Decimals);
                var target = Math.Round(price * (1 + sign * 0.05m), market.Decimals);
                var reasoning = Reason(p, market.Symbol, side, rng);
                decisions.Add(Decision(side, market.Symbol, reasoning, size, leverage, stop, target));
                var margin = Margin(size, leverage);
                if (margin > balance || rng.Chance(6))
                {
                    notes.Add($"ERROR: Insufficient balance to open {side} {market.Symbol}: requires ${margin:0.00} margin, available ${balance:0.00}");
                }
                else
                {
                    at += 150;
                    orders.Add(Order($"order_{at}_{rng.Hex()}", market.Symbol, side, "entry", price, size, leverage, at, 0m));
                    open.Add(new Open($"pos_{at}_{rng.Hex()}", market.Symbol, side, price, size, leverage, stop, target, at));
                    balance -= margin;
                    notes.Add($"SUCCESS: Opened {side} position on {market.Symbol} at ${price} (size ${size}, {leverage}x)");
                    notes.Add($"Stop-loss ${stop}, take-profit ${target}");
                    Remember(recent, $"opened {side} {market.Symbol} at {price}");
                }
            }

            if (decisions.Count == 0)
            {
                decisions.Add(Decision("HOLD", null, "Nothing meets my entry rules this turn; staying patient.", null, null, null, null));
                notes.Add("No action taken this turn");
            }
            var unrealized = open.Sum(o => Math.Round(((o.Side == "LONG" ? prices[o.Symbol][t] - o.Entry : o.Entry - prices[o.Symbol][t]) / o.Entry) * o.Size, 2));
            values.Add(new JsonObject { ["timestamp"] = turnAt, ["value"] = balance + open.Sum(o => Margin(o.Size, o.Leverage)) + unrealized });
            if (t >= Turns - LogsKept)
                logs.Add(new JsonObject { ["timestamp"] = turnAt, ["prompt"] = prompt, ["decisions"] = decisions, ["notes"] = notes });
        }

        var last = Turns - 1;
        var positions = new JsonArray();
        foreach (var o in open)
        {
            var mark = prices[o.Symbol][last];
            positions.Add(new JsonObject
            {
                ["id"] = o.PositionId, ["symbol"] = o.Symbol, ["type"] = o.Side, ["entryPrice"] = o.Entry, ["size"] = o.Size, ["leverage"] = o.Leverage,
                ["pnl"] = Math.Round(((o.Side == "LONG" ? mark - o.Entry : o.Entry - mark) / o.Entry) * o.Size, 2),
                ["stopLoss"] = o.StopLoss, ["takeProfit"] = o.TakeProfit,
            });
        }
        orders.Reverse();
        logs.Reverse();
        return new JsonObject
        {
            ["id"] = p.Id, ["userId"] = Convert.ToHexStringLower(BitConverter.GetBytes(rng.Next())) + Convert.ToHexStringLower(BitConverter.GetBytes(rng.Next())),
            ["name"] = p.Name, ["prompt"] = BasePrompt(p), ["provider"] = p.Provider, ["tradingMode"] = p.Mode, ["initialBalance"] = 10_000,
            ["orders"] = new JsonArray(orders.ToArray<JsonNode>()), ["botLogs"] = new JsonArray(logs.ToArray<JsonNode>()),
            ["portfolio"] = new JsonObject
            {
                ["balance"] = balance, ["pnl"] = positions.Sum(x => x!["pnl"]!.GetValue<decimal>()),
                ["totalValue"] = values[^1]!["value"]!.GetValue<decimal>(), ["positions"] = positions,
            },
            ["realizedPnl"] = realized, ["tradeCount"] = closes, ["winRate"] = closes == 0 ? 0m : Math.Round(wins / (decimal)closes, 4),
            ["valueHistory"] = values, ["symbolCooldowns"] = cooldowns, ["isLoading"] = false, ["isPaused"] = p.Paused,
        };
    }

    private static bool CooledDown(JsonObject cooldowns, string symbol, long at) => cooldowns[symbol] is not { } closedAt || at - closedAt.GetValue<long>() > 3 * TurnMs;

    private static decimal Margin(int size, int leverage) => Math.Round(size / (decimal)leverage, 2);

    private static void Remember(Queue<string> recent, string line)
    {
        recent.Enqueue(line);
        if (recent.Count > 6) recent.Dequeue();
    }

    private static JsonObject Order(string id, string symbol, string action, string side, decimal price, int size, int leverage, long at, decimal pnl) => new()
    {
        ["id"] = id, ["symbol"] = symbol, ["action"] = action, ["side"] = side, ["price"] = price, ["size"] = size, ["leverage"] = leverage,
        ["timestamp"] = at, ["pnl"] = pnl,
    };

    private static JsonObject Decision(string action, string? symbol, string reasoning, int? size, int? leverage, decimal? stop, decimal? target)
    {
        var d = new JsonObject { ["action"] = action };
        if (symbol is not null) d["symbol"] = symbol;
        d["reasoning"] = reasoning;
        if (size is not null) d["size"] = size;
        if (leverage is not null) d["leverage"] = leverage;
        if (stop is not null) d["stopLoss"] = stop;
        if (target is not null) d["takeProfit"] = target;
        return d;
    }

    private static string Reason(Persona p, string symbol, string side, SplitMix64 rng)
    {
        string[] reasons = side == "LONG"
            ? [$"{symbol} is holding support with rising volume.", $"Momentum on {symbol} turned up on the 15m chart.", $"{symbol} funding is negative while price climbs: shorts are trapped."]
            : [$"{symbol} failed at resistance twice.", $"Momentum on {symbol} rolled over; lower highs since the open.", $"{symbol} is stretched two deviations above its 24h mean."];
        return $"{reasons[rng.Int(0, reasons.Length)]} {(p.Id == "bot_astrologer" ? "Venus trines Jupiter, which favours this." : "Risk is defined by the stop.")}";
    }

    private static string BasePrompt(Persona p) =>
        $"You are \"{p.Name}\", an autonomous crypto futures trading bot in a competitive arena. {p.Style} " +
        "You trade USDT perpetual futures with a starting balance of $10,000. Every turn you receive market data, your portfolio " +
        "and your recent history, and you answer with a JSON array of decisions. Each decision has: action (LONG, SHORT, CLOSE or HOLD), " +
        "symbol, size (USD notional), leverage (1-20), stopLoss, takeProfit and a short reasoning. Never risk more than 10% of your " +
        "balance on one position, keep at most three positions open, and do not reopen a symbol within ten minutes of closing it.";

    private static string TurnPrompt(Persona p, int turn, Dictionary<string, decimal[]> prices, decimal balance, List<Open> open, Queue<string> recent)
    {
        var text = new StringBuilder(BasePrompt(p)).Append("\n\n## Market data (turn ").Append(turn + 1).Append(")\n");
        foreach (var m in Markets)
        {
            var now = prices[m.Symbol][turn];
            var before = prices[m.Symbol][Math.Max(0, turn - 12)];
            text.Append($"- {m.Symbol}: ${now} ({Math.Round((now - before) / before * 100m, 2):+0.00;-0.00}% over 40m)\n");
        }
        text.Append($"\n## Your portfolio\nAvailable balance: ${balance:0.00}\n");
        if (open.Count == 0) text.Append("No open positions.\n");
        foreach (var o in open) text.Append($"- {o.Side} {o.Symbol}: entry ${o.Entry}, size ${o.Size}, {o.Leverage}x, stop ${o.StopLoss}, target ${o.TakeProfit}\n");
        text.Append("\n## Recent history\n");
        foreach (var line in recent) text.Append("- ").Append(line).Append('\n');
        text.Append("\n## Response format\nRespond with ONLY a JSON array, e.g. [{\"action\":\"LONG\",\"symbol\":\"BTCUSDT\",\"size\":200,\"leverage\":3,\"stopLoss\":95000,\"takeProfit\":101000,\"reasoning\":\"...\"}]");
        return text.ToString();
    }

    /// <summary>SplitMix64: tiny, fast, and the same sequence on every runtime (System.Random promises no such thing).</summary>
    private sealed class SplitMix64(ulong seed)
    {
        private ulong state = seed;

        public ulong Next()
        {
            var z = state += 0x9E3779B97F4A7C15;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            return z ^ (z >> 31);
        }

        public int Int(int min, int maxExclusive) => min + (int)(Next() % (ulong)(maxExclusive - min));

        public bool Chance(int percent) => Int(0, 100) < percent;

        public string Hex() => (Next() % 0xFFFFFF).ToString("x6", CultureInfo.InvariantCulture);
    }
}
