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
    TimeProvider clock,
    ILogger<AccountService> logger)
{
    // One message for unknown login and wrong password, so the answer does not reveal which accounts exist.
    private static readonly Rejection BadCredentials = Rejection.Unauthorized("Invalid login or password.");

    public async Task<Result<SignedIn>> RegisterAsync(string? email, string? username, string? password, ClientInfo client, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        AccountRules.CheckRegistration(email, username, password, errors);
        if (errors.Any) return errors.ToRejection();

        var id = Guid.CreateVersion7();
        var created = await grains.GetGrain<IUserGrain>(id).Register(new NewAccount(email, username!, passwords.Hash(password!)));
        if (!created.IsOk) return created.Rejection!;
        var session = await sessions.CreateAsync(id, AuthMethod.Password, client.UserAgent, client.Address, cancellationToken: cancellationToken);
        LogRegistered(id);
        return new SignedIn(created.Value!, session);
    }

    public async Task<Result<SignedIn>> SignInAsync(string? login, string? password, ClientInfo client, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        AccountRules.CheckSignIn(login, password, errors);
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

        // Hashing runs here, outside the user's grain: a slow PBKDF2 never holds up that user's other calls, and the
        // password never travels in a grain message.
        var user = id is { } known ? grains.GetGrain<IUserGrain>(known) : null;
        var hash = user is null ? null : await user.GetPasswordHash();
        var ok = passwords.Verify(password, hash, out var needsRehash);
        if (!ok)
        {
            await throttle.RecordFailureAsync(accountKey, addressKey, cancellationToken);
            LogFailed(client.Address);
            return BadCredentials;
        }

        await throttle.ResetAsync(accountKey, cancellationToken);
        if (needsRehash) await user!.ReplacePasswordHash(hash!, passwords.Hash(password));
        var view = await user!.GetUser();
        if (view is null) return BadCredentials;
        var session = await sessions.CreateAsync(view.Id, AuthMethod.Password, client.UserAgent, client.Address, cancellationToken: cancellationToken);
        LogSignedIn(view.Id);
        return new SignedIn(view, session);
    }

    /// <summary>
    /// Creates the admin named by ARENA_ADMIN_EMAIL / ARENA_ADMIN_PASSWORD (or the CLI's create-admin), or promotes that
    /// account if it exists. It runs where no silo may be serving (start-up before the silo joins, or the command line),
    /// so it writes through the user store and the same deciders as the grain, version-checked: an activation of that
    /// user holding an older version reloads at its next write.
    /// </summary>
    public async Task<Result<UserView>> EnsureAdminAsync(string email, string password, string? username, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        AccountRules.CheckEmail(email, errors);
        AccountRules.CheckPassword(password, errors);
        if (errors.Any) return errors.ToRejection();
        if (await users.FindIdByLoginAsync(email, cancellationToken) is { } id && await users.LoadAsync(id, cancellationToken) is { } existing)
        {
            var promoted = AccountChanges.SetRole(existing, UserRole.Admin).Value!;
            if (promoted.Write is { } write) await users.CommitAsync(existing.Account, write.Rows, cancellationToken);
            return promoted.Reply;
        }
        var account = new NewAccount(email, username ?? DefaultUsername(email), passwords.Hash(password), UserRole.Admin);
        var created = AccountChanges.Create(Guid.CreateVersion7(), account, wallet: null, clock.Now());
        if (!created.IsOk) return created.Rejection!;
        return await users.CreateAsync(created.Value!, cancellationToken) is { } refused ? refused : UserView.From(created.Value!.State);
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
