using Arena.Grains.Secrets;

namespace Arena.Api.Features.Admin.Credentials;

/// <summary>
/// <c>/api/admin/credentials</c>: API keys sealed in the vault. Write-only: a secret goes in through POST or
/// PUT .../secret and never comes back out: answers carry <see cref="CredentialInfo"/> (metadata) only, and
/// error messages describe rules, never values. Without <c>ARENA_MASTER_KEY</c> metadata can be read but
/// writes are 409 (the server's state, not the request, is wrong; retrying will not help, so not 503).
/// </summary>
internal static class AdminCredentialRoutes
{
    public const string Tag = "Admin: credentials";
}
