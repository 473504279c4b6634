namespace Arena.Api.Features.Admin.Prompts;

/// <summary>
/// <c>/api/admin/bots/{id}/prompts</c>: a bot's prompt versions. Adding one creates the next version and makes it
/// the active one; older versions are kept (each decision references the version it used). Prompts are
/// admin-only: no public endpoint or event carries their text.
/// </summary>
internal static class AdminPromptRoutes
{
    public const string Tag = "Admin: prompts";
}
