using Dapper;
using DgBot.Core.Alerts;
using DgBot.Core.Storage;
using Microsoft.Data.Sqlite;

namespace DgBot.Core.Tests.Alerts;

/// <summary>Subscriptions live in the state database, one per (channel, user); a new scope forgets what was told.</summary>
public sealed class AlertSubscriptionsTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"dgbot-alerts-{Guid.NewGuid():N}.db");
    private readonly StateStore _store;
    private readonly AlertSubscriptions _subscriptions;

    public AlertSubscriptionsTests()
    {
        _store = new StateStore(_path);
        _subscriptions = new AlertSubscriptions(_store, TimeProvider.System);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        DatabaseBuilder.DeleteDatabaseFiles(_path);
    }

    private static readonly ChannelAddress Somchai = new(AlertChannels.Teams, "29:somchai", "a:conv-1", "tenant-1", "aad-somchai", "สมชาย");

    [Fact]
    public void Subscribing_stores_the_chat_and_scope_and_subscribing_again_with_the_same_scope_changes_nothing()
    {
        Assert.Equal(SubscribeOutcome.Created, _subscriptions.Subscribe(Somchai, new AlertScope("กระทรวงสาธารณสุข", null, 0.6)));
        Assert.Equal(SubscribeOutcome.Unchanged, _subscriptions.Subscribe(Somchai, new AlertScope("กระทรวงสาธารณสุข", null, 0.6)));

        var s = Assert.Single(_subscriptions.Active());
        Assert.Equal("teams:29:somchai", s.Id);
        Assert.Equal("a:conv-1", s.ConversationId);
        Assert.Equal("tenant-1", s.TenantId);
        Assert.Equal("aad-somchai", s.AadObjectId);
        Assert.Equal(new AlertScope("กระทรวงสาธารณสุข", null, 0.6), s.Scope);
        Assert.True(s.Active);
    }

    [Fact]
    public void A_new_scope_updates_the_subscription_and_forgets_what_the_subscriber_was_told()
    {
        _subscriptions.Subscribe(Somchai, new AlertScope());
        using (var c = _store.Open())
            c.Execute("INSERT INTO alert_state (subscription_id, unit_id, probability, year, told_at) VALUES ('teams:29:somchai', 'D001', 0.7, 2567, 'x')");

        Assert.Equal(SubscribeOutcome.Updated, _subscriptions.Subscribe(Somchai with { ConversationId = "a:conv-2" }, new AlertScope(null, "ภาคเหนือ")));

        var s = _subscriptions.Find(AlertChannels.Teams, "29:somchai")!;
        Assert.Equal("ภาคเหนือ", s.Region);
        Assert.Null(s.Ministry);
        Assert.Equal("a:conv-2", s.ConversationId);
        using var check = _store.Open();
        Assert.Equal(0L, check.ExecuteScalar<long>("SELECT COUNT(*) FROM alert_state"));
    }

    [Fact]
    public void Unsubscribing_stops_the_subscription_once_and_resubscribing_starts_it_again()
    {
        _subscriptions.Subscribe(Somchai, new AlertScope());

        Assert.True(_subscriptions.Unsubscribe(AlertChannels.Teams, "29:somchai"));
        Assert.False(_subscriptions.Unsubscribe(AlertChannels.Teams, "29:somchai"));
        Assert.Empty(_subscriptions.Active());
        Assert.Equal("unsubscribed", _subscriptions.Find(AlertChannels.Teams, "29:somchai")!.StoppedReason);

        Assert.Equal(SubscribeOutcome.Updated, _subscriptions.Subscribe(Somchai, new AlertScope()));
        Assert.Single(_subscriptions.Active());
    }

    [Fact]
    public void The_same_user_id_on_another_channel_is_another_subscription()
    {
        _subscriptions.Subscribe(Somchai, new AlertScope());
        _subscriptions.Subscribe(new ChannelAddress(AlertChannels.Line, "29:somchai", "29:somchai"), new AlertScope());

        Assert.Equal(2, _subscriptions.Active().Count);
    }
}
