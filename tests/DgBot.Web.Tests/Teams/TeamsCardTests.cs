using System.Globalization;
using System.Net;
using System.Text.Json;
using DgBot.Core.Formatting;
using DgBot.Core.Queries;
using DgBot.Web.Channels.Teams;
using DgBot.Web.Tests.Charts;
using Microsoft.Extensions.DependencyInjection;

namespace DgBot.Web.Tests.Teams;

/// <summary>Rich answers reach Teams as Adaptive Cards 1.5 at the fake Connector; the text stays as the fallback.</summary>
[Collection("teams")]
public class TeamsCardTests(TeamsWorld world)
{
    private FakeBotFramework Fake => world.Fake;

    private async Task<ReceivedActivity> AskAsync(string text)
    {
        var conversation = "a:" + Guid.NewGuid().ToString("N");
        var response = await world.PostAsync(TeamsWorld.Message(conversation, "card-1", text, Fake.ServiceUrl).ToJsonString(), Fake.Token());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await Fake.WaitForAsync(conversation, 1, r => r.Type == "message")).Single();
    }

    private static JsonElement Card(ReceivedActivity reply)
    {
        var attachment = Assert.Single(reply.Body.GetProperty("attachments").EnumerateArray());
        Assert.Equal(TeamsCards.ContentType, attachment.GetProperty("contentType").GetString());
        var card = attachment.GetProperty("content");
        Assert.Equal("AdaptiveCard", card.GetProperty("type").GetString());
        Assert.Equal("1.5", card.GetProperty("version").GetString());
        Assert.Equal("http://adaptivecards.io/schemas/adaptive-card.json", card.GetProperty("$schema").GetString());
        return card;
    }

    private static List<JsonElement> Body(JsonElement card) => card.GetProperty("body").EnumerateArray().ToList();

    [Fact]
    public async Task A_profile_answer_is_an_Adaptive_Card_whose_facts_are_the_databases_pillar_levels_and_scores_with_the_chart_and_the_synthetic_note()
    {
        var profile = world.Db.Queries.UnitProfile("TH-50");
        Assert.Equal(QueryIssue.None, profile.Issue);

        var reply = await AskAsync("เชียงใหม่อยู่ระดับไหน");

        var card = Card(reply);
        var body = Body(card);
        Assert.Equal("เชียงใหม่", body[0].GetProperty("text").GetString());
        Assert.Contains($"ปี {profile.Year}", body[1].GetProperty("text").GetString());
        Assert.Contains(ThaiFormatter.Score(profile.Overall!.Score), body[2].GetProperty("text").GetString());
        var facts = Assert.Single(body, e => e.GetProperty("type").GetString() == "FactSet").GetProperty("facts").EnumerateArray().ToList();
        Assert.Equal(7, facts.Count);
        for (var i = 0; i < 7; i++)
        {
            var pillar = profile.Pillars[i];
            Assert.StartsWith($"ตัวชี้วัดที่ {pillar.Key.Key} ", facts[i].GetProperty("title").GetString());
            var value = facts[i].GetProperty("value").GetString()!;
            Assert.Contains($"ระดับที่ {pillar.Level.ToString(CultureInfo.InvariantCulture)} ", value);
            Assert.EndsWith(ThaiFormatter.Score(pillar.Score), value);
        }

        // The chart: an absolute link under Web:PublicBaseUrl that the host serves as a PNG.
        var image = Assert.Single(body, e => e.GetProperty("type").GetString() == "Image");
        var url = new Uri(image.GetProperty("url").GetString()!);
        Assert.Equal(new Uri(TeamsWorld.PublicBaseUrl).Host, url.Host);
        Assert.False(string.IsNullOrWhiteSpace(image.GetProperty("altText").GetString()));
        var png = await world.Client.GetByteArrayAsync(url.PathAndQuery);
        Assert.Equal((800, 500), Png.Size(png));

        // The note last, small and subtle; the answer text stays as the fallback; suggestions stay.
        var note = body[^1];
        Assert.Contains("สังเคราะห์", note.GetProperty("text").GetString());
        Assert.Equal("Small", note.GetProperty("size").GetString());
        Assert.True(note.GetProperty("isSubtle").GetBoolean());
        Assert.Contains("เชียงใหม่", reply.Text);
        Assert.Contains(ThaiFormatter.Score(profile.Overall.Score), reply.Text);
        Assert.NotEmpty(reply.Body.GetProperty("suggestedActions").GetProperty("actions").EnumerateArray());
        Assert.True(reply.Utf16Size <= TeamsMessages.MaxActivityBytes);
    }

    [Fact]
    public async Task A_distribution_answer_carries_its_table_as_an_Adaptive_Card_Table_with_the_databases_counts()
    {
        var levels = world.Db.Queries.LevelDistribution("province", subIndicator: "6.2").Groups.Single().Levels;

        var reply = await AskAsync("จังหวัดระดับ 1 ด้านไซเบอร์กี่จังหวัด");

        var table = Assert.Single(Body(Card(reply)), e => e.GetProperty("type").GetString() == "Table");
        Assert.True(table.GetProperty("firstRowAsHeader").GetBoolean());
        var rows = table.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(1 + levels.Count, rows.Count);
        Assert.Equal(table.GetProperty("columns").GetArrayLength(), rows[0].GetProperty("cells").GetArrayLength());
        string Cell(JsonElement row, int i) => row.GetProperty("cells")[i].GetProperty("items")[0].GetProperty("text").GetString()!;
        for (var i = 0; i < levels.Count; i++)
        {
            Assert.Equal("TableRow", rows[i + 1].GetProperty("type").GetString());
            Assert.Equal(levels[i].Count.ToString(CultureInfo.InvariantCulture), Cell(rows[i + 1], 1));
            Assert.Equal(ThaiFormatter.Percent(levels[i].Share) + "%", Cell(rows[i + 1], 2));
        }
    }

    [Fact]
    public async Task A_plain_answer_has_no_card()
    {
        var reply = await AskAsync("อัตราการตอบกลับเท่าไร");
        Assert.False(reply.Body.TryGetProperty("attachments", out _));
        Assert.Contains("96.02", reply.Text);
    }

    private static readonly Activity Incoming = new()
    {
        Type = "message", Id = "in-1", ServiceUrl = "https://smba.trafficmanager.net/apac/", ChannelId = "msteams",
        From = new ChannelAccount { Id = "29:user" }, Recipient = new ChannelAccount { Id = "28:bot" },
        Conversation = new ConversationAccount { Id = "a:conv", ConversationType = "personal" },
    };

    [Fact]
    public void A_card_too_big_for_one_Teams_message_loses_table_rows_and_says_so_and_every_message_stays_under_40_KB()
    {
        var cell = string.Concat(Enumerable.Repeat("สำนักงานปลัดกระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์ ", 12)); // about 700 Thai characters
        var rows = Enumerable.Range(1, 15).Select(i => (IReadOnlyList<string>)[i.ToString(CultureInfo.InvariantCulture), cell, "50.00"]).ToList();
        var rich = new RichAnswer("หัวเรื่อง", "ปี 2567", null, [new RichFact("ตอบ", "76 แห่ง")], new RichTable(["#", "หน่วยงาน", "คะแนน"], rows), null, "หมายเหตุ");
        var answer = string.Join("\n", rows.Select(r => $"{r[0]}. {r[1]} {r[2]}"));

        var replies = TeamsMessages.Reply(Incoming, answer, ["ถามต่อ"], rich, "https://dgbot.example.test/charts/x.png");

        Assert.All(replies, r => Assert.True(TeamsJson.Utf16Size(r) <= TeamsMessages.MaxActivityBytes, $"{TeamsJson.Utf16Size(r)} bytes"));
        var last = replies[^1];
        var card = Assert.Single(last.Attachments!).Content!.AsObject();
        var body = card["body"]!.AsArray();
        var table = body.Single(e => (string?)e!["type"] == "Table")!;
        var shown = table["rows"]!.AsArray().Count - 1;
        Assert.InRange(shown, 1, 14);
        Assert.Contains(body, e => ((string?)e!["text"])?.Contains($"และอีก {15 - shown} แถว") == true);
        Assert.Contains(body, e => (string?)e!["type"] == "Image");
        Assert.All(replies.SkipLast(1), r => Assert.Null(r.Attachments));
        Assert.Equal(Markdown(answer), string.Join("\n\n", replies.Select(r => r.Text))); // no text lost to the card
    }

    [Fact]
    public void A_relative_chart_link_is_left_out_of_the_card_because_Teams_cannot_fetch_it()
    {
        var rich = new RichAnswer("หัวเรื่อง", null, null, [], null, new ChartSpec("trend", "unit_trend", new Dictionary<string, string> { ["unit"] = "TH-50" }), null);

        var card = Assert.Single(Assert.Single(TeamsMessages.Reply(Incoming, "ข้อความ", [], rich, "/charts/x.png")).Attachments!).Content!.AsObject();

        Assert.DoesNotContain(card["body"]!.AsArray(), e => (string?)e!["type"] == "Image");
    }

    private static string Markdown(string text) => TeamsMessages.Markdown(text);
}
