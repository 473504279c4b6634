using System.Net.Sockets;

namespace Arena.Tests.Infrastructure;

/// <summary>
/// Loopback ports for silos started by tests. Orleans needs a concrete silo port (0 is refused), and many silos run
/// in parallel in one test process: ports are handed out from a process-wide counter (so two silos of this process
/// never get the same one) and each is checked free before it is handed out.
/// </summary>
public static class FreePorts
{
    private static int next = 20_000 + Environment.ProcessId % 20_000;

    public static int Next()
    {
        while (true)
        {
            var port = 20_000 + Interlocked.Increment(ref next) % 40_000;
            if (IsFree(port)) return port;
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
