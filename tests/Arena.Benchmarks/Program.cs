using System.CommandLine;
using Arena.Benchmarks.Fanout;

// Benchmarks are subcommands: `fanout` here; others (bot turns per second, ...) are added beside it.
var root = new RootCommand("Arena benchmarks: run one against a silo started in this process on a loopback port.")
{
    FanoutCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
