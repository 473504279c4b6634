namespace Arena.Api.Features.Signals;

/// <summary>
/// The bots' public signals (anonymous reads, newest first, paged with an opaque cursor) and what a signed-in user does
/// with them: track, untrack, dismiss, and read their tracked signals and their own action audit (docs/trading-desk.md,
/// "Signals").
/// </summary>
internal static class SignalsRoutes
{
    public const string Tag = "Signals";
}
