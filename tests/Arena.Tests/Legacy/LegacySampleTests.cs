using Arena.Grains.Legacy;

namespace Arena.Tests.Legacy;

public sealed class LegacySampleTests
{
    /// <summary>The committed sample (copied next to the test assembly).</summary>
    public static string SamplePath => Path.Combine(AppContext.BaseDirectory, "Legacy", LegacySampleGenerator.FileName);

    [Fact]
    public void The_committed_sample_is_what_the_generator_writes()
    {
        var generated = LegacySampleGenerator.Generate();
        var source = Path.Combine(Contract.ConfigurationDocsTests.RepositoryRoot(), "tests", "Arena.Tests", "Legacy", LegacySampleGenerator.FileName);
        if (Environment.GetEnvironmentVariable("ARENA_REGENERATE_LEGACY_SAMPLE") == "1") File.WriteAllText(source, generated);
        Assert.True(File.ReadAllText(source) == generated,
            $"{source} differs from LegacySampleGenerator's output; regenerate it with ARENA_REGENERATE_LEGACY_SAMPLE=1 and commit it.");
    }

    [Fact]
    public void The_sample_is_a_realistic_blob_of_four_bots_with_long_histories()
    {
        var root = JsonNode.Parse(File.ReadAllText(SamplePath))!;
        var bots = root["bots"]!.AsArray();
        Assert.Equal(4, bots.Count);
        Assert.All(bots, bot =>
        {
            Assert.True(bot!["orders"]!.AsArray().Count >= 100);
            Assert.True(bot["botLogs"]!.AsArray().Count >= 30);
            Assert.All(bot["botLogs"]!.AsArray(), log => Assert.True(log!["prompt"]!.GetValue<string>().Length > 1000));
            Assert.True(bot["orders"]!.AsArray().Select(o => (string)o!["symbol"]!).Distinct().Count() >= 5);
        });
        Assert.True(bots.Sum(b => b!["portfolio"]!["positions"]!.AsArray().Count) >= 4);
        Assert.Equal(10, root["marketData"]!.AsArray().Count);
        Assert.InRange(new FileInfo(SamplePath).Length, 200_000, 1_500_000);
        Assert.True(LegacyStateReader.Parse(File.ReadAllText(SamplePath)).IsValid);
    }
}
