using System.Net.Http.Json;
using System.Text.Json;
using DgBot.Core.Alerts;
using DgBot.Core.Storage;
using DgBot.Web.Tests.Line;
using DgBot.Web.Tests.Teams;

namespace DgBot.Web.Tests.Alerts;

/// <summary>subscribe_alerts / unsubscribe_alerts through the real channels (DESIGN §4, §7), with scopes.</summary>
[Collection("teams")]
public class TeamsSubscribeTests(TeamsWorld world)
{
    private AlertSubscriptions Subscriptions => new(new StateStore(StateStore.DefaultPathFor(world.Db.Path)), TimeProvider.System);

    private async Task<ReceivedActivity> Say(string conversation, string id, string text)
    {
        await world.PostAsync(TeamsWorld.Message(conversation, id, text, world.Fake.ServiceUrl).ToJsonString(), world.Fake.Token());
        return (await world.Fake.WaitForAsync(conversation, 1, a => a.Type == "message" && a.ReplyToPath == id)).Last();
    }

    [Fact]
    public async Task A_Teams_user_subscribes_for_one_ministry_and_then_unsubscribes()
    {
        var conversation = "a:" + Guid.NewGuid().ToString("N");

        var reply = await Say(conversation, "s1", "ขอรับการแจ้งเตือนความเสี่ยง เฉพาะกระทรวงสาธารณสุข");

        Assert.Contains("บันทึกการรับแจ้งเตือนความเสี่ยงแล้ว", reply.Text);
        Assert.Contains("กระทรวงสาธารณสุข", reply.Text);
        Assert.Contains("เลิกรับแจ้งเตือน", reply.Text);
        var s = Subscriptions.Find(AlertChannels.Teams, "29:user-" + conversation)!;
        Assert.True(s.Active);
        Assert.Equal(conversation, s.ConversationId);
        Assert.Equal(TeamsWorld.TenantId, s.TenantId);
        Assert.Equal("aad-" + conversation, s.AadObjectId);
        Assert.Equal("กระทรวงสาธารณสุข", s.Ministry);
        Assert.Null(s.MinProbability);

        var stop = await Say(conversation, "s2", "เลิกรับแจ้งเตือน");

        Assert.Contains("ยกเลิกการรับแจ้งเตือนความเสี่ยงแล้ว", stop.Text);
        Assert.False(Subscriptions.Find(AlertChannels.Teams, "29:user-" + conversation)!.Active);
    }
}

[Collection("line")]
public class LineSubscribeTests(LineWorld world)
{
    private AlertSubscriptions Subscriptions => new(new StateStore(StateStore.DefaultPathFor(world.Db.Path)), TimeProvider.System);

    private async Task<string> Say(string user, string text)
    {
        var token = LineWorld.NewId("rt");
        await world.PostAsync(LineWorld.Batch(LineWorld.Text(user, text, token)));
        var call = (await world.Fake.WaitForAsync(token, 1)).Single();
        return call.Messages[0].GetProperty("text").GetString()!;
    }

    [Fact]
    public async Task A_LINE_user_subscribes_for_a_region_above_a_threshold_changes_the_scope_and_unsubscribes()
    {
        var user = LineWorld.NewUser();

        var answer = await Say(user, "ขอรับการแจ้งเตือนความเสี่ยงเฉพาะภาคเหนือ ความเสี่ยงเกิน 60%");

        Assert.Contains("เฉพาะภาคเหนือ", answer);
        Assert.Contains("60%", answer);
        Assert.Contains("LINE", answer);
        var s = Subscriptions.Find(AlertChannels.Line, user)!;
        Assert.Equal(user, s.ConversationId);
        Assert.Equal("ภาคเหนือ", s.Region);
        Assert.Equal(0.6, s.MinProbability);

        Assert.Contains("ปรับขอบเขต", await Say(user, "ขอรับการแจ้งเตือนความเสี่ยง"));
        Assert.Null(Subscriptions.Find(AlertChannels.Line, user)!.Region);

        Assert.Contains("ยกเลิกการรับแจ้งเตือน", await Say(user, "เลิกรับแจ้งเตือน"));
        Assert.Contains("ไม่ได้รับแจ้งเตือน", await Say(user, "เลิกรับแจ้งเตือน"));
        Assert.False(Subscriptions.Find(AlertChannels.Line, user)!.Active);
    }

    [Fact]
    public async Task Subscribing_through_api_ask_says_to_use_Teams_or_LINE_and_stores_nothing()
    {
        var response = await world.Client.PostAsJsonAsync("/api/ask", new { text = "ขอรับการแจ้งเตือนความเสี่ยง", conversationId = "line:Uspoof", userId = "Uspoof", from = new { channel = "line", userId = "Uspoof", conversationId = "Uspoof" } });
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal("subscribe_alerts", body.GetProperty("intent").GetString());
        Assert.Contains("Teams หรือ LINE", body.GetProperty("answer").GetString());
        Assert.Null(Subscriptions.Find(AlertChannels.Line, "Uspoof"));
    }
}
