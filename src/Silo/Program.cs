using Arena.Silo;

return await SiloCommands.RunAsync(args);
