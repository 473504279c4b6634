namespace Arena.Tests.Features.Bots;

/// <summary>Reading the public API the way a client does.</summary>
public static class PublicPages
{
    public static decimal Dec(this JsonNode? node) => node!.GetValue<decimal>();

    public static async Task<JsonNode> GetJsonAsync(this HttpClient client, string path) =>
        await (await client.GetAsync(path)).AssertOkJsonAsync();

    /// <summary>Follows <c>nextCursor</c> from the first page to the last; returns every item in the order served.</summary>
    public static async Task<IReadOnlyList<JsonNode>> WalkAsync(this HttpClient client, string path, int limit, Func<Task>? betweenPages = null)
    {
        var items = new List<JsonNode>();
        string? cursor = null;
        var separator = path.Contains('?') ? '&' : '?';
        for (var pages = 0; pages < 10_000; pages++)
        {
            var url = $"{path}{separator}limit={limit}" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            var page = await client.GetJsonAsync(url);
            var batch = page["items"]!.AsArray();
            Assert.True(batch.Count <= limit, $"a page of {batch.Count} items for limit {limit}");
            items.AddRange(batch.Select(i => i!));
            cursor = page["nextCursor"]?.GetValue<string>();
            if (cursor is null) return items;
            Assert.NotEmpty(batch);
            if (betweenPages is not null) await betweenPages();
        }
        throw new InvalidOperationException("the walk did not end");
    }

    public static long[] Ids(this IEnumerable<JsonNode?> items) => items.Select(i => i!["id"]!.GetValue<long>()).ToArray();
}
