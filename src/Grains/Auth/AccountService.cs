using Arena.Grains.Users;

namespace Arena.Grains.Auth;

/// <summary>Who is asking: used for sessions and for per-address throttling.</summary>
public sealed record ClientInfo(string? Address, string? UserAgent);

public sealed record SignedIn(UserView User, NewSession Session);

/// <summary>
/// Registration and password sign-in: the steps around the user grain (throttle, lookup by login,
/// verification, session issue) that do not belong to any one user's state.
/// </summary>
public sealed partial class AccountService(
    IGrainFactory grains,
    UserStore users,
    SessionStore sessions,
    LoginThrottle throttle,
    PasswordHasher passwords,
    ILogger<AccountService> logger)
{
    // One message for unknown login and wrong password, so the answer does not reveal which accounts exist.
    private static readonly Rejection BadCredentials = Rejection.Unauthorized("Invalid login or password.");

    public async Task<Result<SignedIn>> RegisterAsync(string? email, string? username, string? password, ClientInfo client, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        AccountRules.CheckEmail(email, errors);
        AccountRules.CheckUsername(username, errors);
        AccountRules.CheckPassword(password, errors);
        if (errors.Any) return errors.ToRejection();

        var id = Guid.CreateVersion7();
        var created = await grains.GetGrain<IUserGrain>(id).Register(new NewAccount(email, username!, password));
        if (!created.IsOk) return created.Rejection!;
        var session = await sessions.CreateAsync(id, AuthMethod.Password, client.UserAgent, client.Address, cancellationToken: cancellationToken);
        LogRegistered(id);
        return new SignedIn(created.Value!, session);
    }

    public async Task<Result<SignedIn>> SignInAsync(string? login, string? password, ClientInfo client, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors()
            .Require(!string.IsNullOrWhiteSpace(login), "login", "Login (email or username) is required.")
            .Require(!string.IsNullOrEmpty(password), "password", "Password is required.");
        if (errors.Any) return errors.ToRejection();
        if (password!.Length > AccountRules.MaxPasswordLength) return BadCredentials;

        var id = await users.FindIdByLoginAsync(login!, cancellationToken);
        var accountKey = LoginThrottle.AccountKey(id, login!);
        var addressKey = LoginThrottle.AddressKey(client.Address);
        if (await throttle.BlockedForAsync(accountKey, addressKey, cancellationToken) is { } wait)
        {
            LogThrottled(client.Address);
            return Rejection.TooManyRequests("Too many failed sign-ins; try again later.", wait);
        }

        var ok = false;
        if (id is null) passwords.SpendEquivalentTime(password);
        else ok = await grains.GetGrain<IUserGrain>(id.Value).CheckPassword(password);
        if (!ok)
        {
            await throttle.RecordFailureAsync(accountKey, addressKey, cancellationToken);
            LogFailed(client.Address);
            return BadCredentials;
        }

        await throttle.ResetAsync(accountKey, cancellationToken);
        var user = await grains.GetGrain<IUserGrain>(id!.Value).GetUser();
        if (user is null) return BadCredentials;
        var session = await sessions.CreateAsync(user.Id, AuthMethod.Password, client.UserAgent, client.Address, cancellationToken: cancellationToken);
        LogSignedIn(user.Id);
        return new SignedIn(user, session);
    }

    /// <summary>Creates the admin named by ARENA_ADMIN_EMAIL / ARENA_ADMIN_PASSWORD, or promotes that account if it exists.</summary>
    public async Task<Result<UserView>> EnsureAdminAsync(string email, string password, string? username, CancellationToken cancellationToken = default)
    {
        var existing = await users.FindIdByLoginAsync(email, cancellationToken);
        if (existing is { } id) return await grains.GetGrain<IUserGrain>(id).SetRole(UserRole.Admin);
        var name = username ?? DefaultUsername(email);
        return await grains.GetGrain<IUserGrain>(Guid.CreateVersion7()).Register(new NewAccount(email, name, password, UserRole.Admin));
    }

    private static string DefaultUsername(string email)
    {
        var local = new string(email.Split('@')[0].Where(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-').ToArray());
        return local.Length >= 3 ? local[..Math.Min(local.Length, 32)] : "admin";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} registered")]
    private partial void LogRegistered(Guid userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} signed in")]
    private partial void LogSignedIn(Guid userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Failed sign-in from {ClientAddress}")]
    private partial void LogFailed(string? clientAddress);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in refused: throttled ({ClientAddress})")]
    private partial void LogThrottled(string? clientAddress);
}
