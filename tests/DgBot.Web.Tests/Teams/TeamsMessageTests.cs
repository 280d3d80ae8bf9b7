using System.Globalization;
using System.Text.Json;
using DgBot.Web.Channels.Teams;

namespace DgBot.Web.Tests.Teams;

public class TeamsMessageTests
{
    private static readonly Activity Incoming = new()
    {
        Type = "message",
        Id = "in-1",
        ServiceUrl = "https://smba.trafficmanager.net/apac/",
        ChannelId = "msteams",
        From = new ChannelAccount { Id = "29:user", AadObjectId = "aad-user" },
        Recipient = new ChannelAccount { Id = "28:bot", Name = "DgBot" },
        Conversation = new ConversationAccount { Id = "a:conv", ConversationType = "personal" },
    };

    [Fact]
    public void A_short_answer_is_one_markdown_message_with_each_line_kept_apart()
    {
        var replies = TeamsMessages.Reply(Incoming, "กรมที่ดิน ระดับ 3\nคะแนน 61.20\n\n\nข้อมูลสังเคราะห์", ["กรมที่ดินอันดับเท่าไร"]);

        var reply = Assert.Single(replies);
        Assert.Equal("กรมที่ดิน ระดับ 3\n\nคะแนน 61.20\n\nข้อมูลสังเคราะห์", reply.Text);
        Assert.Equal("markdown", reply.TextFormat);
        Assert.Equal("in-1", reply.ReplyToId);
        Assert.Equal("imBack", Assert.Single(reply.SuggestedActions!.Actions).Type);
    }

    [Fact]
    public void An_answer_over_40_KB_in_UTF16_is_split_into_messages_that_each_fit_and_together_keep_every_line()
    {
        // 2,000 lines of Thai: about 120,000 characters, 240 KB as UTF-16.
        var lines = Enumerable.Range(1, 2000).Select(i => $"{i}. สำนักงานปลัดกระทรวงมหาดไทย ระดับ {i % 5 + 1} คะแนน {i % 100}.50").ToList();
        var answer = string.Join("\n", lines);
        var fewestPossible = (int)Math.Ceiling(string.Join("\n\n", lines).Length * 2.0 / TeamsMessages.MaxActivityBytes);

        var replies = TeamsMessages.Reply(Incoming, answer, ["ถามต่อ"]);

        Assert.InRange(replies.Count, fewestPossible, fewestPossible + 1); // chunks are filled, not one line each
        Assert.All(replies, r => Assert.True(TeamsJson.Utf16Size(r) <= TeamsMessages.MaxActivityBytes, $"{TeamsJson.Utf16Size(r)} bytes"));
        Assert.All(replies, r => Assert.Equal("in-1", r.ReplyToId));
        Assert.Equal(string.Join("\n\n", lines), string.Join("\n\n", replies.Select(r => r.Text)));
        Assert.NotNull(replies[^1].SuggestedActions);
        Assert.All(replies.SkipLast(1), r => Assert.Null(r.SuggestedActions));
    }

    [Fact]
    public void One_enormous_Thai_paragraph_is_split_without_separating_a_vowel_or_tone_mark_from_its_consonant()
    {
        var answer = string.Concat(Enumerable.Repeat("ที่นี่มีน้ำใจ", 4000)); // 52,000 characters, no spaces, many combining marks

        var replies = TeamsMessages.Reply(Incoming, answer, []);

        Assert.True(replies.Count >= 2);
        Assert.All(replies, r => Assert.True(TeamsJson.Utf16Size(r) <= TeamsMessages.MaxActivityBytes));
        Assert.Equal(answer, string.Concat(replies.Select(r => r.Text)));
        Assert.All(replies, r => Assert.NotEqual(UnicodeCategory.NonSpacingMark, CharUnicodeInfo.GetUnicodeCategory(r.Text![0])));
    }

    [Fact]
    public void The_serialized_size_counts_UTF16_code_units_of_the_json_as_sent()
    {
        var activity = new Activity { Type = "message", Text = "ไทย" };
        var json = JsonSerializer.Serialize(activity, TeamsJson.Options);
        Assert.Contains("ไทย", json);
        Assert.Equal(json.Length * 2, TeamsJson.Utf16Size(activity));
    }

    [Theory]
    [InlineData("<at>DgBot</at> กรมที่ดินอยู่ระดับไหน", true, "กรมที่ดินอยู่ระดับไหน")]
    [InlineData("<at>DgBot</at>&nbsp;เชียงใหม่ อันดับ", false, "เชียงใหม่ อันดับ")]
    [InlineData("ถาม <at>สมศรี</at> ว่ากรมที่ดินอยู่ระดับไหน", false, "ถาม <at>สมศรี</at> ว่ากรมที่ดินอยู่ระดับไหน")]
    [InlineData("  กรมที่ดิน   อยู่ระดับไหน ", false, "กรมที่ดิน อยู่ระดับไหน")]
    public void The_question_is_the_text_without_the_bots_mention(string text, bool withEntity, string expected)
    {
        var entities = withEntity
            ? new[] { JsonSerializer.SerializeToElement(new { type = "mention", text = "<at>DgBot</at>", mentioned = new { id = "28:bot", name = "DgBot" } }) }
            : null;
        Assert.Equal(expected, TeamsMessages.QuestionText(Incoming with { Text = text, Entities = entities }));
    }
}
