using Dapper;
using DgBot.Core.Storage;
using Microsoft.Data.Sqlite;

namespace DgBot.Core.Tests.Storage;

/// <summary>Channel dedupe keys in the state database: claimed once, across stores on the same file, until they expire.</summary>
public sealed class SqliteDedupeStoreTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"dgbot-dedupe-{Guid.NewGuid():N}.db");
    private readonly Clock _clock = new(DateTimeOffset.Parse("2026-12-08T09:00:00Z"));

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        DatabaseBuilder.DeleteDatabaseFiles(_path);
    }

    private SqliteDedupeStore NewStore() => new(new StateStore(_path), _clock);

    private long Rows()
    {
        using var c = new StateStore(_path).Open();
        return c.ExecuteScalar<long>("SELECT COUNT(*) FROM channel_dedupe");
    }

    [Fact]
    public void A_key_is_claimed_the_first_time_and_is_a_duplicate_after_that()
    {
        var store = NewStore();

        Assert.True(store.TryClaim("line", "01HZA", TimeSpan.FromHours(1)));
        Assert.False(store.TryClaim("line", "01HZA", TimeSpan.FromHours(1)));
        Assert.True(store.TryClaim("line", "01HZB", TimeSpan.FromHours(1)));
        Assert.True(store.TryClaim("teams", "01HZA", TimeSpan.FromHours(1))); // channels do not share keys
    }

    [Fact]
    public void A_key_claimed_before_a_restart_is_still_a_duplicate_for_a_new_store_on_the_same_file()
    {
        Assert.True(NewStore().TryClaim("line", "01HZ-restart", TimeSpan.FromHours(1)));
        SqliteConnection.ClearAllPools();

        Assert.False(NewStore().TryClaim("line", "01HZ-restart", TimeSpan.FromHours(1)));
    }

    [Fact]
    public void A_key_whose_claim_has_expired_can_be_claimed_again_even_before_the_purge()
    {
        var store = NewStore();
        Assert.True(store.TryClaim("line", "k", TimeSpan.FromMinutes(10)));

        _clock.Now += TimeSpan.FromMinutes(9);
        Assert.False(store.TryClaim("line", "k", TimeSpan.FromMinutes(10))); // this claim purged, a minute too early for k
        _clock.Now += TimeSpan.FromMinutes(1);

        // The next purge is minutes away and the expired row is still there: the claim itself sees that it has expired.
        Assert.Equal(1, Rows());
        Assert.True(store.TryClaim("line", "k", TimeSpan.FromMinutes(10)));
        Assert.False(NewStore().TryClaim("line", "k", TimeSpan.FromMinutes(10)));
    }

    [Fact]
    public void Expired_keys_are_purged_by_a_later_claim_and_live_ones_are_kept()
    {
        var store = NewStore();
        Assert.True(store.TryClaim("line", "short-1", TimeSpan.FromMinutes(1)));
        Assert.True(store.TryClaim("teams", "short-2", TimeSpan.FromMinutes(1)));
        Assert.True(store.TryClaim("line", "long", TimeSpan.FromHours(2)));
        Assert.Equal(3, Rows());

        _clock.Now += SqliteDedupeStore.PurgeEvery;
        Assert.True(store.TryClaim("line", "later", TimeSpan.FromHours(1)));

        Assert.Equal(2, Rows());
        Assert.False(store.TryClaim("line", "long", TimeSpan.FromHours(2)));
        Assert.False(store.TryClaim("line", "later", TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Purge_deletes_only_expired_keys_and_says_how_many()
    {
        var store = NewStore();
        store.TryClaim("line", "a", TimeSpan.FromMinutes(1));
        store.TryClaim("line", "b", TimeSpan.FromMinutes(1));
        store.TryClaim("line", "c", TimeSpan.FromMinutes(30));

        _clock.Now += TimeSpan.FromMinutes(2);

        Assert.Equal(2, store.Purge());
        Assert.Equal(1, Rows());
        Assert.Equal(0, store.Purge());
    }

    [Fact]
    public void A_released_key_can_be_claimed_again()
    {
        var store = NewStore();
        Assert.True(store.TryClaim("line", "full-queue", TimeSpan.FromHours(1)));

        store.Release("line", "full-queue");

        Assert.True(store.TryClaim("line", "full-queue", TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task Of_many_stores_racing_for_one_key_on_the_same_file_exactly_one_claims_it()
    {
        var stores = Enumerable.Range(0, 8).Select(_ => NewStore()).ToList();
        using var start = new Barrier(stores.Count);

        var results = await Task.WhenAll(stores.Select(store => Task.Run(() =>
        {
            start.SignalAndWait();
            return Enumerable.Range(0, 20).Select(i => store.TryClaim("line", "race-" + i, TimeSpan.FromHours(1))).ToList();
        })));

        for (var i = 0; i < 20; i++) Assert.Equal(1, results.Count(r => r[i]));
    }
}
