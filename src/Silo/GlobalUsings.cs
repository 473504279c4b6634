global using Arena.Grains.Common;
global using Arena.Grains.Persistence;
global using Arena.Grains.Runtime;
global using Microsoft.Extensions.Options;
