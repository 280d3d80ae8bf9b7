using System.Net;
using System.Net.Sockets;
using DgBot.Core.Access;
using Microsoft.Extensions.Options;

namespace DgBot.Web.Access;

/// <summary>
/// Stops guessing of what a user types to get in (DESIGN §9): web passwords, counted per login name and per client address,
/// and registration codes, counted per chat user and across everyone. The counts and locks live in the state database
/// (<see cref="AttemptLedger"/>); this class only knows which counts apply and how high they go (Access:* settings).
/// </summary>
public sealed class AttemptLimiter(AttemptLedger ledger, Roster roster, IOptions<AccessOptions> options)
{
    public const string Login = "login", Registration = "registration";
    public const string Account = "account", Source = "source", User = "user", Everyone = "everyone";

    public AttemptLedger Ledger => ledger;

    /// <summary>
    /// Begins a web sign-in, keyed by the name as typed (whether or not the roster has it) and, unless the source is exempt
    /// (null), the client address. A refused attempt must get its answer without the password being checked.
    /// </summary>
    public Attempt BeginLogin(string name, string? source)
    {
        var o = options.Value;
        var window = TimeSpan.FromMinutes(o.LockoutMinutes);
        List<AttemptRule> rules = [new(Account, name, o.LoginFailuresPerAccount, window, window)];
        if (source is not null) rules.Add(new(Source, source, o.LoginFailuresPerSource, window, window));
        return ledger.Begin(Login, rules);
    }

    /// <summary>A wrong password: returns the rules it locked (account, source), for the log.</summary>
    public IReadOnlyList<AttemptRule> LoginFailed(Attempt attempt) => ledger.Failed(attempt);

    /// <summary>The right password: the account starts again from no failures; the address keeps its count (one good login
    /// of the guesser's own must not wash out their guesses at other names).</summary>
    public void LoginSucceeded(Attempt attempt) => ledger.Succeeded(attempt, Account);

    /// <summary>
    /// Redeems a code unless this user or everyone together has typed too many wrong ones lately; then the code is not looked
    /// up at all, so a refused attempt neither spends a real code nor tells anything about it.
    /// </summary>
    public RedeemResult Redeem(string code, string channel, string userId)
    {
        var o = options.Value;
        var window = TimeSpan.FromMinutes(o.LockoutMinutes);
        var attempt = ledger.Begin(Registration,
        [
            new(User, UserKey(channel, userId), o.CodeFailuresPerUser, window, window),
            new(Everyone, "*", o.CodeFailuresPerMinute, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)),
        ]);
        if (attempt.RetryAfter is { } wait) return new RedeemResult(RedeemStatus.Limited, null) { RetryAfter = wait };
        var result = roster.Redeem(code, channel, userId);
        if (result.Status == RedeemStatus.Registered) ledger.Succeeded(attempt, User);
        else ledger.Failed(attempt);
        return result;
    }

    /// <summary>An admin lifts a user's lock: a web login's sign-in lock, and any user's registration-code lock.</summary>
    public UnlockResult Unlock(string channel, string userId)
    {
        var registration = ledger.Unlock(Registration, User, UserKey(channel, userId));
        if (channel != RosterChannels.Web) return registration;
        var login = ledger.Unlock(Login, Account, userId);
        return new UnlockResult(login.WasLocked || registration.WasLocked, login.FailuresCleared + registration.FailuresCleared);
    }

    /// <summary>When this user's lock ends (sign-in for a web login, registration codes otherwise), or null.</summary>
    public DateTimeOffset? LockedUntil(string channel, string userId) =>
        channel == RosterChannels.Web ? ledger.LockedUntil(Login, Account, userId) : ledger.LockedUntil(Registration, User, UserKey(channel, userId));

    /// <summary>
    /// The key a client address counts under, or null when it is not counted. Loopback is not counted unless
    /// <paramref name="countLoopback"/> (RateLimits:LimitLoopback, as for the per-IP rate): behind a local reverse proxy every
    /// client would share 127.0.0.1, and twenty wrong passwords from anyone would shut every user out. An IPv6 client is
    /// counted by its /64, which one subscriber usually holds whole.
    /// </summary>
    public static string? SourceKey(IPAddress? address, bool countLoopback)
    {
        if (address is null) return null;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) && !countLoopback) return null;
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private static string UserKey(string channel, string userId) => channel + ":" + userId;
}
