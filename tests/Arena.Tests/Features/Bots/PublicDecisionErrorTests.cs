using Arena.Grains.Bots.Read;

namespace Arena.Tests.Features.Bots;

public sealed class PublicDecisionErrorTests
{
    [Theory]
    [InlineData("HTTP 503 Service Unavailable: upstream http://10.0.0.7:8000/v1 is overloaded (org-abc)", "HTTP 503 Service Unavailable")]
    [InlineData("provider unavailable: Credential 'openai-prod' was sealed under master key k1", "provider unavailable")]
    [InlineData("the model refused: I cannot share my instructions", "the model refused")]
    [InlineData("malformed answer: the answer is empty.", "malformed answer")]
    [InlineData("timed out after 30 s (after 3 attempts)", "timed out after 30 s (after 3 attempts)")]
    [InlineData("connection failed (ConnectionError, ConnectionRefused)", "connection failed (ConnectionError, ConnectionRefused)")]
    [InlineData("The provider host 'llm.internal.example' resolves only to addresses Arena refuses.", "The provider host '…' resolves only to addresses Arena refuses.")]
    [InlineData("the bot was paused during the turn; the answer was discarded", "the bot was paused during the turn; the answer was discarded")]
    public void Spectators_get_the_category_of_a_failure_without_its_detail_or_quoted_names(string stored, string shown) =>
        Assert.Equal(shown, PublicDecisionError.Summarize(stored));

    [Fact]
    public void No_error_stays_no_error_and_a_long_one_is_cut()
    {
        Assert.Null(PublicDecisionError.Summarize(null));
        Assert.Equal(201, PublicDecisionError.Summarize(new string('x', 500))!.Length);
    }
}
