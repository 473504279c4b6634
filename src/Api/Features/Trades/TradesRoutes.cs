namespace Arena.Api.Features.Trades;

internal static class TradesRoutes
{
    public const string Tag = "Trades";

    public const string List = "/api/trades";

    public static string Of(Guid id) => $"{List}/{id}";
}
