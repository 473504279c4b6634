using Arena.Grains.Common;
using Arena.Grains.Users;

namespace Arena.Tests.Features.Notifications;

public sealed class NotificationRulesTests
{
    [Fact]
    public void Sequential_ids_are_version_7_and_strictly_increasing_even_within_one_millisecond()
    {
        var at = DateTimeOffset.UtcNow;
        var ids = Enumerable.Range(0, 5000).Select(_ => SequentialUuid.Next(at)).ToArray();

        Assert.All(ids, id => Assert.Equal(7, id.Version));
        Assert.All(ids, id => Assert.Equal(0b10, id.Variant >> 2));
        for (var i = 1; i < ids.Length; i++)
            Assert.True(string.CompareOrdinal(ids[i - 1].ToString(), ids[i].ToString()) < 0, $"{ids[i - 1]} !< {ids[i]}");
        // Never earlier than the time asked for (later only if another id of this process already was).
        Assert.True(MillisecondOf(ids[0]) >= at.ToUnixTimeMilliseconds());
    }

    [Fact]
    public void A_clock_step_back_does_not_make_ids_go_back()
    {
        var now = DateTimeOffset.UtcNow;
        var later = SequentialUuid.Next(now);
        var afterStepBack = SequentialUuid.Next(now.AddSeconds(-5));
        Assert.True(string.CompareOrdinal(later.ToString(), afterStepBack.ToString()) < 0);
    }

    private static long MillisecondOf(Guid id)
    {
        var bytes = id.ToByteArray(bigEndian: true);
        return bytes.Take(6).Aggregate(0L, (acc, b) => (acc << 8) | b);
    }

    [Theory]
    [InlineData("/", true)]
    [InlineData("/signals?tab=live#top", true)]
    [InlineData("https://example.test/a?b=c", true)]
    [InlineData("HTTP://EXAMPLE.TEST", true)]
    [InlineData("//evil.example", false)]
    [InlineData("/\\evil.example", false)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("data:text/html,hi", false)]
    [InlineData("mailto:a@b.c", false)]
    [InlineData("signals", false)]
    [InlineData("/a b", false)]
    [InlineData("/a\nb", false)]
    public void Links_are_http_urls_or_app_paths(string link, bool valid) => Assert.Equal(valid, NotificationRules.IsLink(link));

    [Fact]
    public void A_cursor_reads_back_as_the_id_it_was_made_from()
    {
        var id = SequentialUuid.Next(DateTimeOffset.UtcNow);
        var query = NotificationRules.ParseQuery(new NotificationListRequest(Cursor: NotificationRules.CursorAfter(id)));
        Assert.Equal(id, query.Value!.Before);
        Assert.Equal(NotificationRules.DefaultPageSize, query.Value.Limit);
        Assert.False(query.Value.UnreadOnly);
    }

    [Fact]
    public void Limits_above_the_maximum_are_capped_and_below_one_are_refused()
    {
        Assert.Equal(NotificationRules.MaxPageSize, NotificationRules.ParseQuery(new NotificationListRequest(Limit: "201")).Value!.Limit);
        Assert.Equal(["limit"], NotificationRules.ParseQuery(new NotificationListRequest(Limit: "0")).Rejection!.Errors!.Keys);
        Assert.Equal(["limit"], NotificationRules.ParseQuery(new NotificationListRequest(Limit: "1.5")).Rejection!.Errors!.Keys);
    }

    [Fact]
    public void A_draft_is_trimmed_and_blank_optional_fields_become_null()
    {
        var draft = NotificationRules.Check(new NotificationDraft("system", "  Title  ", "   ", "")).Value!;
        Assert.Equal(new NotificationDraft("system", "Title", null, null), draft);
    }

    [Fact]
    public void A_kind_is_an_identifier_taken_exactly_as_sent()
    {
        Assert.Equal(["kind"], NotificationRules.Check(new NotificationDraft(" system ", "Title")).Rejection!.Errors!.Keys);
    }
}
