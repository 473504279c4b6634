using System.Diagnostics;
using System.Net.Sockets;
using Npgsql;

namespace Arena.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster for the whole test run: initdb into a temp directory, started on a
/// free loopback port, stopped and deleted when the test process exits. As root, the server runs as
/// the `postgres` user (initdb refuses root). Durability settings are relaxed: these tests restart the
/// silo, never the database server.
/// </summary>
public sealed class PostgresCluster
{
    private static readonly Lazy<Task<PostgresCluster>> Shared = new(StartAsync);
    private readonly string directory;
    private readonly string binaries;
    private int databases;

    private PostgresCluster(string directory, string binaries, int port)
    {
        this.directory = directory;
        this.binaries = binaries;
        Port = port;
    }

    public int Port { get; }

    public static Task<PostgresCluster> Instance => Shared.Value;

    public string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false";

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "arena")
    {
        var name = $"{prefix}_{Interlocked.Increment(ref databases)}_{Guid.NewGuid():N}"[..40].ToLowerInvariant();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return $"Host=127.0.0.1;Port={Port};Username=postgres;Database={name};Maximum Pool Size=30;Timeout=15;Command Timeout=30";
    }

    private static async Task<PostgresCluster> StartAsync()
    {
        var binaries = FindBinaries()
            ?? throw new InvalidOperationException("PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH or under /usr/lib/postgresql/*/bin. Install the 'postgresql' package (.ci/run does).");
        var asRoot = Environment.UserName == "root";
        var directory = Path.Combine(Path.GetTempPath(), $"arena-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        if (asRoot) await RunAsync("chown", ["postgres:postgres", directory], asPostgres: false);
        var data = Path.Combine(directory, "data");
        await RunAsync(Path.Combine(binaries, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions"], asRoot);

        var port = FreePort();
        var settings = string.Join(' ',
            $"-p {port}", "-c listen_addresses=127.0.0.1", $"-c unix_socket_directories={directory}", "-c max_connections=400",
            "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off", "-c shared_buffers=128MB");
        await RunAsync(Path.Combine(binaries, "pg_ctl"), ["-D", data, "-l", Path.Combine(directory, "server.log"), "-o", settings, "-w", "-t", "60", "start"], asRoot);

        var cluster = new PostgresCluster(directory, binaries, port);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Stop(asRoot);
        return cluster;
    }

    private void Stop(bool asRoot)
    {
        try
        {
            RunAsync(Path.Combine(binaries, "pg_ctl"), ["-D", Path.Combine(directory, "data"), "-m", "immediate", "-w", "stop"], asRoot).Wait(TimeSpan.FromSeconds(20));
            Directory.Delete(directory, recursive: true);
        }
        catch
        {
            // Best effort at process exit; the directory is under the temp folder.
        }
    }

    private static string? FindBinaries()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"))) return dir;
        if (!Directory.Exists("/usr/lib/postgresql")) return null;
        return Directory.GetDirectories("/usr/lib/postgresql")
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb")))
            .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
            .FirstOrDefault();
    }

    public static int FreePort()
    {
        var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task RunAsync(string file, string[] args, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file }) start.ArgumentList.Add(a);
        }
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr} {await stdout}");
    }
}
