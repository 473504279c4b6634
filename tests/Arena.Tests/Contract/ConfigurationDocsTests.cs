using System.Reflection;
using System.Text.RegularExpressions;

namespace Arena.Tests.Contract;

/// <summary>The README's configuration table lists every setting the code reads.</summary>
public sealed partial class ConfigurationDocsTests
{
    [GeneratedRegex("\"((?:Arena:[A-Za-z]+(?::[A-Za-z]+)+)|(?:ARENA_[A-Z_]+))\"")]
    private static partial Regex ConfigLiteral();

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Arena.Orleans.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }

    /// <summary>The table rows of a file in docs/, keyed by the code span that opens each row (<c>| `key` | ...</c>).</summary>
    internal static ILookup<string, string> DocsTableRows(string file) =>
        File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", file)).Split('\n')
            .Where(l => l.StartsWith("| `", StringComparison.Ordinal)).ToLookup(l => l.Split('`')[1]);

    [Fact]
    public void Every_options_property_and_configuration_literal_is_in_the_readme()
    {
        var root = RepositoryRoot();
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var keys = new SortedSet<string>(StringComparer.Ordinal);

        var assemblies = new[] { typeof(Arena.Grains.ArenaGrainsServices).Assembly, typeof(Arena.Api.ArenaApi).Assembly, typeof(Arena.Silo.SiloApplication).Assembly };
        foreach (var type in assemblies.SelectMany(a => a.GetTypes()))
        {
            if (type.GetField("Section", BindingFlags.Public | BindingFlags.Static) is not { IsLiteral: true } section) continue;
            var prefix = (string)section.GetRawConstantValue()!;
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
                keys.Add($"{prefix}:{property.Name}");
        }
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories))
            foreach (Match m in ConfigLiteral().Matches(File.ReadAllText(file)))
                if (!keys.Any(k => k.StartsWith(m.Groups[1].Value + ":", StringComparison.Ordinal))) keys.Add(m.Groups[1].Value);

        var undocumented = keys.Where(k => !readme.Contains($"`{k}`", StringComparison.Ordinal)).ToArray();
        Assert.True(undocumented.Length == 0, "Not in the README's configuration table: " + string.Join(", ", undocumented));
        Assert.Contains("Arena:Database:Provider", keys);
    }
}
