global using Arena.Grains.Common;
global using Arena.Grains.Persistence;
global using Orleans;
global using Microsoft.Extensions.Options;
