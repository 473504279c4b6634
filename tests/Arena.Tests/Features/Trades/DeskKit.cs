using Dapper;

namespace Arena.Tests.Features.Trades;

/// <summary>Rows the desk tests need that no route of the desk creates: a bot's signal.</summary>
public static class DeskKit
{
    public static async Task<long> InsertSignalAsync(ArenaServer server, string botId, string symbol, string direction, decimal entryPrice,
        decimal? stopLoss = null, decimal? takeProfit = null, int? leverage = null, string status = "active")
    {
        await using var connection = await server.GetService<Database>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>("""
            INSERT INTO signals (bot_id, symbol, direction, entry_price, stop_loss, take_profit, leverage, status, created_at)
            VALUES (@botId, @symbol, @direction, @entryPrice, @stopLoss, @takeProfit, @leverage, @status, @now)
            RETURNING id
            """, new { botId, symbol, direction, entryPrice, stopLoss, takeProfit, leverage, status, now = DateTimeOffset.UtcNow });
    }
}
