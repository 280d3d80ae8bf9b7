using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using DgBot.Core.Formatting;
using DgBot.Web.Channels.Line;
using DgBot.Web.Chat;

namespace DgBot.Web.Tests.Line;

public class LineMessageTests
{
    /// <summary>A Thai vowel or tone mark written above or below (or ำ after) its consonant: never the first character after a cut.</summary>
    public static bool IsThaiMark(char c) => c == '\u0E33' || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark;

    private static readonly DatasetInfo Synthetic = new(true, 2567);

    public static TheoryData<string> ThaiTexts => new()
    {
        "กรมส่งเสริมการปกครองท้องถิ่น อันดับเท่าไร",
        "สำนักงานคณะกรรมการพัฒนาระบบราชการ ควรปรับอะไรก่อน",
        "เชียงใหม่ เทียบกับ แม่ฮ่องสอน ย้อนหลังทุกปี",
        "กรมที่ดิน ย้อนหลังทุกปี",
        "ผู้ว่าราชการจังหวัดที่ได้คะแนนสูงสุดในภาคตะวันออกเฉียงเหนือ",
    };

    [Theory]
    [MemberData(nameof(ThaiTexts))]
    public void Shortening_Thai_never_separates_a_vowel_or_tone_mark_from_its_consonant_nor_ends_on_a_leading_vowel(string text)
    {
        for (var max = 2; max <= text.Length + 1; max++)
        {
            var cut = LineMessages.Shorten(text, max);
            Assert.InRange(cut.Length, 1, max);
            if (cut == text) continue;
            Assert.EndsWith("…", cut);
            var kept = cut[..^1];
            Assert.StartsWith(kept, text);
            Assert.False(IsThaiMark(text[kept.Length]), $"max {max}: '{cut}' separates a mark from its letter");
            if (kept.Length > 0) Assert.False(kept[^1] is >= '\u0E40' and <= '\u0E44', $"max {max}: '{cut}' ends on a leading vowel");
        }
    }

    [Fact]
    public void Quick_replies_keep_13_distinct_suggestions_with_short_labels_and_the_full_text()
    {
        var suggestions = Enumerable.Range(1, 20).Select(i => $"สำนักงานปลัดกระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์ ข้อ {i}").ToList();
        suggestions.Insert(0, suggestions[0]);
        suggestions.Insert(1, new string('ก', 301));
        suggestions.Insert(2, "   ");

        var items = LineMessages.QuickReply(suggestions)!["items"]!.AsArray();

        Assert.Equal(13, items.Count);
        var actions = items.Select(i => i!["action"]!).ToList();
        Assert.Equal(suggestions.Skip(3).Take(13), actions.Select(a => (string)a["text"]!));
        Assert.All(actions, a =>
        {
            Assert.Equal("message", (string)a["type"]!);
            Assert.InRange(((string)a["label"]!).Length, 1, 20);
        });
        Assert.Null(LineMessages.QuickReply([]));
    }

    [Fact]
    public void A_long_answer_is_split_between_lines_into_texts_of_at_most_5000_characters_and_the_quick_reply_rides_on_the_last()
    {
        var lines = Enumerable.Range(1, 400).Select(i => $"{i}. สำนักงานปลัดกระทรวงมหาดไทย ระดับที่ {i % 5 + 1} คะแนน {i % 100}.50").ToList();
        var answer = new AskResponse(string.Join("\n", lines), "list_units", [], Synthetic, ["กรมที่ดินอยู่ระดับไหน"]);

        var messages = LineMessages.Answer(answer);

        Assert.InRange(messages.Count, 2, 5);
        Assert.All(messages, m => Assert.InRange(((string)m["text"]!).Length, 1, LineMessages.MaxTextLength));
        Assert.Equal(string.Join("\n", lines), string.Join("\n", messages.Select(m => (string)m["text"]!)));
        Assert.All(messages.SkipLast(1), m => Assert.Null(m["quickReply"]));
        Assert.NotNull(messages[^1]["quickReply"]);
    }

    [Fact]
    public void An_answer_too_long_for_five_texts_is_cut_with_an_ellipsis_and_one_endless_Thai_word_is_cut_between_letters()
    {
        var word = string.Concat(Enumerable.Repeat("เกี่ยวข้อง", 4000)); // no space, no newline: 40,000 characters

        var messages = LineMessages.Texts(word);

        Assert.Equal(5, messages.Count);
        var texts = messages.Select(m => (string)m["text"]!).ToList();
        Assert.All(texts, t => Assert.InRange(t.Length, 1, LineMessages.MaxTextLength));
        Assert.EndsWith("…", texts[^1]);
        var joined = string.Concat(texts)[..^1];
        Assert.StartsWith(joined, word);
        foreach (var t in texts.Skip(1)) Assert.False(IsThaiMark(t[0]), "a chunk starts with a mark cut from its letter");
        foreach (var t in texts.SkipLast(1)) Assert.False(t[^1] is >= '\u0E40' and <= '\u0E44', "a chunk ends on a leading vowel");
    }

    private static RichAnswer Rich(int rows = 3, int cell = 10) => new("กรมที่ดิน", "ปี 2567", "ภาพรวม ระดับที่ 3 (พัฒนา) · คะแนน 61.20",
        [new RichFact("ตัวชี้วัดที่ 1 ความพร้อมด้านนโยบาย", "ระดับที่ 4 (ก้าวหน้า) · 75.00", 4), new RichFact("อันดับ", "อันดับ 5 จาก 20")],
        new RichTable(["#", "หน่วยงาน", "คะแนน"], Enumerable.Range(1, rows).Select(i => (IReadOnlyList<string>)[$"{i}", new string('ก', cell), "50.00"]).ToList()),
        null, "หมายเหตุ: ข้อมูลสังเคราะห์");

    [Theory]
    [InlineData("https://dgbot.example.go.th/charts/abc.png?sig=1", true)]
    [InlineData("/charts/abc.png?sig=1", false)]
    [InlineData("http://dgbot.example.go.th/charts/abc.png", false)]
    [InlineData(null, false)]
    public void A_rich_answer_becomes_one_Flex_bubble_with_the_chart_as_hero_only_when_its_link_is_absolute_https(string? chartUrl, bool hero)
    {
        var answer = new AskResponse("กรมที่ดิน อยู่ระดับที่ 3\nบรรทัดที่สอง", "unit_profile", [], Synthetic, ["กรมที่ดิน อันดับเท่าไร"]) { Rich = Rich(), ChartUrl = chartUrl };

        var message = Assert.Single(LineMessages.Answer(answer));

        Assert.Equal("flex", (string)message["type"]!);
        Assert.Equal("กรมที่ดิน อยู่ระดับที่ 3", (string)message["altText"]!);
        var bubble = message["contents"]!;
        Assert.Equal(hero, bubble["hero"] is not null);
        if (hero)
        {
            Assert.Equal(chartUrl, (string)bubble["hero"]!["url"]!);
            Assert.Equal("image", (string)bubble["hero"]!["type"]!);
        }
        Assert.Equal(LineFlex.LevelColours[4], FindText(bubble, "ระดับที่ 4 (ก้าวหน้า) · 75.00")!["color"]!.GetValue<string>());
        Assert.NotNull(message["quickReply"]);
    }

    [Fact]
    public void The_alt_text_is_the_first_line_of_the_answer_cut_to_400_characters()
    {
        var first = string.Concat(Enumerable.Repeat("ความพร้อมรัฐบาลดิจิทัล ", 40));

        var alt = LineMessages.AltText("\n  " + first + "\nอีกบรรทัด", "ชื่อเรื่อง");

        Assert.InRange(alt.Length, 1, 400);
        Assert.StartsWith(alt[..^1], first);
        Assert.Equal("ชื่อเรื่อง", LineMessages.AltText("", "ชื่อเรื่อง"));
    }

    [Fact]
    public void A_table_too_big_for_one_bubble_loses_rows_and_says_how_many_so_the_bubble_stays_under_30_KB()
    {
        var rich = Rich(rows: 15, cell: 1200);

        var bubble = LineFlex.Bubble(rich, null)!;

        Assert.InRange(Encoding.UTF8.GetByteCount(bubble.ToJsonString(LineJson.Options)), 1, LineFlex.MaxBubbleBytes);
        Assert.NotNull(FindText(bubble, t => t.StartsWith("และอีก ", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_table_is_cut_to_15_rows()
    {
        var bubble = LineFlex.Bubble(Rich(rows: 40), null)!;

        Assert.NotNull(FindText(bubble, "และอีก 25 แถว"));
        Assert.NotNull(FindText(bubble, "15"));
        Assert.Null(FindText(bubble, "16"));
    }

    [Theory]
    [InlineData("q=%E0%B8%81%E0%B8%A3%E0%B8%A1%E0%B8%97%E0%B8%B5%E0%B9%88%E0%B8%94%E0%B8%B4%E0%B8%99", "กรมที่ดิน")]
    [InlineData("action=ask&q=%E0%B9%80%E0%B8%8A%E0%B8%B5%E0%B8%A2%E0%B8%87%E0%B9%83%E0%B8%AB%E0%B8%A1%E0%B9%88+%E0%B8%AD%E0%B8%B1%E0%B8%99%E0%B8%94%E0%B8%B1%E0%B8%9A", "เชียงใหม่ อันดับ")]
    [InlineData("action=menu", null)]
    [InlineData("q=%E0%B8", null)]
    [InlineData("", null)]
    public void A_postback_question_is_the_URL_decoded_q_parameter(string data, string? question)
    {
        Assert.Equal(question, LineMessages.PostbackQuestion(data));
    }

    [Fact]
    public void The_webhook_reader_skips_what_it_does_not_know_and_keeps_the_rest()
    {
        var body = """
            {"destination":"Uxxx","events":[
              5, {"no":"type"},
              {"type":"message","mode":"active","webhookEventId":"01A","deliveryContext":{"isRedelivery":true},"replyToken":"r1",
               "source":{"type":"group","groupId":"C1","userId":"U1"},
               "message":{"type":"text","id":"1","text":"@DgBot สวัสดี","mention":{"mentionees":[{"index":0,"length":6,"isSelf":true},{"index":7,"length":2,"type":"all"}]},"new":1}},
              {"type":"postback","replyToken":"r2","source":{"type":"room","roomId":"R1","userId":"U2"},"postback":{"data":"q=x","params":{}}},
              {"type":"beacon","source":"not an object"}
            ]}
            """u8.ToArray();

        Assert.True(LineWebhook.TryParse(body, out var events));

        Assert.Equal(["message", "postback", "beacon"], events.Select(e => e.Type));
        var message = events[0];
        Assert.True(message.IsRedelivery);
        Assert.Equal("C1", message.Source.ChatId);
        Assert.False(message.Source.IsUser);
        Assert.Equal("สวัสดี", LineMessages.QuestionText(message));
        Assert.Equal("R1", events[1].Source.ChatId);
        Assert.Equal("q=x", events[1].PostbackData);
        Assert.Null(events[2].Source.ChatId);
        Assert.True(LineWebhook.TryParse("{\"destination\":\"U\"}"u8.ToArray(), out var none));
        Assert.Empty(none);
    }

    private static JsonObject? FindText(JsonNode? node, string text) => FindText(node, t => t == text);

    private static JsonObject? FindText(JsonNode? node, Func<string, bool> match)
    {
        if (node is JsonObject o)
        {
            if ((string?)o["type"] == "text" && o["text"] is JsonValue v && match(v.GetValue<string>())) return o;
            foreach (var (_, child) in o)
                if (FindText(child, match) is { } found) return found;
        }
        if (node is JsonArray a)
            foreach (var child in a)
                if (FindText(child, match) is { } found) return found;
        return null;
    }
}
