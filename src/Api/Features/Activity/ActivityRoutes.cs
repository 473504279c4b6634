namespace Arena.Api.Features.Activity;

/// <summary>The Live page: the activity feed and emoji reactions.</summary>
internal static class ActivityRoutes
{
    public const string Tag = "Activity";
}
