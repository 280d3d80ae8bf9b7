using DgBot.Core.Alerts;
using DgBot.Core.Queries;
using DgBot.Core.Risk;
using DgBot.Core.Storage;
using Microsoft.Data.Sqlite;

namespace DgBot.Core.Tests.Alerts;

/// <summary>The diff against what a subscriber was last told, and the outbox that makes the same news one message.</summary>
public sealed class AlertPlannerTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"dgbot-alerts-{Guid.NewGuid():N}.db");
    private readonly StateStore _store;
    private readonly AlertOutbox _outbox;

    public AlertPlannerTests()
    {
        _store = new StateStore(_path);
        _outbox = new AlertOutbox(_store, TimeProvider.System);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        DatabaseBuilder.DeleteDatabaseFiles(_path);
    }

    private static readonly RiskModelInfo Model = new("FastTree", true, "2566->2567", 300, 0.1, 0.5, 0.4, 0.3, 0.5, 0.3, 0.8);

    private static ScoredUnit U(string id, double p, string? ministry = "กระทรวงมหาดไทย", string? region = null) =>
        new(new UnitRiskEstimate(new UnitRef(id, "หน่วย " + id, "department"), 2567, 2568, p, 2, 45.5, []), ministry, region);

    private static AlertRound Round(params ScoredUnit[] units) => new(2567, 2568, "model-a", Model, units);

    private static AlertSubscription Sub(string? ministry = null, string? region = null, double? min = null) =>
        new("teams:29:a", AlertChannels.Teams, "29:a", "a:1", null, null, null, ministry, region, min, true, null, "", "");

    private static IReadOnlyDictionary<string, ToldUnit> Told(params (string Id, double P)[] units) =>
        units.ToDictionary(u => u.Id, u => new ToldUnit(u.Id, u.P, 2567));

    [Fact]
    public void A_first_run_tells_every_unit_at_or_above_the_threshold_as_newly_flagged()
    {
        var d = AlertPlanner.Diff(Sub(), Round(U("D1", 0.8), U("D2", 0.5), U("D3", 0.49)), Told(), 0.5, 0.1)!;

        Assert.Equal(["D1", "D2"], d.Changes.Select(c => c.Estimate.Unit.Id));
        Assert.All(d.Changes, c => Assert.Equal(AlertChangeKinds.Flagged, c.Kind));
        Assert.Equal(["D1", "D2"], d.Told.Select(t => t.UnitId));
    }

    [Fact]
    public void Nothing_changed_since_the_last_alert_means_no_alert()
    {
        Assert.Null(AlertPlanner.Diff(Sub(), Round(U("D1", 0.85), U("D3", 0.2)), Told(("D1", 0.8)), 0.5, 0.1));
    }

    [Fact]
    public void A_unit_that_rose_by_the_step_is_risen_and_one_below_the_threshold_now_is_cleared()
    {
        var d = AlertPlanner.Diff(Sub(), Round(U("D1", 0.9), U("D2", 0.3), U("D4", 0.62)), Told(("D1", 0.8), ("D2", 0.7), ("D4", 0.6)), 0.5, 0.1)!;

        Assert.Equal([(AlertChangeKinds.Risen, "D1", 0.8), (AlertChangeKinds.Cleared, "D2", 0.7)],
            d.Changes.Select(c => (c.Kind, c.Estimate.Unit.Id, c.Previous!.Value)));
        // D4 grew a little: still told at the probability last sent, so slow creep adds up to a "risen" later.
        Assert.Equal([("D1", 0.9), ("D4", 0.6)], d.Told.Select(t => (t.UnitId, t.Probability)));
    }

    [Fact]
    public void The_scope_filters_by_ministry_region_and_the_subscribers_own_threshold()
    {
        var round = Round(U("D1", 0.9, "กระทรวงสาธารณสุข"), U("D2", 0.9), U("P1", 0.7, null, "ภาคเหนือ"), U("P2", 0.55, null, "ภาคเหนือ"));

        Assert.Equal(["D1"], AlertPlanner.Diff(Sub("กระทรวงสาธารณสุข"), round, Told(), 0.5, 0.1)!.Changes.Select(c => c.Estimate.Unit.Id));
        Assert.Equal(["P1"], AlertPlanner.Diff(Sub(region: "ภาคเหนือ", min: 0.6), round, Told(), 0.5, 0.1)!.Changes.Select(c => c.Estimate.Unit.Id));
    }

    [Fact]
    public void The_same_news_has_the_same_idempotency_key_and_other_news_another()
    {
        var a = AlertPlanner.Diff(Sub(), Round(U("D1", 0.8)), Told(), 0.5, 0.1)!;
        var again = AlertPlanner.Diff(Sub(), Round(U("D1", 0.8)), Told(), 0.5, 0.1)!;
        var other = AlertPlanner.Diff(Sub(), Round(U("D1", 0.81)), Told(), 0.5, 0.1)!;
        var otherModel = AlertPlanner.Diff(Sub(), Round(U("D1", 0.8)) with { ModelVersion = "model-b" }, Told(), 0.5, 0.1)!;

        Assert.Equal(a.IdempotencyKey, again.IdempotencyKey);
        Assert.NotEqual(a.IdempotencyKey, other.IdempotencyKey);
        Assert.NotEqual(a.IdempotencyKey, otherModel.IdempotencyKey);
        Assert.True(Guid.TryParse(AlertPlanner.RetryKey(a.IdempotencyKey), out _));
        Assert.Equal(AlertPlanner.RetryKey(a.IdempotencyKey), AlertPlanner.RetryKey(again.IdempotencyKey));
    }

    private OutboxEntry Entry(AlertDigest d) => new(d.IdempotencyKey, d.Subscription.Id, d.Subscription.Channel, d.Subscription.ConversationId,
        d.Round.Year, d.Round.ModelVersion, d.ContentHash, "summary", "{}", AlertPlanner.RetryKey(d.IdempotencyKey));

    [Fact]
    public void The_outbox_keeps_one_message_per_key_and_records_what_was_told_with_it()
    {
        var d = AlertPlanner.Diff(Sub(), Round(U("D1", 0.8), U("D2", 0.6)), Told(), 0.5, 0.1)!;

        Assert.True(_outbox.Enqueue(Entry(d), d.Told));
        Assert.False(_outbox.Enqueue(Entry(d), d.Told));

        Assert.Single(_outbox.List());
        Assert.Equal(["D1", "D2"], _outbox.LastTold("teams:29:a").Keys.Order());
        Assert.Null(AlertPlanner.Diff(Sub(), Round(U("D1", 0.8), U("D2", 0.6)), _outbox.LastTold("teams:29:a"), 0.5, 0.1));
    }

    [Fact]
    public void A_claimed_message_is_settled_only_by_its_lease_holder_and_a_dead_holders_lease_is_taken_over()
    {
        var d = AlertPlanner.Diff(Sub(), Round(U("D1", 0.8)), Told(), 0.5, 0.1)!;
        _outbox.Enqueue(Entry(d), d.Told);

        var first = _outbox.Claim("host/1/1", TimeSpan.FromMinutes(5), _ => true)!;
        Assert.Equal(1, first.Attempts);
        Assert.Null(_outbox.Claim("host/2/2", TimeSpan.FromMinutes(5), _ => true));   // held, holder alive
        var second = _outbox.Claim("host/2/2", TimeSpan.FromMinutes(5), owner => owner != "host/1/1")!;   // holder died
        Assert.Equal(2, second.Attempts);

        Assert.False(_outbox.MarkSent(first, 200, "x"));
        Assert.True(_outbox.MarkSent(second, 200, "y"));
        var row = Assert.Single(_outbox.List());
        Assert.Equal(OutboxStatus.Sent, row.Status);
        Assert.Equal("y", row.ChannelMessageId);
        Assert.Null(_outbox.Claim("host/3/3", TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void The_lease_owner_of_this_process_is_alive_and_one_of_an_exited_process_is_not()
    {
        Assert.True(LeaseOwner.IsAlive(LeaseOwner.Current));
        Assert.False(LeaseOwner.IsAlive($"{Environment.MachineName}/{int.MaxValue - 7}/0"));
        Assert.True(LeaseOwner.IsAlive("another-host/1/0"));
    }
}
