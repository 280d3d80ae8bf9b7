using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dapper;
using DgBot.Core.Storage;
using DgBot.Web.Channels.Line;
using Microsoft.Extensions.Logging;

namespace DgBot.Web.Tests.Line;

[Collection("line")]
public partial class LineChannelTests(LineWorld world)
{
    private const string Reply = "/v2/bot/message/reply";
    private const string Push = "/v2/bot/message/push";
    private FakeLine Fake => world.Fake;

    [Fact]
    public void The_signature_function_reproduces_the_published_test_vector()
    {
        const string expected = "/gg9a+LvFevTH1sd7XCQycD7tsWclCsInj7MhBHxN7k=";

        Assert.Equal(expected, LineSignature.Compute("channel_secret", "bodybodybodybody"u8));
        Assert.True(LineSignature.IsValid("channel_secret", "bodybodybodybody"u8, expected));
        Assert.False(LineSignature.IsValid("channel_secret", "bodybodybodybodY"u8, expected));
        Assert.False(LineSignature.IsValid("channel_secreT", "bodybodybodybody"u8, expected));
        Assert.False(LineSignature.IsValid("channel_secret", "bodybodybodybody"u8, expected[..^2]));
        Assert.False(LineSignature.IsValid("channel_secret", "bodybodybodybody"u8, "not base64 at all!"));
        Assert.False(LineSignature.IsValid("", "bodybodybodybody"u8, expected));
    }

    [Fact]
    public async Task A_signed_text_message_gets_200_then_a_Thai_reply_with_its_reply_token_and_the_bearer_token_after_the_loading_animation()
    {
        var (user, token) = (LineWorld.NewUser(), LineWorld.NewId("rt"));

        var response = await world.PostAsync(LineWorld.Batch(LineWorld.Text(user, "อัตราการตอบกลับเท่าไร", token)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = (await Fake.WaitForAsync(token, 1, c => c.IsReply)).Single();
        Assert.Equal("Bearer " + LineWorld.AccessToken, reply.Authorization);
        // LINE accepts X-Line-Retry-Key only on push/multicast/narrowcast/broadcast and answers 400 to a reply that carries one.
        Assert.Null(reply.RetryKey);
        var message = Assert.Single(reply.Messages);
        Assert.Equal("text", message.GetProperty("type").GetString());
        Assert.Matches(Thai(), message.GetProperty("text").GetString());
        Assert.DoesNotContain("\\u0E", reply.Body.GetRawText()); // Thai travels as characters
        var loading = Fake.For(user).Single(c => c.IsLoading);
        Assert.True(loading.Sequence < reply.Sequence);
        Assert.Equal("Bearer " + LineWorld.AccessToken, loading.Authorization);
        Assert.Equal(20, loading.Body.GetProperty("loadingSeconds").GetInt32());
        Assert.DoesNotContain(Fake.For(user), c => c.IsPush);
    }

    [Fact]
    public async Task A_bad_signature_gets_401_with_no_detail_and_nothing_is_sent()
    {
        var (user, token) = (LineWorld.NewUser(), LineWorld.NewId("rt"));
        var body = LineWorld.Batch(LineWorld.Text(user, "กรมที่ดินอยู่ระดับไหน", token));

        var wrongSecret = await world.PostAsync(body, LineWorld.Sign(body, "someone-elses-secret"));
        var tampered = await world.PostAsync(body.Replace("กรมที่ดิน", "กรมป่าไม้"), LineWorld.Sign(body));
        var garbage = await world.PostAsync(body, "x");

        foreach (var refused in new[] { wrongSecret, tampered, garbage })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("", await refused.Content.ReadAsStringAsync());
        }
        await AnswerAnotherMessageFirst(user);
        Assert.Empty(Fake.For(token));
        Assert.Single(Fake.For(user), c => c.IsLoading); // only the later, signed message was worked on
    }

    [Fact]
    public async Task A_missing_signature_gets_401_and_nothing_is_sent()
    {
        var (user, token) = (LineWorld.NewUser(), LineWorld.NewId("rt"));

        var response = await world.PostAsync(LineWorld.Batch(LineWorld.Text(user, "กรมที่ดินอยู่ระดับไหน", token)), signature: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        await AnswerAnotherMessageFirst(user);
        Assert.Empty(Fake.For(token));
    }

    [Fact]
    public async Task The_consoles_verification_call_with_no_events_gets_200()
    {
        var response = await world.PostAsync("{\"destination\":\"U" + new string('0', 32) + "\",\"events\":[]}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"events\": [")]
    [InlineData("not json")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{\"events\": 5}")]
    [InlineData("")]
    public async Task A_body_that_is_not_a_webhook_but_is_signed_gets_400_never_500(string body)
    {
        var response = await world.PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("webhook", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_refused_before_anything_is_parsed()
    {
        var body = "{\"events\":[],\"padding\":\"" + new string('x', 300 * 1024) + "\"}";

        var response = await world.PostAsync(body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_fields_and_event_types_are_ignored_and_the_rest_of_the_batch_is_answered()
    {
        var (user, token) = (LineWorld.NewUser(), LineWorld.NewId("rt"));
        var text = LineWorld.Text(user, "อัตราการตอบกลับเท่าไร", token);
        text["somethingNew"] = new JsonObject { ["nested"] = new JsonArray(1, 2) };
        var unknown = LineWorld.Event("someFutureEvent", LineWorld.Source(user), LineWorld.NewId("rt"));
        var unsend = LineWorld.Event("unsend", LineWorld.Source(user), null);
        var body = LineWorld.Batch(unknown, unsend, text).Replace("\"destination\"", "\"newTopLevelField\":true,\"destination\"");

        var response = await world.PostAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Fake.WaitForAsync(token, 1, c => c.IsReply && c.Accepted);
    }

    [Fact]
    public async Task The_same_webhookEventId_delivered_twice_is_answered_once()
    {
        var (user, token, id) = (LineWorld.NewUser(), LineWorld.NewId("rt"), LineWorld.NewId("01J"));

        var first = await world.PostAsync(LineWorld.Batch(LineWorld.Text(user, "อัตราการตอบกลับเท่าไร", token, id)));
        var again = await world.PostAsync(LineWorld.Batch(LineWorld.Text(user, "อัตราการตอบกลับเท่าไร", token, id, redelivery: true)));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await AnswerAnotherMessageFirst(user);
        Assert.Single(Fake.For(token), c => c.IsReply);
        Assert.Equal(2, Fake.For(user).Count(c => c.IsLoading));
    }

    [Fact]
    public async Task A_redelivered_event_never_seen_before_is_answered_by_push_when_its_reply_token_has_expired()
    {
        var (user, token) = (LineWorld.NewUser(), LineWorld.NewId("rt"));
        Fake.Script(Reply, token, (400, "{\"message\":\"Invalid reply token\"}"));

        await world.PostAsync(LineWorld.Batch(LineWorld.Text(user, "อัตราการตอบกลับเท่าไร", token, redelivery: true)));

        var push = (await Fake.WaitForAsync(user, 1, c => c.IsPush)).Single();
        Assert.True(push.Accepted);
        Assert.Matches(Thai(), push.Messages[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Following_the_account_gets_a_Thai_welcome_with_examples_as_quick_replies()
    {
        var (user, token) = (LineWorld.NewUser(), LineWorld.NewId("rt"));

        await world.PostAsync(LineWorld.Batch(LineWorld.Event("follow", LineWorld.Source(user), token)));

        var reply = (await Fake.WaitForAsync(token, 1, c => c.IsReply)).Single();
        var message = Assert.Single(reply.Messages);
        var text = message.GetProperty("text").GetString()!;
        Assert.Contains("DgBot", text);
        Assert.Contains("กรมที่ดินอยู่ระดับไหน", text);
        Assert.Contains("สังเคราะห์", text); // the demo database is synthetic, and the welcome says so
        var items = QuickReplies(message);
        Assert.InRange(items.Count, 2, 13);
        Assert.All(items, i => Assert.Equal("message", i.Type));
        Assert.Contains(items, i => i.Text == "กรมที่ดินอยู่ระดับไหน");
        Assert.DoesNotContain(Fake.For(user), c => c.IsLoading); // nothing to wait for
    }

    [Fact]
    public async Task A_postback_carrying_a_question_is_answered_like_a_typed_one()
    {
        var (user, token) = (LineWorld.NewUser(), LineWorld.NewId("rt"));
        var postback = LineWorld.Event("postback", LineWorld.Source(user), token);
        postback["postback"] = new JsonObject { ["data"] = "v=1&q=" + Uri.EscapeDataString("เชียงใหม่อันดับเท่าไรในภาค") };

        await world.PostAsync(LineWorld.Batch(postback));

        var reply = (await Fake.WaitForAsync(token, 1, c => c.IsReply)).Single();
        var message = Assert.Single(reply.Messages);
        Assert.Equal("flex", message.GetProperty("type").GetString());
        Assert.Equal("เชียงใหม่", message.GetProperty("contents").GetProperty("header").GetProperty("contents")[0].GetProperty("text").GetString());
        Assert.Contains("จาก 9", message.GetRawText()); // nine northern provinces
    }

    [Fact]
    public async Task A_profile_question_gets_a_Flex_bubble_whose_facts_are_the_units_scores_in_the_database()
    {
        var (user, token) = (LineWorld.NewUser(), LineWorld.NewId("rt"));

        await world.PostAsync(LineWorld.Batch(LineWorld.Text(user, "กรมที่ดินอยู่ระดับไหน", token)));

        var message = Assert.Single((await Fake.WaitForAsync(token, 1, c => c.IsReply)).Single().Messages);
        Assert.Equal("flex", message.GetProperty("type").GetString());
        var alt = message.GetProperty("altText").GetString()!;
        Assert.InRange(alt.Length, 1, 400);
        Assert.DoesNotContain("\n", alt);
        var bubble = message.GetProperty("contents");
        Assert.Equal("bubble", bubble.GetProperty("type").GetString());
        Assert.False(bubble.TryGetProperty("hero", out _)); // no chart links are served in this host

        using var db = Database.Open(world.Db.Path, readOnly: true);
        var year = int.Parse(SurveyStore.GetMeta(db, "latest_year")!, CultureInfo.InvariantCulture);
        var unit = db.QuerySingle<string>("SELECT id FROM unit WHERE name_th = 'กรมที่ดิน'");
        var scores = db.Query<(string Key, double Score, long Level)>(
            "SELECT key, score, level FROM score WHERE unit_id = @unit AND year = @year AND scope = 'pillar' ORDER BY CAST(key AS INTEGER)", new { unit, year }).ToList();
        var overall = db.QuerySingle<(double Score, long Level)>(
            "SELECT score, level FROM score WHERE unit_id = @unit AND year = @year AND scope = 'overall'", new { unit, year });

        var header = bubble.GetProperty("header").GetProperty("contents");
        Assert.Equal("กรมที่ดิน", header[0].GetProperty("text").GetString());
        // The header's second line is what was understood, the same line the text answer opens with.
        Assert.StartsWith($"กรมที่ดิน ปี {year}: ภาพรวม", header[1].GetProperty("text").GetString());
        var body = bubble.GetProperty("body").GetProperty("contents");
        var headline = body[0].GetProperty("text").GetString()!;
        Assert.Contains($"ระดับที่ {overall.Level} (", headline);
        Assert.Contains(overall.Score.ToString("0.00", CultureInfo.InvariantCulture), headline);

        var facts = FactRows(bubble);
        Assert.True(scores.Count > 1);
        Assert.Equal(scores.Count, facts.Count);
        foreach (var (score, fact) in scores.Zip(facts))
        {
            Assert.StartsWith($"ตัวชี้วัดที่ {score.Key} ", fact.Label);
            Assert.StartsWith($"ระดับที่ {score.Level} (", fact.Value);
            Assert.EndsWith("· " + score.Score.ToString("0.00", CultureInfo.InvariantCulture), fact.Value);
            Assert.Equal(LineFlex.LevelColours[(int)score.Level], fact.Colour);
        }
        var note = body[body.GetArrayLength() - 1];
        Assert.Contains("สังเคราะห์", note.GetProperty("text").GetString()); // the note, small and grey
        Assert.Equal("xxs", note.GetProperty("size").GetString());
        Assert.NotEmpty(QuickReplies(message));
    }

    [Fact]
    public async Task Quick_replies_are_at_most_13_with_labels_of_at_most_20_characters_cut_between_Thai_letters()
    {
        var (user, token) = (LineWorld.NewUser(), LineWorld.NewId("rt"));

        await world.PostAsync(LineWorld.Batch(LineWorld.Text(user, "กรมส่งเสริมการปกครองท้องถิ่นอยู่ระดับไหน", token)));

        var message = (await Fake.WaitForAsync(token, 1, c => c.IsReply)).Single().Messages[^1];
        var items = QuickReplies(message);
        Assert.InRange(items.Count, 1, 13);
        Assert.Contains(items, i => i.Text.Length > 20); // the unit's long name makes the suggestions long
        foreach (var item in items)
        {
            Assert.Equal("message", item.Type);
            Assert.InRange(item.Label.Length, 1, 20);
            Assert.InRange(item.Text.Length, 1, 300);
            if (item.Label == item.Text) continue;
            Assert.EndsWith("…", item.Label);
            var kept = item.Label[..^1];
            Assert.StartsWith(kept, item.Text);
            Assert.False(LineMessageTests.IsThaiMark(item.Text[kept.Length]), $"'{item.Label}' separates a mark from its letter");
        }
    }

    [Fact]
    public async Task An_expired_reply_token_falls_back_to_a_push_to_the_user_with_a_retry_key()
    {
        var (user, token) = (LineWorld.NewUser(), LineWorld.NewId("rt"));
        Fake.Script(Reply, token, (400, "{\"message\":\"Invalid reply token\"}"));

        await world.PostAsync(LineWorld.Batch(LineWorld.Text(user, "อัตราการตอบกลับเท่าไร", token)));

        var push = (await Fake.WaitForAsync(user, 1, c => c.IsPush)).Single();
        var reply = Assert.Single(Fake.For(token));
        Assert.Equal(400, reply.Status);
        Assert.Equal(user, push.To);
        Assert.Equal("Bearer " + LineWorld.AccessToken, push.Authorization);
        Assert.True(Guid.TryParse(push.RetryKey, out _));
        Assert.Equal(reply.Body.GetProperty("messages").GetRawText(), push.Body.GetProperty("messages").GetRawText());
    }

    [Fact]
    public async Task A_reply_answered_429_is_retried_and_delivered_once()
    {
        var (user, token) = (LineWorld.NewUser(), LineWorld.NewId("rt"));
        Fake.Script(Reply, token, (429, "{\"message\":\"The API rate limit has been exceeded. Try again later.\"}"));

        await world.PostAsync(LineWorld.Batch(LineWorld.Text(user, "อัตราการตอบกลับเท่าไร", token)));

        var replies = await Fake.WaitForAsync(token, 2, c => c.IsReply);
        await AnswerAnotherMessageFirst(user);
        Assert.Equal([429, 200], Fake.For(token).Select(c => c.Status));
        Assert.Equal(replies[0].Body.GetRawText(), replies[1].Body.GetRawText());
        Assert.DoesNotContain(Fake.For(user), c => c.IsPush);
    }

    [Fact]
    public async Task A_push_answered_429_then_503_is_retried_with_the_same_retry_key_and_delivered_once()
    {
        var (user, token) = (LineWorld.NewUser(), LineWorld.NewId("rt"));
        Fake.Script(Reply, token, (400, "{\"message\":\"Invalid reply token\"}"));
        Fake.Script(Push, user, (429, "{\"message\":\"The API rate limit has been exceeded. Try again later.\"}"), (503, "{}"));

        await world.PostAsync(LineWorld.Batch(LineWorld.Text(user, "อัตราการตอบกลับเท่าไร", token)));

        var pushes = await Fake.WaitForAsync(user, 3, c => c.IsPush);
        await AnswerAnotherMessageFirst(user);
        pushes = Fake.For(user).Where(c => c.IsPush).ToList();
        Assert.Equal([429, 503, 200], pushes.Select(p => p.Status));
        Assert.Single(pushes.Select(p => p.RetryKey).Distinct());
        Assert.True(Guid.TryParse(pushes[0].RetryKey, out _));
    }

    [Fact]
    public async Task A_4xx_other_than_429_is_not_retried_and_the_user_gets_an_apology_with_a_reference()
    {
        var (user, token) = (LineWorld.NewUser(), LineWorld.NewId("rt"));
        Fake.Script(Reply, token, (403, "{\"message\":\"Access to this API is not available for your account\"}"));

        await world.PostAsync(LineWorld.Batch(LineWorld.Text(user, "อัตราการตอบกลับเท่าไร", token)));

        var calls = await Fake.WaitForAsync(token, 2, c => c.IsReply);
        await AnswerAnotherMessageFirst(user);
        Assert.Equal([403, 200], Fake.For(token).Select(c => c.Status));
        Assert.Contains("รหัสอ้างอิง", calls[1].Messages[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_sticker_in_a_one_to_one_chat_gets_a_polite_ask_for_text_and_in_a_group_is_ignored()
    {
        var (user, token, groupToken, group) = (LineWorld.NewUser(), LineWorld.NewId("rt"), LineWorld.NewId("rt"), "C" + Guid.NewGuid().ToString("N"));
        var sticker = LineWorld.Event("message", LineWorld.Source(user), token);
        sticker["message"] = new JsonObject { ["type"] = "sticker", ["id"] = "1", ["packageId"] = "446", ["stickerId"] = "1988" };
        var inGroup = LineWorld.Event("message", LineWorld.Source(user, group), groupToken);
        inGroup["message"] = new JsonObject { ["type"] = "image", ["id"] = "2" };

        await world.PostAsync(LineWorld.Batch(sticker));
        await world.PostAsync(LineWorld.Batch(inGroup));

        var reply = (await Fake.WaitForAsync(token, 1, c => c.IsReply)).Single();
        Assert.Contains("ส่งคำถามเป็นข้อความเท่านั้น", reply.Messages[0].GetProperty("text").GetString());
        Assert.DoesNotContain(Fake.For(user), c => c.IsLoading);
        await AnswerAnotherMessageFirst(user, group);
        Assert.Empty(Fake.For(groupToken));
    }

    [Fact]
    public async Task In_a_group_the_bots_mention_is_cut_out_there_is_no_loading_animation_and_the_group_is_one_conversation()
    {
        var (alice, bob, group) = (LineWorld.NewUser(), LineWorld.NewUser(), "C" + Guid.NewGuid().ToString("N"));
        var (first, second) = (LineWorld.NewId("rt"), LineWorld.NewId("rt"));
        var asked = LineWorld.Text(alice, "@DgBot กรมที่ดินอยู่ระดับไหน", first, groupId: group);
        asked["message"]!["mention"] = new JsonObject
        {
            ["mentionees"] = new JsonArray(new JsonObject { ["index"] = 0, ["length"] = 6, ["type"] = "user", ["isSelf"] = true }),
        };

        await world.PostAsync(LineWorld.Batch(asked));
        await Fake.WaitForAsync(first, 1, c => c.IsReply);
        await world.PostAsync(LineWorld.Batch(LineWorld.Text(bob, "แล้วปีที่แล้วล่ะ", second, groupId: group)));

        var followUp = (await Fake.WaitForAsync(second, 1, c => c.IsReply)).Single().Messages[0];
        Assert.Contains("กรมที่ดิน", followUp.GetRawText());
        Assert.Contains("ปี 2566", followUp.GetRawText());
        Assert.Equal("flex", Fake.For(first).Single().Messages[0].GetProperty("type").GetString());
        Assert.DoesNotContain(Fake.Calls, c => c.IsLoading && (c.ChatId == alice || c.ChatId == bob || c.ChatId == group));
    }

    [Fact]
    public async Task Without_a_channel_secret_the_endpoint_refuses_everything_and_the_host_warns_at_start_up()
    {
        await using var factory = new LineFactory(world, new() { ["Line:ChannelSecret"] = "" });
        using var client = factory.Start();
        var body = LineWorld.Batch(LineWorld.Text(LineWorld.NewUser(), "กรมที่ดินอยู่ระดับไหน", LineWorld.NewId("rt")));

        var signedWithNothing = await LineWorld.PostAsync(client, body, LineSignature.Compute("", System.Text.Encoding.UTF8.GetBytes(body)));
        var verification = await LineWorld.PostAsync(client, "{\"events\":[]}", LineWorld.Sign("{\"events\":[]}"));

        Assert.Equal(HttpStatusCode.Unauthorized, signedWithNothing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, verification.StatusCode);
        Assert.Contains(factory.Logs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("Line:ChannelSecret"));
    }

    [Theory]
    [InlineData("Line:LoadingSeconds", "7", "multiple of 5")]
    [InlineData("Line:ApiBaseUrl", "http://api.line.me", "Line:ApiBaseUrl")]
    [InlineData("Line:MaxEventAgeMinutes", "0", "MaxEventAgeMinutes")]
    public void A_configuration_LINE_would_refuse_stops_the_host_at_start_up(string key, string value, string message)
    {
        using var factory = new LineFactory(world, new() { ["Line:ChannelSecret"] = LineWorld.Secret, [key] = value });

        var error = Record.Exception(() => factory.Start());

        Assert.NotNull(error);
        Assert.Contains(message, error.ToString());
    }

    /// <summary>
    /// One chat's events are answered in order by one worker, so once a later message in the same chat has been answered,
    /// anything an earlier (refused or duplicate) delivery could have caused would already be at the fake.
    /// </summary>
    private async Task AnswerAnotherMessageFirst(string user, string? group = null)
    {
        var token = LineWorld.NewId("barrier");
        var response = await world.PostAsync(LineWorld.Batch(LineWorld.Text(user, "อัตราการตอบกลับเท่าไร", token, groupId: group)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Fake.WaitForAsync(token, 1, c => c.IsReply && c.Accepted);
    }

    private static List<(string Type, string Label, string Text)> QuickReplies(JsonElement message) =>
        message.GetProperty("quickReply").GetProperty("items").EnumerateArray().Select(i =>
        {
            Assert.Equal("action", i.GetProperty("type").GetString());
            var a = i.GetProperty("action");
            return (a.GetProperty("type").GetString()!, a.GetProperty("label").GetString()!, a.GetProperty("text").GetString()!);
        }).ToList();

    /// <summary>The label/value rows of the bubble's body: horizontal boxes of exactly two texts.</summary>
    private static List<(string Label, string Value, string? Colour)> FactRows(JsonElement bubble)
    {
        var rows = new List<(string, string, string?)>();
        void Walk(JsonElement node)
        {
            if (node.ValueKind != JsonValueKind.Object || node.GetProperty("type").GetString() != "box") return;
            var contents = node.GetProperty("contents").EnumerateArray().ToList();
            if (node.GetProperty("layout").GetString() == "horizontal" && contents.Count == 2 && contents.All(c => c.GetProperty("type").GetString() == "text"))
                rows.Add((contents[0].GetProperty("text").GetString()!, contents[1].GetProperty("text").GetString()!,
                    contents[1].TryGetProperty("color", out var c) ? c.GetString() : null));
            else
                foreach (var child in contents) Walk(child);
        }
        Walk(bubble.GetProperty("body"));
        return rows;
    }

    [GeneratedRegex(@"[\u0E01-\u0E5B]")]
    private static partial Regex Thai();
}
