using System.Globalization;
using Dapper;
using DgBot.Core.Storage;
using Microsoft.Data.Sqlite;

namespace DgBot.Core.Access;

/// <summary>
/// One count an attempt falls under: at most <see cref="Limit"/> failures for <see cref="Key"/> within <see cref="Window"/>; the
/// failure that reaches the limit locks the key for <see cref="LockFor"/>, when every attempt is refused unheard.
/// </summary>
/// <param name="Scope">What the key names, e.g. "account" or "source"; unlocking and clearing go by scope.</param>
public sealed record AttemptRule(string Scope, string Key, int Limit, TimeSpan Window, TimeSpan LockFor);

/// <summary>
/// An attempt as begun: either refused (<see cref="RetryAfter"/> says for how long) or allowed and already counted as a failure
/// under each rule (<see cref="Ids"/>) until <see cref="AttemptLedger.Succeeded"/> says otherwise.
/// </summary>
public sealed record Attempt(string Kind, IReadOnlyList<AttemptRule> Rules, IReadOnlyList<long> Ids, TimeSpan? RetryAfter)
{
    public bool Refused => RetryAfter is not null;
}

/// <param name="WasLocked">Whether a lock in force was lifted.</param>
/// <param name="FailuresCleared">How many counted failures stopped counting.</param>
public sealed record UnlockResult(bool WasLocked, int FailuresCleared);

/// <summary>
/// Failed attempts at something guessable (a web password, a registration code) and the locks they lead to, in the state
/// database (tables access_failure and access_lock), so a restart or a second instance forgives nothing.
/// An attempt is counted as a failure when it begins and uncounted only when it succeeds: checking a password takes PBKDF2's
/// time, and a count made only after the check would let a hundred guesses sent at once all pass a count of zero.
/// </summary>
public sealed class AttemptLedger(StateStore store, TimeProvider clock)
{
    /// <summary>
    /// How long failure rows are kept after they stop mattering: long enough to look back at an incident, short enough that
    /// made-up login names sent by a flood do not grow the table for ever.
    /// </summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    /// <summary>Refused if any rule's key is locked or already at its limit (with attempts still in flight); else counted under every rule.</summary>
    public Attempt Begin(string kind, IReadOnlyList<AttemptRule> rules)
    {
        var now = Now();
        using var c = store.Open();
        // BEGIN IMMEDIATE (Microsoft.Data.Sqlite's default): checks and inserts of concurrent attempts, even from another
        // process on the same file, follow one another, so no two of them see the same count.
        using var tx = c.BeginTransaction();
        TimeSpan? wait = null;
        foreach (var rule in rules)
            if (WaitFor(c, tx, kind, rule, now) is { } w && (wait is null || w > wait)) wait = w;
        if (wait is not null) return new Attempt(kind, rules, [], wait);
        var ids = rules.Select(rule => c.ExecuteScalar<long>(
            "INSERT INTO access_failure (kind, scope, key, at) VALUES (@kind, @Scope, @Key, @at) RETURNING id",
            new { kind, rule.Scope, rule.Key, at = Stamp(now) }, tx)).ToList();
        tx.Commit();
        return new Attempt(kind, rules, ids, null);
    }

    /// <summary>The attempt failed: it stays counted, and every rule it brought to its limit locks its key. Returns those rules.</summary>
    public IReadOnlyList<AttemptRule> Failed(Attempt attempt)
    {
        if (attempt.Refused) throw new InvalidOperationException("a refused attempt was never counted");
        var now = Now();
        using var c = store.Open();
        using var tx = c.BeginTransaction();
        List<AttemptRule> locked = [];
        foreach (var rule in attempt.Rules)
        {
            if (Counted(c, tx, attempt.Kind, rule, now).Count < rule.Limit) continue;
            c.Execute("""
                INSERT INTO access_lock (kind, scope, key, locked_at, locked_until) VALUES (@kind, @Scope, @Key, @now, @until)
                ON CONFLICT (kind, scope, key) DO UPDATE SET locked_at = excluded.locked_at, locked_until = excluded.locked_until
                """, new { kind = attempt.Kind, rule.Scope, rule.Key, now = Stamp(now), until = Stamp(now + rule.LockFor) }, tx);
            // The lock is the penalty for these failures; once it ends, the key starts again from nothing.
            Clear(c, tx, attempt.Kind, rule.Scope, rule.Key, now, "lock");
            locked.Add(rule);
        }
        var cutoff = Stamp(now - Retention);
        c.Execute("DELETE FROM access_failure WHERE at < @cutoff", new { cutoff }, tx);
        c.Execute("DELETE FROM access_lock WHERE locked_until < @cutoff", new { cutoff }, tx);
        tx.Commit();
        return locked;
    }

    /// <summary>The attempt succeeded: it is no failure, and the earlier failures of the rules in <paramref name="clearScopes"/> stop counting.</summary>
    public void Succeeded(Attempt attempt, params string[] clearScopes)
    {
        if (attempt.Refused) throw new InvalidOperationException("a refused attempt cannot succeed");
        var now = Now();
        using var c = store.Open();
        using var tx = c.BeginTransaction();
        c.Execute("DELETE FROM access_failure WHERE id IN @Ids", new { attempt.Ids }, tx);
        foreach (var rule in attempt.Rules.Where(r => clearScopes.Contains(r.Scope)))
            Clear(c, tx, attempt.Kind, rule.Scope, rule.Key, now, "success");
        tx.Commit();
    }

    /// <summary>An admin's word: the key's lock ends now and its failures so far stop counting.</summary>
    public UnlockResult Unlock(string kind, string scope, string key)
    {
        var now = Now();
        using var c = store.Open();
        using var tx = c.BeginTransaction();
        var wasLocked = c.Execute("DELETE FROM access_lock WHERE kind = @kind AND scope = @scope AND key = @key AND locked_until > @now",
            new { kind, scope, key, now = Stamp(now) }, tx) > 0;
        c.Execute("DELETE FROM access_lock WHERE kind = @kind AND scope = @scope AND key = @key", new { kind, scope, key }, tx);
        var cleared = Clear(c, tx, kind, scope, key, now, "admin");
        tx.Commit();
        return new UnlockResult(wasLocked, cleared);
    }

    /// <summary>When the key's lock ends, or null when it has none in force.</summary>
    public DateTimeOffset? LockedUntil(string kind, string scope, string key)
    {
        using var c = store.Open();
        var until = c.ExecuteScalar<string?>("SELECT locked_until FROM access_lock WHERE kind = @kind AND scope = @scope AND key = @key AND locked_until > @now",
            new { kind, scope, key, now = Stamp(Now()) });
        return until is null ? null : Parse(until);
    }

    private static TimeSpan? WaitFor(SqliteConnection c, SqliteTransaction tx, string kind, AttemptRule rule, DateTimeOffset now)
    {
        var until = c.ExecuteScalar<string?>("SELECT locked_until FROM access_lock WHERE kind = @kind AND scope = @Scope AND key = @Key AND locked_until > @now",
            new { kind, rule.Scope, rule.Key, now = Stamp(now) }, tx);
        if (until is not null) return Parse(until) - now;
        // No lock, yet the limit is reached: attempts begun and not yet decided fill it. Wait until the oldest leaves the window.
        var (count, oldest) = Counted(c, tx, kind, rule, now);
        return count >= rule.Limit && oldest is not null ? Max(Parse(oldest) + rule.Window - now, TimeSpan.FromSeconds(1)) : null;
    }

    private static (long Count, string? Oldest) Counted(SqliteConnection c, SqliteTransaction tx, string kind, AttemptRule rule, DateTimeOffset now) =>
        c.QuerySingle<(long, string?)>("""
            SELECT COUNT(*), MIN(at) FROM access_failure
            WHERE kind = @kind AND scope = @Scope AND key = @Key AND cleared_at IS NULL AND at > @since AND at <= @now
            """, new { kind, rule.Scope, rule.Key, since = Stamp(now - rule.Window), now = Stamp(now) }, tx);

    private static int Clear(SqliteConnection c, SqliteTransaction tx, string kind, string scope, string key, DateTimeOffset now, string by) =>
        c.Execute("""
            UPDATE access_failure SET cleared_at = @now, cleared_by = @by
            WHERE kind = @kind AND scope = @scope AND key = @key AND cleared_at IS NULL
            """, new { kind, scope, key, now = Stamp(now), by }, tx);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>Truncated to the stamp's milliseconds, so that what is compared in SQL and what is subtracted here agree.</summary>
    private DateTimeOffset Now() => Parse(Stamp(clock.GetUtcNow()));

    private static string Stamp(DateTimeOffset at) => StateStore.Timestamp(at);

    private static DateTimeOffset Parse(string stamp) =>
        DateTimeOffset.ParseExact(stamp, "yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
