namespace Arena.Grains.Events;

/// <summary>The administrator behind a configuration change, and the HTTP request that carried it.</summary>
[GenerateSerializer, Immutable]
public sealed record AdminActor([Id(0)] Guid UserId, [Id(1)] string? RequestId);

/// <summary>
/// The audit trail of configuration changes: every admin write appends one <c>admin.changed</c> event,
/// visible to administrators only, in the transaction of the change it describes. The payload names what
/// changed and who changed it, never a value (a credential's secret, a prompt) that was written.
/// </summary>
public static class AdminAudit
{
    public const string Changed = "admin.changed";

    public sealed record AdminChangedEvent(string Area, string Id, string Action, Guid By, string? RequestId);

    /// <summary>The audit event for <paramref name="by"/>, or nothing for changes no admin made (imports, seeding, tests).</summary>
    public static IEnumerable<EventDraft> Events(AdminActor? by, string area, string id, string action, string? botId = null) =>
        by is null ? [] : [EventDraft.ForAdmins(Changed, new AdminChangedEvent(area, id, action, by.UserId, by.RequestId), botId)];

    /// <summary>Appends the audit event (if any) in <paramref name="tx"/>.</summary>
    public static Task AppendAsync(Tx tx, AdminActor? by, string area, string id, string action, DateTimeOffset at, string? botId = null) =>
        EventOutbox.AppendAsync(tx, Events(by, area, id, action, botId), at);
}
