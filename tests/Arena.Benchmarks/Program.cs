using System.CommandLine;
using Arena.Benchmarks.Auth;
using Arena.Benchmarks.Copy;
using Arena.Benchmarks.Failover;
using Arena.Benchmarks.Fanout;
using Arena.Benchmarks.Grains;
using Arena.Benchmarks.Http;
using Arena.Benchmarks.Turns;

// Benchmarks are subcommands: `fanout` (event fan-out to spectators), `turns` (bot turns per second), `grains` (calls to
// user grains on one and two silos), `failover` (silo processes killed and stopped while bots trade), `http` (API
// requests per route while bots trade), `auth` (/health/live during a registration burst) and `copy` (one bot fill mirrored
// into 1,000 followers' desks).
var root = new RootCommand("Arena benchmarks: run one against a silo started in this process on a loopback port.")
{
    FanoutCommand.Create(),
    TurnsCommand.Create(),
    GrainsCommand.Create(),
    FailoverCommand.Create(),
    HttpCommand.Create(),
    AuthCommand.Create(),
    CopyCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
