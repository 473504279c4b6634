namespace Arena.Grains.Trading;

/// <summary>
/// Rounding of money (USDT amounts) and of exchange increments (ticks, steps). Money is rounded to
/// <see cref="Decimals"/> places exactly where it is first produced by a multiplication or division
/// (notional, margin, fee, gross PnL, unrealized PnL); everything derived from those by addition or
/// subtraction (balances, net PnL, equity) is then exact without further rounding.
/// </summary>
public static class Money
{
    public const int Decimals = 8;

    /// <summary>Half away from zero: the rounding a person checking the arithmetic by hand expects.</summary>
    public static decimal Round(decimal amount) => Math.Round(amount, Decimals, MidpointRounding.AwayFromZero);
}

/// <summary>Rounding to an exchange increment (tick size for prices, step size for quantities).</summary>
public static class Increments
{
    /// <summary>The largest multiple of <paramref name="increment"/> not above the value; a non-positive increment leaves it as is.</summary>
    public static decimal Down(decimal value, decimal increment) =>
        increment <= 0 ? value : Math.Floor(value / increment) * increment;

    /// <summary>The smallest multiple of <paramref name="increment"/> not below the value; a non-positive increment leaves it as is.</summary>
    public static decimal Up(decimal value, decimal increment) =>
        increment <= 0 ? value : Math.Ceiling(value / increment) * increment;
}
