using Arena.Grains.Bots;

namespace Arena.Api.Features.Admin.LeveragePolicies;

/// <summary>
/// <c>/api/admin/leverage-policies</c>: per-symbol leverage caps. A decision's leverage is limited by the lower
/// of its bot's <c>maxLeverage</c> and its symbol's policy; a change applies to the next decision validated on
/// any silo (<see cref="LeveragePolicyStore"/>).
/// </summary>
internal static class AdminLeveragePolicyRoutes
{
    public const string Tag = "Admin: leverage policies";
}
