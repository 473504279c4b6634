using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Arena.Tests.Infrastructure;

/// <summary>
/// A real silo in its own process (<c>dotnet Arena.Silo.dll serve</c>, as operators run it) on loopback ports, for
/// multi-silo drills: it can be stopped gracefully (SIGTERM) or killed (SIGKILL). Its console output is kept, and the
/// bots it runs are read from its "Bot X runs on this silo" / "left this silo" lines.
/// </summary>
public sealed partial class SiloProcess : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> lines = new();
    private readonly Process process;

    private SiloProcess(string name, Process process, Uri baseAddress, int siloPort)
    {
        Name = name;
        this.process = process;
        BaseAddress = baseAddress;
        SiloPort = siloPort;
    }

    public string Name { get; }

    public Uri BaseAddress { get; }

    public int SiloPort { get; }

    public bool HasExited => process.HasExited;

    public IReadOnlyCollection<string> Output => lines;

    /// <summary>The bots this silo says it runs now, from its own log lines.</summary>
    public IReadOnlySet<string> RunningBots()
    {
        var running = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var match = BotLine().Match(line);
            if (!match.Success) continue;
            if (match.Groups["what"].Value == "runs on") running.Add(match.Groups["bot"].Value);
            else running.Remove(match.Groups["bot"].Value);
        }
        return running;
    }

    /// <summary>Starts the silo; <paramref name="settings"/> become <c>--Key=value</c> configuration (the same keys the README lists).</summary>
    public static SiloProcess Start(string name, DatabaseTarget database, IDictionary<string, string?> settings, int? siloPort = null)
    {
        var httpPort = FreePorts.Next();
        var port = siloPort ?? FreePorts.Next();
        var all = new Dictionary<string, string?>
        {
            ["Urls"] = $"http://127.0.0.1:{httpPort}",
            ["Arena:Database:Provider"] = database.Provider,
            ["Arena:Database:ConnectionString"] = database.ConnectionString,
            ["Arena:Cluster:SiloPort"] = port.ToString(CultureInfo.InvariantCulture),
            ["Arena:Cluster:GatewayPort"] = "0",
            ["Arena:Cluster:AdvertisedAddress"] = "127.0.0.1",
            ["Arena:Seed:Demo"] = "false",
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["Serilog:MinimumLevel:Override:Arena.Grains.Bots"] = "Information",
        };
        foreach (var (key, value) in settings) all[key] = value;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Arena.Silo.dll"));
        start.ArgumentList.Add("serve");
        foreach (var (key, value) in all.Where(s => s.Value is not null)) start.ArgumentList.Add($"--{key}={value}");
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var silo = new SiloProcess(name, process, new Uri($"http://127.0.0.1:{httpPort}"), port);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) silo.lines.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) silo.lines.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Waits until <c>/health/ready</c> answers 200 (migrated, and an active member of its cluster).</summary>
    public async Task WaitReadyAsync(TimeSpan limit)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"silo {Name} exited ({process.ExitCode}):\n{string.Join('\n', lines.TakeLast(40))}");
            try
            {
                if ((await client.GetAsync("/health/ready")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"silo {Name} was not ready within {limit}:\n{string.Join('\n', lines.TakeLast(40))}");
    }

    /// <summary>kill -9: the process dies at once, without leaving the cluster or finishing anything.</summary>
    public void Kill()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
    }

    /// <summary>SIGTERM, as a container runtime sends it: the silo leaves the cluster gracefully and exits.</summary>
    public async Task StopAsync(TimeSpan limit)
    {
        if (process.HasExited) return;
        if (SigTerm(process.Id, 15) != 0) throw new InvalidOperationException($"could not signal silo {Name}");
        await process.WaitForExitAsync().WaitAsync(limit);
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await process.WaitForExitAsync();
        process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SigTerm(int pid, int signal);

    [GeneratedRegex(@"Bot (?<bot>\S+) (?<what>runs on|left) this silo")]
    private static partial Regex BotLine();
}
