using Arena.Grains.Users;

namespace Arena.Grains.Auth;

/// <summary>
/// Who is asking: its address and user agent are stored with its sessions; <paramref name="Network"/> (the address, or an
/// IPv6 client's /64) is whom sign-in failures are counted against, so one subscriber cannot rotate through its own /64.
/// </summary>
public sealed record ClientInfo(string? Address, string? UserAgent, string? Network = null);

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
    PasswordHashingSlots hashingSlots,
    TimeProvider clock,
    ILogger<AccountService> logger)
{
    // One message for unknown login and wrong password, so the answer does not reveal which accounts exist.
    private static readonly Rejection BadCredentials = Rejection.Unauthorized("Invalid login or password.");

    // One answer whether the email, the username or both are taken, naming both fields: an anonymous caller learns only
    // that this pair cannot be registered, at the registration rate limit and one password hash per try.
    private static readonly Rejection Taken = Rejection.Conflict("This email or username cannot be used. If you have an account, sign in; otherwise choose another username.")
        with { Errors = new Dictionary<string, string[]> { ["email"] = ["Cannot be used with this username."], ["username"] = ["Cannot be used with this email."] } };

    public async Task<Result<SignedIn>> RegisterAsync(string? email, string? username, string? password, ClientInfo client, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        AccountRules.CheckRegistration(email, username, password, errors);
        if (errors.Any) return errors.ToRejection();

        // Hashed before the uniqueness check, so a taken email costs the caller the same time as a free one.
        var hash = await hashingSlots.RunAsync(() => passwords.Hash(password!), cancellationToken);
        if (!hash.IsOk) return hash.Rejection!;
        var id = Guid.CreateVersion7();
        var created = await grains.GetGrain<IUserGrain>(id).Register(new NewAccount(email, username!, hash.Value!));
        if (!created.IsOk) return created.Rejection!.Kind == RejectionKind.Conflict ? Taken : created.Rejection!;
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
        var addressKey = LoginThrottle.AddressKey(client.Network ?? client.Address);
        if (await throttle.BlockedForAsync(accountKey, addressKey, cancellationToken) is { } wait)
        {
            LogThrottled(client.Address);
            return Rejection.TooManyRequests("Too many failed sign-ins; try again later.", wait);
        }

        // Hashing runs here, outside the user's grain: a slow PBKDF2 never holds up that user's other calls, and the
        // password never travels in a grain message.
        var user = id is { } known ? grains.GetGrain<IUserGrain>(known) : null;
        var hash = user is null ? null : await user.GetPasswordHash();
        var check = await hashingSlots.RunAsync(() => passwords.Check(password, hash), cancellationToken);
        if (!check.IsOk) return check.Rejection!;
        if (!check.Value!.Matches)
        {
            await throttle.RecordFailureAsync(accountKey, addressKey, cancellationToken);
            LogFailed(client.Address);
            return BadCredentials;
        }

        await throttle.ResetAsync(accountKey, addressKey, cancellationToken);
        if (check.Value.Rehashed is { } rehashed) await user!.ReplacePasswordHash(hash!, rehashed);
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
        AccountRules.CheckPassword(password, errors, context: [email, username]);
        if (errors.Any) return errors.ToRejection();
        if (await users.FindIdByLoginAsync(email, cancellationToken) is { } id && await users.LoadAsync(id, cancellationToken) is { } existing)
        {
            var promoted = AccountChanges.SetRole(existing, UserRole.Admin).Value!;
            if (promoted.Write is { } write) await users.CommitAsync(existing.Account, write.Rows, cancellationToken);
            return promoted.Reply;
        }
        var hash = await hashingSlots.RunAsync(() => passwords.Hash(password), cancellationToken);
        if (!hash.IsOk) return hash.Rejection!;
        var account = new NewAccount(email, username ?? DefaultUsername(email), hash.Value!, UserRole.Admin);
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
