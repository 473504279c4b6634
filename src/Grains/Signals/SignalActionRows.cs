using System.Text.Json.Serialization;
using Arena.Grains.Persistence;

namespace Arena.Grains.Signals;

/// <summary>What a user did with a signal (seed 000 <c>signal_actions</c>): an audit the user can read but never delete.</summary>
[GenerateSerializer]
[JsonConverter(typeof(JsonStringEnumConverter<SignalActionKind>))]
public enum SignalActionKind
{
    [JsonStringEnumMemberName("track")] Track,
    [JsonStringEnumMemberName("untrack")] Untrack,
    [JsonStringEnumMemberName("copy")] Copy,
    [JsonStringEnumMemberName("convert")] Convert,
    [JsonStringEnumMemberName("dismiss")] Dismiss,
}

/// <summary>One action to append, written in the transaction of the change it records.</summary>
public sealed record SignalActionDraft(Guid UserId, long? SignalId, SignalActionKind Action, Guid? QuickTradeId = null, Guid? CopyRunId = null, string? Detail = null);

/// <summary>The one writer of <c>signal_actions</c>: rows are only ever appended.</summary>
public static class SignalActionRows
{
    public static Task AppendAsync(Tx tx, SignalActionDraft action, DateTimeOffset at) =>
        tx.ExecuteAsync("""
            INSERT INTO signal_actions (user_id, signal_id, action, quick_trade_id, copy_run_id, detail, created_at)
            VALUES (@UserId, @SignalId, @action, @QuickTradeId, @CopyRunId, @Detail, @at)
            """, new { action.UserId, action.SignalId, action = WireEnum<SignalActionKind>.Name(action.Action), action.QuickTradeId, action.CopyRunId, action.Detail, at });
}
