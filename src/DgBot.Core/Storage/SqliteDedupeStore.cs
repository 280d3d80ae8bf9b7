using Dapper;

namespace DgBot.Core.Storage;

/// <summary>
/// <see cref="IDedupeStore"/> on the SQLite state database (table channel_dedupe). One statement claims a key: an insert that,
/// on a conflict, takes the row over only when the earlier claim has expired. SQLite runs it under its write lock, so two
/// webhooks racing for the same key (two threads or two processes on the file) cannot both see "first".
/// </summary>
public sealed class SqliteDedupeStore(StateStore store, TimeProvider clock) : IDedupeStore
{
    /// <summary>
    /// How often a claim also deletes expired rows. The claim itself never needs the purge (an expired row is taken over), so
    /// this only bounds the table: at LINE's peak of a few thousand events a minute that is some tens of thousands of rows.
    /// </summary>
    public static readonly TimeSpan PurgeEvery = TimeSpan.FromMinutes(5);

    private long _nextPurgeTicks;

    public bool TryClaim(string channel, string key, TimeSpan lifetime)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (lifetime <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime, "A claim must last a while.");
        var now = clock.GetUtcNow();
        PurgeNowAndThen(now);
        using var c = store.Open();
        // Not a plain INSERT OR IGNORE: a row that has expired but not yet been purged must not make its key a duplicate, or the
        // answer would depend on when the purge last ran. PostgreSQL takes the same ON CONFLICT ... DO UPDATE ... WHERE.
        var changed = c.Execute("""
            INSERT INTO channel_dedupe (channel, event_key, seen_at, expires_at) VALUES (@channel, @key, @now, @expires)
            ON CONFLICT (channel, event_key) DO UPDATE SET seen_at = excluded.seen_at, expires_at = excluded.expires_at
            WHERE channel_dedupe.expires_at <= excluded.seen_at
            """, new { channel, key, now = StateStore.Timestamp(now), expires = StateStore.Timestamp(now + lifetime) });
        return changed == 1;
    }

    public void Release(string channel, string key)
    {
        using var c = store.Open();
        c.Execute("DELETE FROM channel_dedupe WHERE channel = @channel AND event_key = @key", new { channel, key });
    }

    public int Purge()
    {
        using var c = store.Open();
        return c.Execute("DELETE FROM channel_dedupe WHERE expires_at <= @now", new { now = StateStore.Timestamp(clock.GetUtcNow()) });
    }

    private void PurgeNowAndThen(DateTimeOffset now)
    {
        var due = Interlocked.Read(ref _nextPurgeTicks);
        if (now.UtcTicks < due) return;
        // One caller wins the turn; the others go on claiming instead of queueing behind a delete.
        if (Interlocked.CompareExchange(ref _nextPurgeTicks, (now + PurgeEvery).UtcTicks, due) != due) return;
        Purge();
    }
}
