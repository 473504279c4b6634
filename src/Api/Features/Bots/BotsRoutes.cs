namespace Arena.Api.Features.Bots;

/// <summary>
/// The public, read-only view of the bots for spectators and the app: live figures, positions, fills, decisions
/// and snapshots. Anonymous; nothing here returns a prompt, a provider's settings or credentials, or a raw answer.
/// Lists are newest first, paged with an opaque cursor (docs/api.md, "Public read API").
/// </summary>
internal static class BotsRoutes
{
    public const string Tag = "Bots";
}
