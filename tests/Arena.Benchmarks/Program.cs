using System.CommandLine;
using Arena.Benchmarks.Fanout;
using Arena.Benchmarks.Turns;

// Benchmarks are subcommands: `fanout` (event fan-out to spectators) and `turns` (bot turns per second).
var root = new RootCommand("Arena benchmarks: run one against a silo started in this process on a loopback port.")
{
    FanoutCommand.Create(),
    TurnsCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
