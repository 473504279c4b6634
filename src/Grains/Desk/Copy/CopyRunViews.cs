namespace Arena.Grains.Desk;

/// <summary>A copy run as the API shows it.</summary>
[GenerateSerializer, Immutable]
public sealed record CopyRunView(
    [Id(0)] Guid Id,
    [Id(1)] string BotId,
    [Id(2)] CopyRunStatus Status,
    [Id(3)] CopySizing Sizing,
    [Id(4)] int MaxLeverage,
    [Id(5)] int MaxOpenPositions,
    [Id(6)] int PriceToleranceBps,
    [Id(7)] IReadOnlyList<string>? Symbols,
    [Id(8)] string? ExternalId,
    [Id(9)] long? AfterTradeId,
    [Id(10)] DateTimeOffset CreatedAt,
    [Id(11)] DateTimeOffset? PublishedAt,
    [Id(12)] DateTimeOffset UpdatedAt,
    [Id(13)] DateTimeOffset? StoppedAt)
{
    public static CopyRunView From(CopyRun r) => new(r.Id, r.BotId, r.Status, r.Settings.Sizing, r.Settings.MaxLeverage, r.Settings.MaxOpenPositions,
        r.Settings.PriceToleranceBps, r.Settings.Symbols is { } s ? [.. s] : null, r.ExternalId, r.AfterTradeId, r.CreatedAt, r.PublishedAt,
        r.UpdatedAt, r.StoppedAt);
}

/// <summary>
/// A run's PnL: realized is the sum of its closed mirrors' net PnL (both fees out), unrealized the open mirrors' at
/// live prices (open mirrors without a quote count 0 and are counted in <see cref="UnpricedMirrors"/>).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CopyRunPnl(
    [Id(0)] decimal RealizedPnl,
    [Id(1)] decimal UnrealizedPnl,
    [Id(2)] decimal TotalPnl,
    [Id(3)] int OpenMirrors,
    [Id(4)] int ClosedMirrors,
    [Id(5)] int UnpricedMirrors);

/// <summary>A run with its mirrored trades (newest first), its most recent skipped fills (newest first) and its PnL.</summary>
[GenerateSerializer, Immutable]
public sealed record CopyRunDetail(
    [Id(0)] CopyRunView Run,
    [Id(1)] IReadOnlyList<QuickTradeView> Mirrors,
    [Id(2)] IReadOnlyList<CopyFillRecord> Skipped,
    [Id(3)] CopyRunPnl Pnl)
{
    /// <summary>Skipped fills shown with a run: the most recent ones (the ledger keeps all).</summary>
    public const int SkippedShown = 100;

    public static CopyRunDetail From(CopyRun run, IReadOnlyList<QuickTradeView> mirrors, IReadOnlyList<CopyFillRecord> skipped)
    {
        var open = mirrors.Where(m => m.Status == "open").ToArray();
        var closed = mirrors.Where(m => m.Status != "open").ToArray();
        var realized = closed.Sum(m => m.RealizedPnl ?? 0m);
        var unrealized = open.Sum(m => m.UnrealizedPnl ?? 0m);
        return new(CopyRunView.From(run), mirrors, skipped,
            new CopyRunPnl(realized, unrealized, realized + unrealized, open.Length, closed.Length, open.Count(m => m.UnrealizedPnl is null)));
    }
}
