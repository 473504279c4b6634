using Arena.Api.Infrastructure;
using Arena.Grains.Users;

namespace Arena.Api.Features.Preferences;

/// <summary>
/// What the preferences slices share: their two paths (<c>/api/v1/preferences</c> is the one the seed-004 frontend
/// already calls) and the change itself. The body is read raw (bounded) because a merge patch must tell an absent
/// member from a null one, and a replacement must name every missing field.
/// </summary>
internal static class PreferencesBody
{
    public static readonly string[] Routes = ["/api/preferences", "/api/v1/preferences"];

    public const string Tag = "Preferences";

    /// <summary>A full preferences document is a few hundred bytes; anything near this is not one.</summary>
    public const int MaxBytes = 16 * 1024;

    public static async Task<Results<Ok<PreferencesView>, ValidationProblem, ProblemHttpResult>> ChangeAsync(
        HttpContext context, IGrainFactory grains, string[] mediaTypes, Func<ReadOnlyMemory<byte>, Result<PreferencesPatch>> parse)
    {
        var body = await JsonBody.ReadAsync(context.Request, MaxBytes, mediaTypes);
        if (body.Problem is { } problem) return problem;
        var change = parse(body.Bytes);
        if (change.Rejection is { } invalid) return invalid.ToValidationProblem();
        return (await grains.GetGrain<IUserGrain>(context.User.UserId()).ChangePreferences(change.Value!)).ToHttp(TypedResults.Ok);
    }
}
