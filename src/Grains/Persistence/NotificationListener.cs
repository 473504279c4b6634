using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Arena.Grains.Persistence;

/// <summary>
/// One dedicated PostgreSQL connection per silo that LISTENs on every channel a feature subscribed to
/// and hands payloads to the subscribers. After the connection is lost and re-established, subscribers
/// are told (<c>onReconnected</c>) so they can resynchronise what they may have missed.
/// On SQLite there is one silo, so nothing is listened to.
/// </summary>
public sealed partial class NotificationListener(Database database, ILogger<NotificationListener> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, List<(Action<string> OnMessage, Action OnReconnected)>> subscribers = new();
    private readonly TaskCompletionSource listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the first LISTEN is in place (immediately on SQLite).</summary>
    public Task Listening => listening.Task;

    public void Subscribe(string channel, Action<string> onMessage, Action? onReconnected = null)
    {
        var list = subscribers.GetOrAdd(channel, _ => []);
        lock (list) list.Add((onMessage, onReconnected ?? (() => { })));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (database.Dialect != SqlDialect.Postgres || database.PostgresDataSource is null)
        {
            listening.TrySetResult();
            return;
        }
        var delay = TimeSpan.FromMilliseconds(250);
        var connectedBefore = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await database.PostgresDataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += OnNotification;
                foreach (var channel in subscribers.Keys)
                    await connection.ExecuteAsync($"LISTEN {QuoteIdentifier(channel)}");
                if (connectedBefore) Broadcast(s => s.OnReconnected());
                connectedBefore = true;
                listening.TrySetResult();
                delay = TimeSpan.FromMilliseconds(250);
                while (!stoppingToken.IsCancellationRequested) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogListenFailed(ex, delay.TotalMilliseconds);
                await Task.Delay(delay, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 10_000));
            }
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        if (!subscribers.TryGetValue(e.Channel, out var list)) return;
        (Action<string> OnMessage, Action OnReconnected)[] copy;
        lock (list) copy = list.ToArray();
        foreach (var s in copy)
        {
            try { s.OnMessage(e.Payload); }
            catch (Exception ex) { LogSubscriberFailed(ex, e.Channel); }
        }
    }

    private void Broadcast(Action<(Action<string> OnMessage, Action OnReconnected)> action)
    {
        foreach (var list in subscribers.Values)
        {
            (Action<string>, Action)[] copy;
            lock (list) copy = list.ToArray();
            foreach (var s in copy) action(s);
        }
    }

    private static string QuoteIdentifier(string channel) => "\"" + channel.Replace("\"", "\"\"") + "\"";

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL LISTEN connection failed; retrying in {DelayMs} ms")]
    private partial void LogListenFailed(Exception exception, double delayMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "A subscriber of channel {Channel} failed")]
    private partial void LogSubscriberFailed(Exception exception, string channel);
}
