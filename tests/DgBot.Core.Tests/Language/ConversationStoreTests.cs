using DgBot.Core.Language;
using DgBot.Core.Queries;
using DgBot.Core.Storage;
using Microsoft.Data.Sqlite;

namespace DgBot.Core.Tests.Language;

/// <summary>Conversation state lives in the state database, survives a new store on the same file, and expires.</summary>
public sealed class ConversationStoreTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"dgbot-state-{Guid.NewGuid():N}.db");

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

    private static ConversationState Sample() => new()
    {
        Function = "compare_units",
        LastIntent = "compare_units",
        Arguments = new Dictionary<string, object?> { ["units"] = new[] { "TH-50", "TH-51" }, ["sub_indicator"] = "6.2", ["year"] = 2566, ["min_probability"] = 0.6 },
        Focus = new UnitRef("TH-50", "เชียงใหม่", "province"),
        MyUnit = new UnitRef("D116", "กรมที่ดิน", "department"),
        Recent = [new UnitRef("TH-51", "ลำพูน", "province"), new UnitRef("TH-50", "เชียงใหม่", "province")],
        PendingQuestion = "กพร. อันดับเท่าไร",
        PendingSubject = "กพร",
        PendingCandidates = [new UnitRef("D132", "กรมพัฒนาฝีมือแรงงาน", "department")],
        Subscription = new Dictionary<string, object?> { ["ministry"] = "กระทรวงการคลัง", ["min_probability"] = 0.6 },
    };

    [Fact]
    public void State_written_by_one_store_is_read_back_by_another_on_the_same_file()
    {
        var clock = new Clock(DateTimeOffset.Parse("2026-11-25T10:00:00Z"));
        new ConversationStore(new StateStore(_path), TimeSpan.FromHours(12), clock).Save("c1", Sample());

        var read = new ConversationStore(new StateStore(_path), TimeSpan.FromHours(12), clock).Load("c1");

        var expected = Sample();
        Assert.Equal(expected.Function, read.Function);
        Assert.Equal(expected.LastIntent, read.LastIntent);
        Assert.Equal(["TH-50", "TH-51"], (string[])read.Arguments["units"]!);
        Assert.Equal("6.2", read.Arguments["sub_indicator"]);
        Assert.Equal(2566, read.Arguments["year"]);
        Assert.Equal(0.6, read.Arguments["min_probability"]);
        Assert.Equal(expected.Focus, read.Focus);
        Assert.Equal(expected.MyUnit, read.MyUnit);
        Assert.Equal(expected.Recent, read.Recent);
        Assert.Equal(expected.PendingQuestion, read.PendingQuestion);
        Assert.Equal(expected.PendingSubject, read.PendingSubject);
        Assert.Equal(expected.PendingCandidates, read.PendingCandidates);
        Assert.Equal("กระทรวงการคลัง", read.Subscription!["ministry"]);
        Assert.Equal(0.6, read.Subscription["min_probability"]);
    }

    [Fact]
    public void A_conversation_silent_longer_than_the_expiry_starts_fresh_and_is_purged()
    {
        var clock = new Clock(DateTimeOffset.Parse("2026-11-25T10:00:00Z"));
        var store = new ConversationStore(new StateStore(_path), TimeSpan.FromHours(12), clock);
        store.Save("old", Sample());
        clock.Now = clock.Now.AddHours(11);
        store.Save("recent", Sample());

        clock.Now = clock.Now.AddHours(2);   // "old" is 13 h silent, "recent" 2 h

        Assert.Null(store.Load("old").Function);
        Assert.Equal("compare_units", store.Load("recent").Function);
        Assert.Equal(1, store.Purge());
        Assert.Equal("compare_units", store.Load("recent").Function);
    }

    [Fact]
    public void An_unknown_or_damaged_conversation_starts_fresh()
    {
        var state = new StateStore(_path);
        var store = new ConversationStore(state, TimeSpan.FromHours(12));
        Assert.Same(ConversationState.Empty, store.Load("never-seen"));
        using (var c = state.Open())
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = "INSERT INTO conversation (id, state, updated_at) VALUES ('broken', '{not json', @now)";
            cmd.Parameters.AddWithValue("@now", DateTimeOffset.UtcNow.ToString("O"));
            cmd.ExecuteNonQuery();
        }
        Assert.Same(ConversationState.Empty, store.Load("broken"));
    }
}
