namespace Arena.Tests.Infrastructure;

/// <summary>One captured log line: level, category, the rendered message, the exception and every structured value.</summary>
public sealed record CapturedLog(LogLevel Level, string Category, string Message, string Text);

/// <summary>
/// Captures every log line the silo writes, at every level, next to its usual providers, so tests can assert
/// what was (or was never) logged.
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> lines = new();

    public IReadOnlyList<CapturedLog> Lines => lines.ToArray();

    public void AddTo(ILoggingBuilder logging)
    {
        logging.AddProvider(this);
        logging.AddFilter<LogCapture>(null, LogLevel.Trace);
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            capture.lines.Enqueue(new CapturedLog(logLevel, category, message, $"{message} {values} {exception}"));
        }
    }
}
