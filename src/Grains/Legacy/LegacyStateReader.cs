using Arena.Grains.Trading;

namespace Arena.Grains.Legacy;

/// <summary>The reader's answer: the validated blob, or every error found (then <see cref="State"/> is null).</summary>
public sealed record LegacyReadResult(LegacyState? State, IReadOnlyList<LegacyError> Errors)
{
    public bool IsValid => State is not null;
}

/// <summary>
/// Parses and validates a whole legacy <c>arena_state</c> blob before anything is written. Every error
/// names the JSON path of the offending value (<c>bots[2].orders[17].price: must be a positive number</c>);
/// up to <see cref="MaxErrors"/> are collected in one pass. Unknown fields are ignored.
/// </summary>
public static class LegacyStateReader
{
    /// <summary>The legacy blob was 2.7 MB; a file 200 times that is not an arena_state export.</summary>
    public const long MaxFileBytes = 512L * 1024 * 1024;

    public const int MaxErrors = 100;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    public static async Task<LegacyReadResult> ReadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        var file = new FileInfo(path);
        if (!file.Exists) return Failed("file", $"'{path}' does not exist");
        if (file.Length > MaxFileBytes) return Failed("file", $"'{path}' is {file.Length:N0} bytes; the limit is {MaxFileBytes:N0}");
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        try
        {
            using var document = await JsonDocument.ParseAsync(stream, DocumentOptions, cancellationToken);
            return Read(document.RootElement);
        }
        catch (JsonException ex)
        {
            return Failed(ex.Path ?? "$", $"not valid JSON: {ex.Message}");
        }
    }

    public static LegacyReadResult Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, DocumentOptions);
            return Read(document.RootElement);
        }
        catch (JsonException ex)
        {
            return Failed(ex.Path ?? "$", $"not valid JSON: {ex.Message}");
        }
    }

    public static LegacyReadResult Read(JsonElement root)
    {
        var fields = new JsonFieldReader(MaxErrors);
        if (!fields.IsObject(root, "$")) return new LegacyReadResult(null, fields.Errors);
        // Checked once, so that every string below reads without throwing.
        if (JsonStrings.FindInvalidText(root, "$") is { } invalid) return Failed(invalid, JsonStrings.InvalidTextMessage);
        if (!JsonFieldReader.TryGet(root, "bots", out _)) fields.Fail("bots", "is required (an array of bots)");
        var bots = new List<LegacyBot>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var botElements = fields.Array(root, "", "bots", required: false);
        for (var i = 0; i < botElements.Count && !fields.Full; i++)
        {
            var bot = ReadBot(fields, botElements[i], i);
            if (bot is null) continue;
            // Two legacy ids that differ only in what normalization removes would become one bot.
            var id = LegacyIds.BotId(bot.Id);
            if (seen.TryGetValue(id, out var first))
                fields.Fail($"bots[{i}].id", id == bot.Id ? $"duplicate bot id '{id}' (also bots[{first}])" : $"'{bot.Id}' becomes '{id}', the id of bots[{first}]");
            else seen[id] = i;
            bots.Add(bot);
        }

        var market = fields.Array(root, "", "marketData", required: false);
        var quotes = new List<LegacyQuote>();
        foreach (var entry in market)
        {
            // marketData is not imported; a usable price only seeds metadata of symbols added for imported trades.
            if (entry.ValueKind == JsonValueKind.Object
                && JsonFieldReader.TryGet(entry, "symbol", out var s) && s.ValueKind == JsonValueKind.String && SymbolInference.Normalize(s.GetString()!) is { } symbol
                && JsonFieldReader.TryGet(entry, "price", out var p) && JsonFieldReader.TryDecimal(p, out var price) && price > 0)
                quotes.Add(new LegacyQuote(symbol, price));
        }
        return fields.Errors.Count > 0
            ? new LegacyReadResult(null, fields.Errors)
            : new LegacyReadResult(new LegacyState(bots, quotes, market.Count), []);
    }

    private static LegacyBot? ReadBot(JsonFieldReader f, JsonElement bot, int index)
    {
        var path = JsonFieldReader.At("bots", index);
        if (!f.IsObject(bot, path)) return null;
        var before = f.Errors.Count;
        var id = f.Id(bot, path, "id");
        var name = f.String(bot, path, "name", required: true);
        var prompt = f.String(bot, path, "prompt", required: true);
        var provider = f.String(bot, path, "provider", required: false);
        var mode = f.OneOf(bot, path, "tradingMode", required: false, "paper", "real");
        var initialBalance = f.Number(bot, path, "initialBalance", required: true, NumberRule.Positive);
        if (initialBalance > 1_000_000_000m) f.Fail($"{path}.initialBalance", "must be at most 1,000,000,000");
        var realizedPnl = f.Number(bot, path, "realizedPnl", required: false);
        var tradeCount = f.Count(bot, path, "tradeCount");
        var winRate = f.Number(bot, path, "winRate", required: false, NumberRule.Fraction);
        var paused = f.Bool(bot, path, "isPaused");

        decimal? balance = null;
        var positions = new List<LegacyPosition>();
        if (!JsonFieldReader.TryGet(bot, "portfolio", out var portfolio)) f.Fail($"{path}.portfolio", "is required (an object with balance and positions)");
        else if (f.IsObject(portfolio, $"{path}.portfolio"))
        {
            balance = f.Number(portfolio, $"{path}.portfolio", "balance", required: true);
            positions = ReadPositions(f, portfolio, $"{path}.portfolio");
        }
        var orders = ReadOrders(f, bot, path);
        var logs = f.Array(bot, path, "botLogs", required: false)
            .Select((log, i) => ReadLog(f, log, JsonFieldReader.At($"{path}.botLogs", i), i))
            .OfType<LegacyLog>()
            .ToList();

        if (f.Errors.Count > before) return null;
        return new LegacyBot(index, id!, name!.Trim(), prompt!, provider?.Trim(), mode == "real", initialBalance!.Value, balance!.Value,
            realizedPnl, tradeCount, winRate, paused, orders, logs, positions);
    }

    private static List<LegacyOrder> ReadOrders(JsonFieldReader f, JsonElement bot, string botPath)
    {
        var orders = new List<LegacyOrder>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var elements = f.Array(bot, botPath, "orders", required: false);
        for (var i = 0; i < elements.Count && !f.Full; i++)
        {
            var path = JsonFieldReader.At($"{botPath}.orders", i);
            var o = elements[i];
            if (!f.IsObject(o, path)) continue;
            var before = f.Errors.Count;
            var id = f.Id(o, path, "id");
            var symbol = Symbol(f, o, path);
            var action = f.OneOf(o, path, "action", required: true, "LONG", "SHORT", "CLOSE");
            var side = f.OneOf(o, path, "side", required: true, "entry", "exit");
            if (side == "entry" && action == "CLOSE") f.Fail($"{path}.action", "an entry must be LONG or SHORT");
            var price = f.Number(o, path, "price", required: true, NumberRule.Positive);
            var size = f.Number(o, path, "size", required: true, NumberRule.Positive);
            var leverage = f.Leverage(o, path, "leverage");
            var at = f.Timestamp(o, path, "timestamp");
            var pnl = f.Number(o, path, "pnl", required: false);
            if (id is not null)
            {
                if (seen.TryGetValue(id, out var first)) f.Fail($"{path}.id", $"duplicate order id '{id}' (also {botPath}.orders[{first}])");
                else seen[id] = i;
            }
            if (f.Errors.Count > before) continue;
            orders.Add(new LegacyOrder(i, id!, symbol!, action!, side == "entry" ? OrderFill.Entry : OrderFill.Exit, price!.Value, size!.Value,
                leverage!.Value, at!.Value, pnl));
        }
        return orders;
    }

    private static List<LegacyPosition> ReadPositions(JsonFieldReader f, JsonElement portfolio, string portfolioPath)
    {
        var positions = new List<LegacyPosition>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var symbols = new Dictionary<string, int>(StringComparer.Ordinal);
        var elements = f.Array(portfolio, portfolioPath, "positions", required: false);
        for (var i = 0; i < elements.Count && !f.Full; i++)
        {
            var path = JsonFieldReader.At($"{portfolioPath}.positions", i);
            var p = elements[i];
            if (!f.IsObject(p, path)) continue;
            var before = f.Errors.Count;
            var id = f.Id(p, path, "id");
            var symbol = Symbol(f, p, path);
            var type = f.OneOf(p, path, "type", required: true, "LONG", "SHORT");
            var entryPrice = f.Number(p, path, "entryPrice", required: true, NumberRule.Positive);
            var size = f.Number(p, path, "size", required: true, NumberRule.Positive);
            var leverage = f.Leverage(p, path, "leverage");
            var stopLoss = f.OptionalPrice(p, path, "stopLoss");
            var takeProfit = f.OptionalPrice(p, path, "takeProfit");
            var liquidation = f.OptionalPrice(p, path, "liquidationPrice");
            if (id is not null && !ids.TryAdd(id, i)) f.Fail($"{path}.id", $"duplicate position id '{id}' (also {portfolioPath}.positions[{ids[id]}])");
            if (symbol is not null && !symbols.TryAdd(symbol, i))
                f.Fail($"{path}.symbol", $"a second open position on {symbol} (also {portfolioPath}.positions[{symbols[symbol]}]); a bot holds one position per symbol");
            if (f.Errors.Count > before) continue;
            positions.Add(new LegacyPosition(i, id!, symbol!, type == "SHORT" ? PositionSide.Short : PositionSide.Long, entryPrice!.Value, size!.Value,
                leverage!.Value, stopLoss, takeProfit, liquidation));
        }
        return positions;
    }

    private static LegacyLog? ReadLog(JsonFieldReader f, JsonElement log, string path, int index)
    {
        if (!f.IsObject(log, path)) return null;
        var before = f.Errors.Count;
        var at = f.Timestamp(log, path, "timestamp");
        var prompt = JsonFieldReader.TryGet(log, "prompt", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
        if (prompt is null && JsonFieldReader.TryGet(log, "prompt", out _)) f.Fail($"{path}.prompt", "must be a string");
        var decisions = new List<ProposedDecision>();
        var elements = f.Array(log, path, "decisions", required: false);
        for (var i = 0; i < elements.Count; i++)
        {
            var dPath = JsonFieldReader.At($"{path}.decisions", i);
            var d = elements[i];
            if (!f.IsObject(d, dPath)) continue;
            decisions.Add(new ProposedDecision(
                Text(f, d, dPath, "action")?.Trim().ToUpperInvariant(), Text(f, d, dPath, "symbol")?.Trim().ToUpperInvariant(),
                f.Number(d, dPath, "size", required: false), f.Number(d, dPath, "leverage", required: false),
                f.Number(d, dPath, "stopLoss", required: false), f.Number(d, dPath, "takeProfit", required: false),
                Text(f, d, dPath, "reasoning")));
        }
        // Notes are free text; a non-string note (an object some code path pushed) is kept as its JSON text.
        var notes = f.Array(log, path, "notes", required: false)
            .Select(n => n.ValueKind == JsonValueKind.String ? n.GetString()! : n.GetRawText())
            .ToList();
        return f.Errors.Count > before ? null : new LegacyLog(index, at!.Value, prompt, decisions, notes);
    }

    private static string? Symbol(JsonFieldReader f, JsonElement obj, string path)
    {
        var raw = f.String(obj, path, "symbol", required: true);
        if (raw is null) return null;
        var symbol = SymbolInference.Normalize(raw);
        if (symbol is null)
            f.Fail($"{path}.symbol", $"'{JsonFieldReader.Shorten(raw)}' is not a contract symbol (letters and digits ending in {string.Join(", ", SymbolInference.QuoteAssets)})");
        return symbol;
    }

    /// <summary>An optional free-text field of a logged decision: any string, empty included.</summary>
    private static string? Text(JsonFieldReader f, JsonElement obj, string path, string name)
    {
        if (!JsonFieldReader.TryGet(obj, name, out var value)) return null;
        if (value.ValueKind == JsonValueKind.String) return value.GetString();
        f.Fail(JsonFieldReader.At(path, name), "must be a string");
        return null;
    }

    private static LegacyReadResult Failed(string path, string message) => new(null, [new LegacyError(path, message)]);
}
