using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using DgBot.Core.Alerts;
using DgBot.Web.Tests.Line;
using DgBot.Web.Tests.Teams;

namespace DgBot.Web.Tests.Alerts;

/// <summary>
/// The sender against channels that fail on purpose: every message ends delivered exactly once (as the fake channel saw it)
/// or parked with its reason, and none is lost or sent twice.
/// </summary>
[Collection("alerts")]
public sealed class DeliveryTests(AlertWorld world) : FaultyChannelsTest(world)
{
    private OutboxMessage Only(IReadOnlyList<OutboxMessage> messages, ChannelAddress a) => Assert.Single(messages, m => m.SubscriptionId == Id(a));

    [Fact]
    public async Task Every_fault_ends_in_one_delivery_or_a_parked_message_with_its_reason()
    {
        var flaky = TeamsUser();            // 500, 500, then fine: quick retries
        var throttled = TeamsUser();        // 429 Retry-After 1 s, then fine
        var down = TeamsUser();             // 500 on every attempt: parked when attempts run out
        var blocked = TeamsUser();          // 403 MessageWritesBlocked: parked, subscription stopped
        var slow = TeamsUser();             // delivered, but no answer in time: in doubt, never resent
        var gone = TeamsUser();             // 404 ConversationNotFound: the 1:1 chat is created and used
        var refused = TeamsUser();          // 400: parked
        var lineFlaky = LineUser();         // 500 ×3: beyond the quick retries, rescheduled, then sent
        var lineSlow = LineUser();          // taken, but no answer in time: resent with the same retry key, 409, sent once
        var lineThrottled = LineUser();     // 429 Retry-After, then fine
        var lineRefused = LineUser();       // 400: parked
        Channels.Script(flaky.ConversationId, Fault.ServerError, Fault.ServerError);
        Channels.Script(throttled.ConversationId, Fault.TooManyRequests);
        Channels.Script(down.ConversationId, Enumerable.Repeat(Fault.ServerError, 20).ToArray());
        Channels.Script(blocked.ConversationId, Fault.Blocked);
        Channels.Script(slow.ConversationId, Fault.SlowAnswer);
        Channels.Script(gone.ConversationId, Fault.ConversationNotFound);
        Channels.Script(refused.ConversationId, Fault.BadRequest);
        Channels.Script(lineFlaky.UserId, Fault.ServerError, Fault.ServerError, Fault.ServerError);
        Channels.Script(lineSlow.UserId, Fault.SlowAnswer);
        Channels.Script(lineThrottled.UserId, Fault.TooManyRequests);
        Channels.Script(lineRefused.UserId, Fault.BadRequest);
        var everyone = new[] { flaky, throttled, down, blocked, slow, gone, refused, lineFlaky, lineSlow, lineThrottled, lineRefused };

        Assert.Equal(everyone.Length, World.Job.Run().Queued);
        var messages = await Courier.DeliverAsync(everyone.Select(Id).ToList());

        Assert.All(messages, m => Assert.Contains(m.Status, new[] { OutboxStatus.Sent, OutboxStatus.Parked }));
        foreach (var ok in new[] { flaky, throttled, lineFlaky, lineSlow, lineThrottled })
        {
            Assert.Equal(OutboxStatus.Sent, Only(messages, ok).Status);
            Assert.Single(Channels.DeliveredTo(ok.ConversationId));
        }
        Assert.Equal(3, Only(messages, flaky).Attempts);
        Assert.True(Only(messages, lineFlaky).Attempts >= 4, "three failures and a success");

        var exhausted = Only(messages, down);
        Assert.Equal(OutboxStatus.Parked, exhausted.Status);
        Assert.Contains("retries exhausted after 6 attempts", exhausted.ParkedReason);
        Assert.Equal(6, Channels.Calls.Count(c => c.Target == down.ConversationId));
        Assert.Empty(Channels.DeliveredTo(down.ConversationId));

        Assert.Contains("MessageWritesBlocked", Only(messages, blocked).ParkedReason);
        Assert.Empty(Channels.DeliveredTo(blocked.ConversationId));
        var stopped = World.Subscriptions.Get(Id(blocked))!;
        Assert.False(stopped.Active);
        Assert.Equal("blocked", stopped.StoppedReason);

        var doubtful = Only(messages, slow);
        Assert.Equal(OutboxStatus.Parked, doubtful.Status);
        Assert.StartsWith("in doubt", doubtful.ParkedReason);
        Assert.Single(Channels.DeliveredTo(slow.ConversationId));

        Assert.Equal(OutboxStatus.Sent, Only(messages, gone).Status);
        Assert.Empty(Channels.DeliveredTo(gone.ConversationId));
        Assert.Single(Channels.DeliveredTo("a:created-" + gone.UserId));
        Assert.Contains(gone.UserId, Channels.Created);

        Assert.Contains("refused by Teams: Teams 400", Only(messages, refused).ParkedReason);
        Assert.Contains("refused by LINE: LINE 400", Only(messages, lineRefused).ParkedReason);
        Assert.Empty(Channels.DeliveredTo(refused.ConversationId));
        Assert.Empty(Channels.DeliveredTo(lineRefused.UserId));

        // LINE saw the slow message twice under one retry key and delivered it once.
        var slowCalls = Channels.Calls.Where(c => c.Target == lineSlow.UserId).Select(c => c.Status).ToList();
        Assert.Equal(new[] { 200, 409 }, slowCalls);
        Assert.Equal(Only(messages, lineSlow).RetryKey, Assert.Single(Channels.DeliveredTo(lineSlow.UserId)).RetryKey);

        // Retry-After: 1 second was waited before the next try, on both channels.
        foreach (var target in new[] { throttled.ConversationId, lineThrottled.UserId })
        {
            var calls = Channels.Calls.Where(c => c.Target == target).OrderBy(c => c.At).ToList();
            Assert.Equal(429, calls[0].Status);
            Assert.True(calls[1].At - calls[0].At >= TimeSpan.FromMilliseconds(900), $"waited {(calls[1].At - calls[0].At).TotalMilliseconds} ms");
        }

        // The sent Teams card went to the user as a proactive message from the bot, with the Connector token.
        var card = Assert.Single(Channels.DeliveredTo(flaky.ConversationId)).Body;
        Assert.Equal(flaky.UserId, card.GetProperty("recipient").GetProperty("id").GetString());
        Assert.Equal("28:" + TeamsWorld.AppId, card.GetProperty("from").GetProperty("id").GetString());
        Assert.Equal("application/vnd.microsoft.card.adaptive", card.GetProperty("attachments")[0].GetProperty("contentType").GetString());
    }

    [Fact]
    public async Task A_channel_that_refuses_connections_gets_the_messages_once_it_is_back()
    {
        var teams = TeamsUser();
        var line = LineUser();
        var ids = new[] { Id(teams), Id(line) };
        Assert.Equal(2, World.Job.Run().Queued);
        await Channels.StopAsync();

        await Courier.Sender.DeliverDueAsync();

        var waiting = Courier.Mine(ids);
        Assert.All(waiting, m =>
        {
            Assert.Equal(OutboxStatus.Pending, m.Status);
            Assert.Null(m.LastStatus);
            // Three tries (one and two quick retries), all refused before anything could reach the channel.
            Assert.Equal(3, World.Outbox.Deliveries(m.Id).Count(d => d.Outcome == "transient"));
        });

        await Channels.StartAsync();
        var messages = await Courier.DeliverAsync(ids);

        Assert.All(messages, m => Assert.Equal(OutboxStatus.Sent, m.Status));
        Assert.Single(Channels.DeliveredTo(teams.ConversationId));
        Assert.Single(Channels.DeliveredTo(line.UserId));

        // The same round again: nothing new to tell, nothing sent.
        var again = World.Job.Run();
        Assert.Equal(0, again.Queued);
        await Courier.Sender.DeliverDueAsync();
        Assert.Single(Channels.DeliveredTo(teams.ConversationId));
        Assert.Single(Channels.DeliveredTo(line.UserId));
    }

    [Fact]
    public async Task A_changed_flag_is_delivered_as_an_update_after_the_first_alert()
    {
        var line = LineUser();
        var round = World.Job.CurrentRound()!;
        World.Job.Run(round);
        await Courier.DeliverAsync([Id(line)]);
        var top = round.Units[0];
        var changed = round with { Units = [top with { Estimate = top.Estimate with { Probability = 0.01 } }, .. round.Units.Skip(1)] };

        Assert.Equal(1, World.Job.Run(changed).Queued);
        Assert.Equal(0, World.Job.Run(changed).Queued);
        var messages = await Courier.DeliverAsync([Id(line)]);

        Assert.Equal(2, messages.Count);
        Assert.All(messages, m => Assert.Equal(OutboxStatus.Sent, m.Status));
        var delivered = Channels.DeliveredTo(line.UserId);
        Assert.Equal(2, delivered.Count);
        Assert.Contains(top.Estimate.Unit.NameTh, delivered[1].Body.GetRawText());
        Assert.NotEqual(delivered[0].RetryKey, delivered[1].RetryKey);
    }

    [Fact]
    public async Task A_message_for_someone_who_unsubscribed_before_delivery_is_parked_not_sent()
    {
        var line = LineUser();
        World.Job.Run();
        World.Subscriptions.Unsubscribe(line.Channel, line.UserId);

        var message = Assert.Single(await Courier.DeliverAsync([Id(line)]));

        Assert.Equal(OutboxStatus.Parked, message.Status);
        Assert.Contains("unsubscribed", message.ParkedReason);
        Assert.Empty(Channels.DeliveredTo(line.UserId));
    }

    [Fact]
    public async Task A_LINE_user_who_blocks_the_bot_stops_their_alerts_and_parks_what_waits()
    {
        var line = LineUser();
        World.Job.Run();
        var unfollow = LineWorld.Event("unfollow", LineWorld.Source(line.UserId), replyToken: null);

        var response = await LineWorld.PostAsync(World.Client, LineWorld.Batch(unfollow));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (World.Subscriptions.Get(Id(line))!.Active && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal("blocked", World.Subscriptions.Get(Id(line))!.StoppedReason);
        var message = Assert.Single(Courier.Mine([Id(line)]));
        Assert.Equal(OutboxStatus.Parked, message.Status);
        Assert.Contains("unfollow", message.ParkedReason);
    }

    [Fact]
    public async Task An_admin_can_requeue_a_parked_message_once_and_it_is_delivered_once()
    {
        var line = LineUser();
        var blocked = TeamsUser();
        Channels.Script(line.UserId, Fault.BadRequest);
        Channels.Script(blocked.ConversationId, Fault.Blocked);
        World.Job.Run();
        var parked = await Courier.DeliverAsync([Id(line), Id(blocked)]);
        var lineMessage = Only(parked, line);
        Assert.Equal(OutboxStatus.Parked, lineMessage.Status);

        async Task<HttpResponseMessage> Requeue(long id)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/admin/alerts/{id}/requeue");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AlertWorld.AdminKey);
            return await World.Client.SendAsync(request);
        }
        var first = await Requeue(lineMessage.Id);
        var again = await Requeue(lineMessage.Id);
        var toBlocked = await Requeue(Only(parked, blocked).Id);
        var anonymous = await World.Client.PostAsync($"/api/admin/alerts/{lineMessage.Id}/requeue", null);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Contains("พักไว้", await again.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, toBlocked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var delivered = Only(await Courier.DeliverAsync([Id(line)]), line);
        Assert.Equal(OutboxStatus.Sent, delivered.Status);
        Assert.Single(Channels.DeliveredTo(line.UserId));
        Assert.Contains(World.Outbox.Deliveries(lineMessage.Id), d => d.Outcome == "requeued");
        Assert.Empty(Channels.DeliveredTo(blocked.ConversationId));
    }

    [Fact]
    public async Task The_admin_view_needs_the_admin_key_and_lists_the_outbox()
    {
        var line = LineUser();
        World.Job.Run();
        await Courier.DeliverAsync([Id(line)]);

        var anonymous = await World.Client.GetAsync("/api/admin/alerts");
        var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/admin/alerts");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-key");
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/alerts?status=sent&limit=1000");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AlertWorld.AdminKey);
        var bad = new HttpRequestMessage(HttpMethod.Get, "/api/admin/alerts?status=lost");
        bad.Headers.TryAddWithoutValidation("X-Api-Key", AlertWorld.AdminKey);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await World.Client.SendAsync(wrong)).StatusCode);
        var badResponse = await World.Client.SendAsync(bad);
        Assert.Equal(HttpStatusCode.BadRequest, badResponse.StatusCode);
        Assert.Contains("status ต้องเป็น", await badResponse.Content.ReadAsStringAsync());
        var response = await World.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(body.GetProperty("counts").GetProperty("sent").GetInt32() >= 1);
        var mine = body.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("subscription").GetString() == Id(line));
        Assert.Equal("sent", mine.GetProperty("status").GetString());
        Assert.DoesNotContain("payload", mine.GetRawText());
    }
}
