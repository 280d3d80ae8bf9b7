using System.Net;
using Dapper;
using DgBot.Core.Storage;
using DgBot.Web.Channels.Line;
using Microsoft.Extensions.Logging;

namespace DgBot.Web.Tests.Line;

/// <summary>
/// Signed LINE bodies that come again: after a restart (the dedupe keys live in the state database), long after the event
/// (its timestamp is bounded), from the future, and as LINE's own redelivery.
/// </summary>
[Collection("line")]
public sealed class LineReplayTests(LineWorld world)
{
    private const string Question = "อัตราการตอบกลับเท่าไร";
    private FakeLine Fake => world.Fake;

    /// <summary>A later message in the same chat answered by <paramref name="client"/>: its worker is done with earlier events.</summary>
    private async Task Barrier(HttpClient client, string user)
    {
        var token = LineWorld.NewId("barrier");
        Assert.Equal(HttpStatusCode.OK, (await LineWorld.PostAsync(client, LineWorld.Batch(LineWorld.Text(user, Question, token)))).StatusCode);
        await Fake.WaitForAsync(token, 1, c => c.IsReply && c.Accepted);
    }

    [Fact]
    public async Task The_same_signed_body_posted_again_after_the_host_restarts_on_the_same_state_database_is_answered_once()
    {
        var (user, token) = (LineWorld.NewUser(), LineWorld.NewId("rt"));
        var body = LineWorld.Batch(LineWorld.Text(user, "กรมที่ดินอยู่ระดับไหน", token));
        var signature = LineWorld.Sign(body);

        await using (var before = new LineFactory(world, new() { ["Line:ChannelSecret"] = LineWorld.Secret }))
        {
            using var client = before.Start();
            Assert.Equal(HttpStatusCode.OK, (await LineWorld.PostAsync(client, body, signature)).StatusCode);
            await Fake.WaitForAsync(token, 1, c => c.IsReply && c.Accepted);
        }

        await using var after = new LineFactory(world, new() { ["Line:ChannelSecret"] = LineWorld.Secret });
        using var again = after.Start();
        Assert.Equal(HttpStatusCode.OK, (await LineWorld.PostAsync(again, body, signature)).StatusCode);
        await Barrier(again, user);

        Assert.Single(Fake.For(token), c => c.IsReply);
        Assert.Contains(after.Logs.Lines, l => l.Message.Contains("was already received"));
        Assert.Equal(2, Fake.For(user).Count(c => c.IsLoading)); // the first answer and the barrier's, nothing for the replay
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_event_older_than_the_bound_gets_200_no_answer_and_a_warning_redelivered_or_not(bool redelivery)
    {
        var (user, token, id) = (LineWorld.NewUser(), LineWorld.NewId("rt"), LineWorld.NewId("01OLD"));
        var old = LineWorld.Text(user, Question, token, id, redelivery, at: DateTimeOffset.UtcNow.AddMinutes(-61));

        var response = await world.PostAsync(LineWorld.Batch(old));

        // LINE gets its 200: a redelivery would be refused again.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Barrier(world.Client, user);
        Assert.Empty(Fake.For(token));
        Assert.Single(Fake.For(user), c => c.IsLoading); // the barrier's
        Assert.Contains(world.Bot.Logs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains(id) && l.Message.Contains("Line:MaxEventAgeMinutes"));
        // A refused event is not remembered: nothing about it reached the dedupe store.
        using var state = Database.Open(StateStore.DefaultPathFor(world.Db.Path), readOnly: true);
        Assert.Equal(0, state.ExecuteScalar<long>("SELECT COUNT(*) FROM channel_dedupe WHERE channel = 'line' AND event_key = @id", new { id }));
    }

    [Fact]
    public async Task An_event_dated_beyond_the_clock_skew_in_the_future_is_not_answered_and_one_within_it_is()
    {
        var (user, ahead, within) = (LineWorld.NewUser(), LineWorld.NewId("rt"), LineWorld.NewId("rt"));

        await world.PostAsync(LineWorld.Batch(LineWorld.Text(user, Question, ahead, at: DateTimeOffset.UtcNow.AddMinutes(30))));
        await world.PostAsync(LineWorld.Batch(LineWorld.Text(user, Question, within, at: DateTimeOffset.UtcNow.AddMinutes(2))));

        await Fake.WaitForAsync(within, 1, c => c.IsReply && c.Accepted);
        await Barrier(world.Client, user);
        Assert.Empty(Fake.For(ahead));
        Assert.Contains(world.Bot.Logs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("ahead of this host's clock"));
    }

    [Fact]
    public async Task A_redelivered_event_within_the_bound_is_answered_once()
    {
        var (user, token, id) = (LineWorld.NewUser(), LineWorld.NewId("rt"), LineWorld.NewId("01RE"));
        var redelivered = LineWorld.Batch(LineWorld.Text(user, Question, token, id, redelivery: true, at: DateTimeOffset.UtcNow.AddMinutes(-30)));

        Assert.Equal(HttpStatusCode.OK, (await world.PostAsync(redelivered)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await world.PostAsync(redelivered)).StatusCode);

        await Fake.WaitForAsync(token, 1, c => c.IsReply && c.Accepted);
        await Barrier(world.Client, user);
        Assert.Single(Fake.For(token), c => c.IsReply);
    }

    [Fact]
    public async Task An_event_without_a_timestamp_is_not_answered()
    {
        var (user, token) = (LineWorld.NewUser(), LineWorld.NewId("rt"));
        var e = LineWorld.Text(user, Question, token);
        e.Remove("timestamp");

        Assert.Equal(HttpStatusCode.OK, (await world.PostAsync(LineWorld.Batch(e))).StatusCode);

        await Barrier(world.Client, user);
        Assert.Empty(Fake.For(token));
    }

    [Fact]
    public void The_window_refuses_past_the_bound_and_past_the_skew_and_keys_outlive_every_copy_it_would_accept()
    {
        var now = DateTimeOffset.Parse("2026-12-08T09:00:00Z");
        var bound = TimeSpan.FromMinutes(60);

        Assert.Equal(LineEventAge.Fresh, LineEventWindow.Judge(now - bound, now, bound));
        Assert.Equal(LineEventAge.TooOld, LineEventWindow.Judge(now - bound - TimeSpan.FromMilliseconds(1), now, bound));
        Assert.Equal(LineEventAge.Fresh, LineEventWindow.Judge(now + LineEventWindow.ClockSkew, now, bound));
        Assert.Equal(LineEventAge.FromTheFuture, LineEventWindow.Judge(now + LineEventWindow.ClockSkew + TimeSpan.FromMilliseconds(1), now, bound));
        Assert.Equal(LineEventAge.NoTimestamp, LineEventWindow.Judge(null, now, bound));

        // The newest event the window takes in now is dated now + skew; a copy of it stops being fresh at now + skew + bound,
        // and its key must still be there until then.
        var lastFreshCopy = now + LineEventWindow.ClockSkew + bound;
        Assert.Equal(LineEventAge.Fresh, LineEventWindow.Judge(now + LineEventWindow.ClockSkew, lastFreshCopy, bound));
        Assert.True(now + LineEventWindow.KeyLifetime(bound) > lastFreshCopy);
    }

    [Theory]
    [InlineData("1765184400000", "2025-12-08T09:00:00Z")]
    [InlineData("\"1765184400000\"", null)]
    [InlineData("1765184400000.5", null)]
    [InlineData("99999999999999999999", null)]
    [InlineData("-99999999999999999", null)]
    [InlineData("null", null)]
    public void The_webhook_reader_takes_the_timestamp_only_as_whole_milliseconds_a_date_can_hold(string json, string? expected)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(
            $$$"""{"events":[{"type":"message","timestamp":{{{json}}},"source":{"type":"user","userId":"U1"},"message":{"type":"text","id":"1","text":"x"}}]}""");

        Assert.True(LineWebhook.TryParse(body, out var events));

        Assert.Equal(expected is null ? null : DateTimeOffset.Parse(expected), Assert.Single(events).Timestamp);
    }
}
