using System.Net;
using System.Net.Http;
using Arena.Grains.Trading;

namespace Arena.Grains.Market;

/// <summary>A symbol of <c>GET /fapi/v1/exchangeInfo</c> that passed the schema check.</summary>
public sealed record BinanceSymbol(SymbolInfo Info, string Status, string ContractType)
{
    public bool IsTradableUsdtPerpetual => Status == "TRADING" && ContractType == "PERPETUAL" && Info.QuoteAsset == "USDT";
}

/// <summary>One entry of <c>GET /fapi/v1/ticker/24hr</c>.</summary>
public sealed record BinanceTicker(string Symbol, decimal LastPrice, decimal OpenPrice, decimal HighPrice, decimal LowPrice, decimal Volume, DateTimeOffset CloseTime);

/// <summary>One candle of <c>GET /fapi/v1/klines</c>.</summary>
public sealed record BinanceKline(DateTimeOffset OpenTime, decimal Open, decimal High, decimal Low, decimal Close, decimal Volume, DateTimeOffset CloseTime);

/// <summary>HTTP 429 (rate limited) or 418 (IP banned): send nothing before <see cref="RetryAfter"/> has passed.</summary>
public sealed class BinanceRateLimitedException(int status, TimeSpan retryAfter)
    : Exception($"Binance answered HTTP {status}; retry after {retryAfter}.")
{
    public int Status { get; } = status;

    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>A request that failed: timeout, network, 5xx/4xx, oversized or malformed body.</summary>
public sealed class BinanceUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The public market-data endpoints of a Binance USDⓈ-M Futures compatible API. Every answer is treated as untrusted:
/// time-limited, size-limited, parsed field by field (prices and sizes are strings parsed in the invariant culture);
/// an entry that does not fit the schema is skipped and counted, never trusted or thrown on.
/// </summary>
public sealed partial class BinanceMarketClient(HttpClient http, IOptions<MarketOptions> options, TimeProvider clock, ILogger<BinanceMarketClient> logger)
{
    private static readonly JsonDocumentOptions JsonLimits = new() { MaxDepth = 16 };
    private readonly MarketOptions market = options.Value;

    public async Task<IReadOnlyList<BinanceSymbol>> GetExchangeInfoAsync(int retries, CancellationToken cancellationToken = default)
    {
        using var json = await GetJsonAsync("fapi/v1/exchangeInfo", retries, cancellationToken);
        if (json.RootElement.ValueKind != JsonValueKind.Object || !json.RootElement.TryGetProperty("symbols", out var list) || list.ValueKind != JsonValueKind.Array)
            throw new BinanceUnavailableException("exchangeInfo has no symbols array.");
        return Collect(list, "exchangeInfo", ParseSymbol);
    }

    /// <summary>Every symbol's 24h ticker (one request, weight 40); not retried, the next poll is the retry.</summary>
    public async Task<IReadOnlyList<BinanceTicker>> GetTickersAsync(CancellationToken cancellationToken = default)
    {
        using var json = await GetJsonAsync("fapi/v1/ticker/24hr", 0, cancellationToken);
        if (json.RootElement.ValueKind != JsonValueKind.Array) throw new BinanceUnavailableException("ticker/24hr is not an array.");
        return Collect(json.RootElement, "ticker/24hr", ParseTicker);
    }

    /// <summary>Up to <paramref name="limit"/> (1-1500) one-minute klines, oldest first; the last one may still be open.</summary>
    public async Task<IReadOnlyList<BinanceKline>> GetKlinesAsync(string symbol, int limit, int retries, CancellationToken cancellationToken = default)
    {
        if (!IsSymbolName(symbol)) throw new ArgumentException("Not a symbol name.", nameof(symbol));
        var path = string.Create(CultureInfo.InvariantCulture, $"fapi/v1/klines?symbol={symbol}&interval=1m&limit={Math.Clamp(limit, 1, 1500)}");
        using var json = await GetJsonAsync(path, retries, cancellationToken);
        if (json.RootElement.ValueKind != JsonValueKind.Array) throw new BinanceUnavailableException("klines is not an array.");
        return Collect(json.RootElement, "klines", ParseKline);
    }

    private async Task<JsonDocument> GetJsonAsync(string path, int retries, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await GetOnceAsync(path, cancellationToken);
            }
            catch (BinanceUnavailableException) when (attempt < retries)
            {
                // 250 ms, 500 ms, 1 s ... with jitter, so silos that failed together do not retry together.
                var backoff = TimeSpan.FromMilliseconds(250 * Math.Pow(2, attempt) * (0.75 + Random.Shared.NextDouble() / 2));
                await Task.Delay(backoff, clock, cancellationToken);
            }
        }
    }

    private async Task<JsonDocument> GetOnceAsync(string path, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(market.BinanceTimeout);
        try
        {
            using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            if (status is 429 or 418) throw new BinanceRateLimitedException(status, RetryAfter(response, status));
            if (!response.IsSuccessStatusCode) throw new BinanceUnavailableException($"HTTP {status} from {Endpoint(path)}.");
            if (response.Content.Headers.ContentLength > market.BinanceMaxResponseBytes)
                throw new BinanceUnavailableException($"{Endpoint(path)} announced {response.Content.Headers.ContentLength} bytes, over the limit.");
            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            var bytes = await ReadCappedAsync(body, market.BinanceMaxResponseBytes, timeout.Token)
                ?? throw new BinanceUnavailableException($"{Endpoint(path)} sent more than {market.BinanceMaxResponseBytes} bytes.");
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(bytes, JsonLimits);
            }
            catch (JsonException ex)
            {
                throw new BinanceUnavailableException($"{Endpoint(path)} sent malformed JSON.", ex);
            }
            // Checked once, so that the readers' GetString calls cannot throw on a lone surrogate escape.
            if (JsonStrings.FindInvalidText(document.RootElement, "$") is not { } invalid) return document;
            document.Dispose();
            throw new BinanceUnavailableException($"{Endpoint(path)} sent text that is not Unicode at {invalid}.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BinanceUnavailableException($"{Endpoint(path)} did not answer within {market.BinanceTimeout}.");
        }
        catch (HttpRequestException ex)
        {
            throw new BinanceUnavailableException($"{Endpoint(path)} could not be reached: {ex.Message}", ex);
        }
    }

    private static string Endpoint(string path) => path.Split('?')[0];

    private static TimeSpan RetryAfter(HttpResponseMessage response, int status)
    {
        var header = response.Headers.RetryAfter;
        var delay = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : (TimeSpan?)null);
        // Without a header: a 429 clears within a minute; a 418 ban lasts minutes to days and grows if ignored.
        var fallback = status == 418 ? TimeSpan.FromMinutes(2) : TimeSpan.FromSeconds(30);
        var chosen = delay is { } d && d > TimeSpan.Zero ? d : fallback;
        return chosen > TimeSpan.FromHours(1) ? TimeSpan.FromHours(1) : chosen;
    }

    private static async Task<ReadOnlyMemory<byte>?> ReadCappedAsync(Stream body, int max, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > max) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private IReadOnlyList<T> Collect<T>(JsonElement array, string endpoint, Func<JsonElement, T?> parse) where T : class
    {
        var result = new List<T>(array.GetArrayLength());
        var skipped = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (parse(item) is { } value) result.Add(value);
            else skipped++;
        }
        // The ticker is polled every few seconds: its skips (delisted symbols with zero prices) are not worth a warning each time.
        if (skipped > 0) LogSkipped(endpoint == "ticker/24hr" ? LogLevel.Debug : LogLevel.Warning, skipped, endpoint);
        return result;
    }

    internal static BinanceSymbol? ParseSymbol(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object) return null;
        if (!TryString(e, "symbol", out var symbol) || !IsSymbolName(symbol)) return null;
        if (!TryString(e, "status", out var status) || !TryString(e, "contractType", out var contractType)) return null;
        if (!TryString(e, "baseAsset", out var baseAsset) || !TryString(e, "quoteAsset", out var quoteAsset)) return null;
        if (!TryInt(e, "pricePrecision", out var pricePrecision) || !TryInt(e, "quantityPrecision", out var quantityPrecision)) return null;
        if (!e.TryGetProperty("filters", out var filters) || filters.ValueKind != JsonValueKind.Array) return null;
        decimal? tick = null, step = null, minQty = null, minNotional = null;
        foreach (var f in filters.EnumerateArray())
        {
            if (f.ValueKind != JsonValueKind.Object || !TryString(f, "filterType", out var type)) continue;
            switch (type)
            {
                case "PRICE_FILTER" when TryDecimal(f, "tickSize", out var t): tick = t; break;
                case "LOT_SIZE" when TryDecimal(f, "stepSize", out var s) && TryDecimal(f, "minQty", out var q): step = s; minQty = q; break;
                case "MIN_NOTIONAL" when TryDecimal(f, "notional", out var n): minNotional = n; break;
            }
        }
        if (tick is not > 0 || step is not > 0 || minQty is not >= 0 || pricePrecision is < 0 or > 18 || quantityPrecision is < 0 or > 18) return null;
        var info = new SymbolInfo(symbol, baseAsset, quoteAsset, pricePrecision, quantityPrecision, tick.Value, step.Value, minQty.Value, Math.Max(minNotional ?? 0, 0));
        return new BinanceSymbol(info, status, contractType);
    }

    internal static BinanceTicker? ParseTicker(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object || !TryString(e, "symbol", out var symbol) || !IsSymbolName(symbol)) return null;
        if (!TryDecimal(e, "lastPrice", out var last) || !TryDecimal(e, "openPrice", out var open) || !TryDecimal(e, "highPrice", out var high)
            || !TryDecimal(e, "lowPrice", out var low) || !TryDecimal(e, "volume", out var volume) || !TryLong(e, "closeTime", out var closeTime)) return null;
        if (last <= 0 || open <= 0 || low <= 0 || high < low || volume < 0 || !TryTime(closeTime, out var at)) return null;
        return new BinanceTicker(symbol, last, open, high, low, volume, at);
    }

    internal static BinanceKline? ParseKline(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Array || e.GetArrayLength() < 7) return null;
        if (!TryLong(e[0], out var openMs) || !TryLong(e[6], out var closeMs) || !TryTime(openMs, out var openTime) || !TryTime(closeMs, out var closeTime)) return null;
        if (!TryDecimal(e[1], out var open) || !TryDecimal(e[2], out var high) || !TryDecimal(e[3], out var low)
            || !TryDecimal(e[4], out var close) || !TryDecimal(e[5], out var volume)) return null;
        if (open <= 0 || close <= 0 || low <= 0 || high < low || volume < 0 || closeTime <= openTime) return null;
        return new BinanceKline(openTime, open, high, low, close, volume, closeTime);
    }

    internal static bool IsSymbolName(string value) =>
        value.Length is > 0 and <= 30 && value.All(c => c is >= 'A' and <= 'Z' or >= '0' and <= '9');

    private static bool TryString(JsonElement e, string name, out string value)
    {
        value = e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() ?? "" : "";
        return value.Length is > 0 and <= 64;
    }

    private static bool TryInt(JsonElement e, string name, out int value)
    {
        value = 0;
        return e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetInt32(out value);
    }

    private static bool TryLong(JsonElement e, string name, out long value)
    {
        value = 0;
        return e.TryGetProperty(name, out var p) && TryLong(p, out value);
    }

    private static bool TryLong(JsonElement p, out long value)
    {
        value = 0;
        return p.ValueKind == JsonValueKind.Number && p.TryGetInt64(out value);
    }

    private static bool TryDecimal(JsonElement e, string name, out decimal value)
    {
        value = 0;
        return e.TryGetProperty(name, out var p) && TryDecimal(p, out value);
    }

    /// <summary>Binance sends decimals as strings; a plain JSON number is accepted too.</summary>
    private static bool TryDecimal(JsonElement p, out decimal value)
    {
        value = 0;
        return p.ValueKind switch
        {
            JsonValueKind.String => p.GetString() is { Length: <= 40 } s && decimal.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value),
            JsonValueKind.Number => p.TryGetDecimal(out value) && value >= 0,
            _ => false,
        };
    }

    private static bool TryTime(long milliseconds, out DateTimeOffset at)
    {
        at = default;
        if (milliseconds is < 0 or > 253_402_300_799_999) return false;
        at = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        return true;
    }

    [LoggerMessage(Message = "Skipped {Count} entries of {Endpoint} that did not match the expected schema")]
    private partial void LogSkipped(LogLevel level, int count, string endpoint);
}
