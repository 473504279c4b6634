using Arena.Api.Infrastructure;
using Arena.Grains.Users;

namespace Arena.Api.Features.UiState;

/// <summary>
/// Opaque per-key UI state (seed 000 <c>user_ui_state</c>: signals filter, oracle period, passport tab ...).
/// Values are any JSON, stored and returned byte for byte; limits in <see cref="UiStateRules"/>.
/// </summary>
internal static class UiStateRoutes
{
    public const string Tag = "UI state";

    public const string Key = "/api/ui-state/{key}";
}

/// <summary>The key a read or a removal names.</summary>
public sealed record UiStateKeyRequest(string Key);

public sealed class UiStateKeyValidator() : RulesValidator<UiStateKeyRequest>((r, errors) => UiStateRules.CheckKey(r.Key, errors));
