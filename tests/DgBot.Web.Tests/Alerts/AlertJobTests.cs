using System.Text.Json;
using DgBot.Core.Alerts;
using DgBot.Web.Alerts;

namespace DgBot.Web.Tests.Alerts;

/// <summary>The job against the demo database and the model the host trained: one message per subscriber with news, once.</summary>
[Collection("alerts")]
public sealed class AlertJobTests(AlertWorld world) : IDisposable
{
    public void Dispose() => world.StopAll();

    private static ChannelAddress TeamsUser() => new(AlertChannels.Teams, "29:" + Guid.NewGuid().ToString("N"), "a:" + Guid.NewGuid().ToString("N"), "tenant");
    private static ChannelAddress LineUser() { var u = "U" + Guid.NewGuid().ToString("N"); return new(AlertChannels.Line, u, u); }

    [Fact]
    public void Running_the_job_twice_for_the_same_round_queues_each_subscriber_one_message_and_the_second_run_nothing()
    {
        var teams = TeamsUser();
        var line = LineUser();
        world.Subscriptions.Subscribe(teams, new AlertScope(MinProbability: 0.2));
        world.Subscriptions.Subscribe(line, new AlertScope(MinProbability: 0.2));

        var first = world.Job.Run();
        var second = world.Job.Run();

        Assert.Equal(AlertRunResult.Ok, first.Status);
        Assert.Equal(2, first.Queued);
        Assert.Equal(0, second.Queued);
        Assert.Equal(2, second.Unchanged);
        var t = Assert.Single(world.OutboxFor(AlertSubscriptions.IdOf(teams.Channel, teams.UserId)));
        var l = Assert.Single(world.OutboxFor(AlertSubscriptions.IdOf(line.Channel, line.UserId)));
        Assert.All(new[] { t, l }, m =>
        {
            Assert.Equal(OutboxStatus.Pending, m.Status);
            Assert.Equal(first.Year, m.Round);
            Assert.Equal(first.ModelVersion, m.ModelVersion);
            Assert.Contains("เสี่ยงใหม่", m.Summary);
        });
        Assert.Equal(teams.ConversationId, t.Target);

        // Teams: an Adaptive Card with the news table and how to unsubscribe; LINE: a Flex bubble with the same, and a quick reply.
        var activity = JsonDocument.Parse(t.Payload).RootElement;
        Assert.Equal("message", activity.GetProperty("type").GetString());
        var card = activity.GetProperty("attachments")[0];
        Assert.Equal("application/vnd.microsoft.card.adaptive", card.GetProperty("contentType").GetString());
        Assert.Contains("แจ้งเตือนความเสี่ยงลดระดับ", card.GetProperty("content").GetRawText());
        Assert.Contains("เลิกรับแจ้งเตือน", card.GetProperty("content").GetRawText());
        Assert.Contains("เลิกรับแจ้งเตือน", activity.GetProperty("suggestedActions").GetRawText());
        var messages = JsonDocument.Parse(l.Payload).RootElement;
        Assert.Equal("flex", messages[0].GetProperty("type").GetString());
        Assert.Contains("เลิกรับแจ้งเตือน", messages[0].GetProperty("contents").GetRawText());
        Assert.Equal("เลิกรับแจ้งเตือน", messages[0].GetProperty("quickReply").GetProperty("items")[0].GetProperty("action").GetProperty("text").GetString());
        Assert.DoesNotContain("\\u0E", t.Payload + l.Payload);
    }

    [Fact]
    public void A_flag_that_changes_queues_an_update_with_only_the_change()
    {
        var teams = TeamsUser();
        var id = AlertSubscriptions.IdOf(teams.Channel, teams.UserId);
        world.Subscriptions.Subscribe(teams, new AlertScope(MinProbability: 0.2));
        var round = world.Job.CurrentRound()!;
        world.Job.Run(round);
        var top = round.Units[0];
        var told = world.Outbox.LastTold(id);
        Assert.True(told.ContainsKey(top.Estimate.Unit.Id));

        // The same round scored again with the top unit now well below the threshold.
        var changed = round with { Units = [top with { Estimate = top.Estimate with { Probability = 0.01 } }, .. round.Units.Skip(1)] };
        Assert.Equal(1, world.Job.Run(changed).Queued);
        Assert.Equal(0, world.Job.Run(changed).Queued);

        var messages = world.OutboxFor(id);
        Assert.Equal(2, messages.Count);
        Assert.NotEqual(messages[0].IdempotencyKey, messages[1].IdempotencyKey);
        Assert.Contains("พ้นเกณฑ์ 1 แห่ง", messages[1].Summary);
        Assert.Contains("เสี่ยงใหม่ 0 แห่ง", messages[1].Summary);
        Assert.Contains(top.Estimate.Unit.NameTh, messages[1].Payload);
        Assert.False(world.Outbox.LastTold(id).ContainsKey(top.Estimate.Unit.Id));
    }

    [Fact]
    public void A_subscriber_for_one_ministry_hears_only_about_that_ministrys_units()
    {
        var teams = TeamsUser();
        world.Subscriptions.Subscribe(teams, new AlertScope("กระทรวงสาธารณสุข", MinProbability: 0.0));
        var round = world.Job.CurrentRound()!;

        world.Job.Run(round);

        var told = world.Outbox.LastTold(AlertSubscriptions.IdOf(teams.Channel, teams.UserId));
        var expected = round.Units.Where(u => u.Ministry == "กระทรวงสาธารณสุข").Select(u => u.Estimate.Unit.Id).Order().ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, told.Keys.Order().ToList());
    }
}
