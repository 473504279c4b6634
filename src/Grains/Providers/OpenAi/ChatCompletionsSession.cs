using System.Net.Http.Headers;
using static System.FormattableString;

namespace Arena.Grains.Providers.OpenAi;

/// <summary>
/// An <c>openai-compatible</c> provider for one bot activation. It holds the API key decrypted when the
/// session was opened; the key goes only into the Authorization header and is scrubbed from anything
/// returned. Each call: at most <c>max_retries</c> retries with exponential backoff and jitter on
/// timeouts, connection errors, 429 (honouring Retry-After) and 5xx; never on other 4xx. Every attempt
/// holds a slot of the provider's silo-wide concurrency gate while it is in flight (not while it waits).
/// </summary>
internal sealed partial class ChatCompletionsSession(
    ProviderSettings settings,
    string? apiKey,
    IHttpClientFactory httpClients,
    SemaphoreSlim gate,
    ProviderOptions options,
    TimeProvider clock,
    ILogger logger) : IProviderSession
{
    private const int MaxErrorBodyBytes = 64 * 1024;
    private const int MaxErrorDetailLength = 300;
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly Uri endpoint = new(settings.BaseUrl + "/chat/completions");
    private string? apiKey = apiKey;
    private bool disposed;

    public ProviderSettings Settings { get; } = settings;

    public Task<ProviderAnswer> DecideAsync(DecisionRequest request, CancellationToken cancellationToken) =>
        SendAsync(ChatCompletionsWire.Request(Settings, request.Prompt), truncatedIsAnswer: false, cancellationToken);

    /// <summary>
    /// A chat reply: the system message is the bot's public persona and facts (<see cref="AgentPersona"/>), then the history
    /// and the message; no JSON mode. A reply cut at its token limit is still a reply (a chat is prose, not JSON to parse).
    /// </summary>
    public Task<ProviderAnswer> ChatAsync(ChatRequest request, CancellationToken cancellationToken) =>
        SendAsync(ChatCompletionsWire.ChatRequest(Settings, request), truncatedIsAnswer: true, cancellationToken);

    private async Task<ProviderAnswer> SendAsync(byte[] body, bool truncatedIsAnswer, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var started = clock.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            var outcome = await AttemptAsync(body, cancellationToken).ConfigureAwait(false);
            if (outcome.Completion is { } completion) return Answer(completion, truncatedIsAnswer, started);

            var error = attempt > 1 ? Invariant($"{outcome.Error} (after {attempt} attempts)") : outcome.Error!;
            if (!outcome.Retryable || attempt > Settings.MaxRetries) return Failed(error, started);
            var delay = outcome.RetryAfter ?? Backoff(attempt);
            if (delay > options.MaxRetryDelay)
                return Failed(Invariant($"{error}; the provider asked to wait {delay.TotalSeconds:0.#} s, longer than Arena:Providers:MaxRetryDelay"), started);
            LogRetrying(Settings.Id, attempt, Scrub(outcome.Error)!, (long)delay.TotalMilliseconds);
            await Task.Delay(delay, clock, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        disposed = true;
        apiKey = null;
    }

    private readonly record struct Attempt(Completion? Completion, string? Error, bool Retryable, TimeSpan? RetryAfter = null);

    private async Task<Attempt> AttemptAsync(byte[] body, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Settings.Timeout);
            try
            {
                using var message = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
                message.Content.Headers.ContentType = Json;
                message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                if (apiKey is not null) message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
                using var http = httpClients.CreateClient(DecisionProviders.HttpClientName);
                using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                return await ReadAsync(response, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return new Attempt(null, Invariant($"timed out after {Settings.Timeout.TotalSeconds:0.###} s"), Retryable: true);
            }
            catch (HttpRequestException ex) when (ex.InnerException is ProviderAddressRefusedException refused)
            {
                return new Attempt(null, refused.Message, Retryable: false);
            }
            catch (HttpRequestException ex)
            {
                // The exception's own message is not used: only a category and the socket error leave this method.
                var socket = ex.InnerException as System.Net.Sockets.SocketException;
                return new Attempt(null, $"connection failed ({ex.HttpRequestError}{(socket is null ? "" : ", " + socket.SocketErrorCode)})", Retryable: true);
            }
            catch (IOException)
            {
                return new Attempt(null, "the connection broke while reading the response", Retryable: true);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<Attempt> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            var bytes = await ReadCappedAsync(response.Content, options.MaxResponseBytes, cancellationToken).ConfigureAwait(false);
            if (bytes is null) return new Attempt(null, Invariant($"the response was larger than {options.MaxResponseBytes} bytes and was discarded"), Retryable: false);
            return ChatCompletionsWire.Parse(bytes) is { } completion
                ? new Attempt(completion, null, false)
                : new Attempt(null, "the response is not a chat completion (no choices[0].message)", Retryable: false);
        }

        // 401/403 bodies can quote part of the key ("Incorrect API key provided: sk-...abcd"): not shown.
        string? detail = null;
        if (status is not (401 or 403))
        {
            detail = ChatCompletionsWire.ErrorMessage(await ReadCappedAsync(response.Content, MaxErrorBodyBytes, cancellationToken).ConfigureAwait(false));
            if (detail is { Length: > MaxErrorDetailLength }) detail = detail[..MaxErrorDetailLength] + "...";
        }
        var error = Invariant($"HTTP {status} {response.ReasonPhrase}{(detail is null ? "" : ": " + detail)}");
        var retryable = status == 429 || status >= 500;
        return new Attempt(null, error, retryable, retryable ? RetryAfter(response) : null);
    }

    private ProviderAnswer Answer(Completion completion, bool truncatedIsAnswer, long started)
    {
        var latency = clock.GetElapsedTime(started);
        var text = Scrub(completion.Text);
        string? error = completion switch
        {
            { Refusal: { } refusal } => "the model refused: " + Scrub(refusal),
            { FinishReason: "length" } when !truncatedIsAnswer => "the answer was truncated (finish_reason \"length\"): raise max_tokens",
            { Text: null or "" } => "the answer has no content",
            _ => null,
        };
        if (error is not null) LogFailed(Settings.Id, error);
        return new ProviderAnswer(text, completion.PromptTokens, completion.CompletionTokens, latency, error);
    }

    private ProviderAnswer Failed(string error, long started)
    {
        var scrubbed = Scrub(error)!;
        LogFailed(Settings.Id, scrubbed);
        return new ProviderAnswer(null, 0, 0, clock.GetElapsedTime(started), scrubbed);
    }

    // Defence in depth: a server (or a proxy in front of it) that echoes the key must not put it into a decision row.
    private string? Scrub(string? text) =>
        text is null || apiKey is not { Length: > 0 } key ? text : text.Replace(key, "[redacted]", StringComparison.Ordinal);

    private TimeSpan Backoff(int attempt)
    {
        var exponential = options.RetryBaseDelay * Math.Pow(2, attempt - 1);
        var jittered = exponential * (0.5 + Random.Shared.NextDouble() * 0.5);
        return jittered < options.MaxRetryDelay ? jittered : options.MaxRetryDelay;
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } at ? at - clock.GetUtcNow() : null);
        return wait is { } w ? (w > TimeSpan.Zero ? w : TimeSpan.Zero) : null;
    }

    private static async Task<byte[]?> ReadCappedAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > limit) return null;
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit) return null;
                buffer.Write(chunk, 0, read);
            }
            return buffer.ToArray();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Provider {ProviderId}: attempt {Attempt} failed ({Error}); retrying in {DelayMs} ms")]
    private partial void LogRetrying(string providerId, int attempt, string error, long delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Provider {ProviderId}: no usable answer ({Error})")]
    private partial void LogFailed(string providerId, string error);
}
