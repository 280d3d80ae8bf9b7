using System.Globalization;
using System.Net;
using Dapper;
using DgBot.Core.Storage;

namespace DgBot.Web.Tests.Teams;

/// <summary>Teams activities that come again after a restart: their ids live in the state database, as long as a copy could authenticate.</summary>
[Collection("teams")]
public sealed class TeamsReplayTests(TeamsWorld world)
{
    private FakeBotFramework Fake => world.Fake;

    private static string NewConversation() => "a:" + Guid.NewGuid().ToString("N");

    // Its own secret, so its token requests are not counted as the shared host's (TeamsChannelTests counts those).
    private TeamsFactory NewHost() => new(world, "Development", new() { ["Teams:AppPassword"] = "restart-secret" });

    [Fact]
    public async Task The_same_activity_posted_again_after_the_host_restarts_on_the_same_state_database_is_answered_once()
    {
        var conversation = NewConversation();
        var body = TeamsWorld.Message(conversation, "restart-1", "กรมที่ดินอยู่ระดับไหน", Fake.ServiceUrl).ToJsonString();
        var token = Fake.Token();

        await using (var before = NewHost())
        {
            using var client = before.Start();
            Assert.Equal(HttpStatusCode.Accepted, (await TeamsWorld.PostAsync(client, body, token)).StatusCode);
            await Fake.WaitForAsync(conversation, 1, r => r.ReplyToPath == "restart-1" && r.Type == "message");
        }

        await using var after = NewHost();
        using var again = after.Start();
        Assert.Equal(HttpStatusCode.OK, (await TeamsWorld.PostAsync(again, body, token)).StatusCode);
        // A later activity in the conversation is answered; by then a second answer to restart-1 would have been queued too.
        var later = TeamsWorld.Message(conversation, "restart-2", "สวัสดี", Fake.ServiceUrl).ToJsonString();
        Assert.Equal(HttpStatusCode.Accepted, (await TeamsWorld.PostAsync(again, later, Fake.Token())).StatusCode);
        await Fake.WaitForAsync(conversation, 1, r => r.ReplyToPath == "restart-2" && r.Type == "message");

        Assert.Single(Fake.For(conversation), r => r.ReplyToPath == "restart-1" && r.Type == "message");
        Assert.Single(Fake.For(conversation), r => r.ReplyToPath == "restart-1" && r.Type == "typing");
    }

    [Fact]
    public async Task An_activity_id_is_kept_until_its_token_and_the_clock_skew_have_expired()
    {
        var conversation = NewConversation();
        var expires = DateTime.UtcNow.AddMinutes(90); // well past the 15 minutes every id is kept; the fake's tokens start 2 h before expiry

        var response = await world.PostAsync(TeamsWorld.Message(conversation, "long-token", "สวัสดี", Fake.ServiceUrl).ToJsonString(),
            Fake.Token(expires: expires));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var state = Database.Open(StateStore.DefaultPathFor(world.Db.Path), readOnly: true);
        var kept = state.QuerySingle<string>("SELECT expires_at FROM channel_dedupe WHERE channel = 'teams' AND event_key = @key",
            new { key = $"msteams\n{conversation}\nlong-token" });
        var until = DateTimeOffset.Parse(kept, CultureInfo.InvariantCulture);
        // JWT times are whole seconds.
        Assert.InRange(until, new DateTimeOffset(expires).AddMinutes(5).AddSeconds(-1), new DateTimeOffset(expires).AddMinutes(5).AddSeconds(1));
    }
}
