global using System.Diagnostics;
global using System.Globalization;
global using System.Net;
global using Arena.Tests.Infrastructure;
global using Microsoft.Extensions.DependencyInjection;
