using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using DgBot.Core.Storage;

namespace DgBot.Web.Tests.Teams;

[Collection("teams")]
public class TeamsChannelTests(TeamsWorld world)
{
    private FakeBotFramework Fake => world.Fake;

    private static string NewConversation() => "a:" + Guid.NewGuid().ToString("N");

    private async Task<HttpResponseMessage> Send(JsonObject activity, string? token = "") =>
        await world.PostAsync(activity.ToJsonString(), token == "" ? Fake.Token() : token);

    [Fact]
    public async Task A_valid_message_is_acknowledged_at_once_then_answered_in_Thai_with_typing_first_as_a_reply_to_it()
    {
        var conversation = NewConversation();
        var activity = TeamsWorld.Message(conversation, "act-1", "<at>DgBot</at> กรมที่ดินอยู่ระดับไหน", Fake.ServiceUrl);
        activity["entities"] = new JsonArray(new JsonObject
        {
            ["type"] = "mention", ["text"] = "<at>DgBot</at>",
            ["mentioned"] = new JsonObject { ["id"] = "28:" + TeamsWorld.AppId, ["name"] = "DgBot" },
        });

        var response = await Send(activity);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var received = await Fake.WaitForAsync(conversation, 2);
        Assert.Equal("typing", received[0].Type);
        var reply = received[1];
        Assert.Equal("message", reply.Type);
        Assert.All(received, r =>
        {
            Assert.Equal("act-1", r.ReplyToPath);
            Assert.Equal("act-1", r.Body.GetProperty("replyToId").GetString());
            Assert.Equal("Bearer " + FakeBotFramework.AccessToken, r.Authorization);
        });
        Assert.Contains("กรมที่ดิน", reply.Text);
        Assert.Contains("ระดับ", reply.Text);
        Assert.Equal("markdown", reply.Body.GetProperty("textFormat").GetString());
        Assert.Equal("28:" + TeamsWorld.AppId, reply.Body.GetProperty("from").GetProperty("id").GetString());
        Assert.Equal("29:user-" + conversation, reply.Body.GetProperty("recipient").GetProperty("id").GetString());
        Assert.Equal(conversation, reply.Body.GetProperty("conversation").GetProperty("id").GetString());
        var actions = reply.Body.GetProperty("suggestedActions").GetProperty("actions").EnumerateArray().ToList();
        Assert.NotEmpty(actions);
        Assert.All(actions, a => Assert.Equal("imBack", a.GetProperty("type").GetString()));
        Assert.DoesNotContain("\\u0E", reply.Body.GetRawText()); // Thai travels as characters, not escapes
    }

    public static TheoryData<string> BadTokens => new() { "expired", "wrong audience", "wrong issuer", "other key", "unknown key", "not a jwt", "no serviceurl claim" };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_token_that_fails_validation_gets_401_with_no_detail_and_no_answer(string flaw)
    {
        var conversation = NewConversation();
        var token = flaw switch
        {
            "expired" => Fake.Token(expires: DateTime.UtcNow.AddMinutes(-6)), // beyond the 5 minutes of clock skew
            "wrong audience" => Fake.Token(audience: "00000000-0000-0000-0000-000000000001"),
            "wrong issuer" => Fake.Token(issuer: "https://evil.example.com"),
            "other key" => Fake.Token(key: FakeBotFramework.NewKey("teams-key")), // same kid, different key: bad signature
            "unknown key" => Fake.Token(key: FakeBotFramework.NewKey("nobody-knows-this-key")),
            "not a jwt" => "not-a-token",
            "no serviceurl claim" => Fake.Token(withServiceUrl: false),
            _ => throw new ArgumentOutOfRangeException(nameof(flaw)),
        };

        var response = await Send(TeamsWorld.Message(conversation, "x1", "กรมที่ดินอยู่ระดับไหน", Fake.ServiceUrl), token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        Assert.Empty(Fake.For(conversation));
    }

    [Fact]
    public async Task A_token_still_inside_the_five_minute_clock_skew_is_accepted()
    {
        var conversation = NewConversation();
        var response = await Send(TeamsWorld.Message(conversation, "skew", "สวัสดี", Fake.ServiceUrl), Fake.Token(expires: DateTime.UtcNow.AddMinutes(-3)));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task No_authorization_header_gets_401()
    {
        var response = await Send(TeamsWorld.Message(NewConversation(), "x2", "สวัสดี", Fake.ServiceUrl), token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_key_not_endorsed_for_the_activitys_channel_gets_403()
    {
        var conversation = NewConversation();
        var response = await Send(TeamsWorld.Message(conversation, "x3", "สวัสดี", Fake.ServiceUrl), Fake.Token(key: Fake.WebChatKey));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(Fake.For(conversation));

        // The same key is fine for the channel it is endorsed for.
        var webchat = await Send(TeamsWorld.Message(conversation, "x3b", "สวัสดี", Fake.ServiceUrl, channelId: "webchat"), Fake.Token(key: Fake.WebChatKey));
        Assert.Equal(HttpStatusCode.Accepted, webchat.StatusCode);
    }

    [Fact]
    public async Task A_serviceurl_claim_that_differs_from_the_activitys_serviceUrl_is_refused()
    {
        var conversation = NewConversation();
        var token = Fake.Token(serviceUrl: "https://smba.trafficmanager.net/teams/");
        var response = await Send(TeamsWorld.Message(conversation, "x4", "สวัสดี", Fake.ServiceUrl), token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(Fake.For(conversation));
    }

    [Fact]
    public async Task A_redelivered_activity_id_is_answered_once()
    {
        var conversation = NewConversation();
        var activity = TeamsWorld.Message(conversation, "dup-1", "เชียงใหม่อยู่ระดับไหน", Fake.ServiceUrl);

        var first = await Send(activity);
        var second = await Send(activity);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        // A later activity in the same conversation is answered; by then a second answer to dup-1 would have been queued too.
        Assert.Equal(HttpStatusCode.Accepted, (await Send(TeamsWorld.Message(conversation, "after-dup", "สวัสดี", Fake.ServiceUrl))).StatusCode);
        await Fake.WaitForAsync(conversation, 1, r => r.ReplyToPath == "after-dup" && r.Type == "message");
        await Fake.WaitForAsync(conversation, 1, r => r.ReplyToPath == "dup-1" && r.Type == "message");
        Assert.Single(Fake.For(conversation), r => r.ReplyToPath == "dup-1" && r.Type == "message");
        Assert.Single(Fake.For(conversation), r => r.ReplyToPath == "dup-1" && r.Type == "typing");
    }

    [Fact]
    public async Task Adding_the_bot_to_a_conversation_sends_a_Thai_welcome_with_examples_and_the_synthetic_data_note()
    {
        var conversation = NewConversation();
        var update = TeamsWorld.Message(conversation, "cu-1", "", Fake.ServiceUrl);
        update["type"] = "conversationUpdate";
        update.Remove("text");
        update["membersAdded"] = new JsonArray(new JsonObject { ["id"] = "28:" + TeamsWorld.AppId }, new JsonObject { ["id"] = "29:user-" + conversation });

        var response = await Send(update);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var welcome = (await Fake.WaitForAsync(conversation, 1, r => r.Type == "message")).Single();
        Assert.Contains("DgBot", welcome.Text);
        Assert.Contains("สังเคราะห์", welcome.Text);
        Assert.Contains("กรมที่ดินอยู่ระดับไหน", welcome.Text);
        Assert.Contains("\n\n", welcome.Text); // lines kept apart in Teams markdown
        var actions = welcome.Body.GetProperty("suggestedActions").GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("value").GetString()).ToList();
        Assert.InRange(actions.Count, 2, 3);
        Assert.Contains("กรมที่ดินอยู่ระดับไหน", actions);
    }

    [Fact]
    public async Task A_conversation_update_that_only_adds_other_people_sends_nothing()
    {
        var conversation = NewConversation();
        var update = TeamsWorld.Message(conversation, "cu-2", "", Fake.ServiceUrl);
        update["type"] = "conversationUpdate";
        update["membersAdded"] = new JsonArray(new JsonObject { ["id"] = "29:someone-else" });
        Assert.Equal(HttpStatusCode.Accepted, (await Send(update)).StatusCode);

        // A message sent afterwards is answered; the update before it produced nothing.
        await Send(TeamsWorld.Message(conversation, "cu-2-after", "สวัสดี", Fake.ServiceUrl));
        await Fake.WaitForAsync(conversation, 1, r => r.ReplyToPath == "cu-2-after" && r.Type == "message");
        Assert.DoesNotContain(Fake.For(conversation), r => r.ReplyToPath == "cu-2");
    }

    [Theory]
    [InlineData("messageReaction")]
    [InlineData("somethingInvented")]
    public async Task Activity_types_the_bot_does_not_handle_get_200_and_no_answer(string type)
    {
        var conversation = NewConversation();
        var activity = TeamsWorld.Message(conversation, "other-1", "สวัสดี", Fake.ServiceUrl);
        activity["type"] = type;
        var response = await Send(activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await Send(TeamsWorld.Message(conversation, "other-after", "สวัสดี", Fake.ServiceUrl));
        await Fake.WaitForAsync(conversation, 1, r => r.ReplyToPath == "other-after" && r.Type == "message");
        Assert.DoesNotContain(Fake.For(conversation), r => r.ReplyToPath == "other-1");
    }

    [Fact]
    public async Task Unknown_fields_and_entity_types_are_tolerated()
    {
        var conversation = NewConversation();
        var activity = TeamsWorld.Message(conversation, "lenient-1", "กรมที่ดินอยู่ระดับไหน", Fake.ServiceUrl);
        activity["futureField"] = new JsonObject { ["nested"] = new JsonArray(1, "two", null) };
        activity["localTimezone"] = "Asia/Bangkok";
        activity["entities"] = new JsonArray(
            new JsonObject { ["type"] = "clientInfo", ["locale"] = "th-TH", ["timezone"] = "Asia/Bangkok" },
            new JsonObject { ["type"] = "ClientCapabilities", ["supportsListening"] = true },
            new JsonObject { ["type"] = "QuotedReply", ["quotedReply"] = new JsonObject { ["messageId"] = "123" } },
            new JsonObject { ["type"] = "mention", ["mentioned"] = "not-an-object", ["text"] = 42 });
        activity["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = TeamsWorld.TenantId }, ["unknownTeamsThing"] = new JsonArray() };
        activity["conversation"]!["isGroup"] = false;
        activity["conversation"]!["somethingNew"] = "x";

        var response = await Send(activity);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var reply = (await Fake.WaitForAsync(conversation, 1, r => r.Type == "message")).Single();
        Assert.Contains("กรมที่ดิน", reply.Text);
    }

    [Theory]
    [InlineData("{\"type\": \"message\", \"text\": ")]
    [InlineData("not json at all")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{\"text\": \"no type\"}")]
    [InlineData("{\"type\": {\"nested\": true}}")]
    public async Task A_malformed_body_with_a_valid_token_gets_400_not_500(string body)
    {
        var response = await world.PostAsync(body, Fake.Token());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_client_credentials_token_is_fetched_once_and_reused_for_every_call()
    {
        var conversation = NewConversation();
        await Send(TeamsWorld.Message(conversation, "tok-1", "กรมที่ดินอยู่ระดับไหน", Fake.ServiceUrl));
        await Send(TeamsWorld.Message(conversation, "tok-2", "เชียงใหม่อยู่ระดับไหน", Fake.ServiceUrl));

        var received = await Fake.WaitForAsync(conversation, 4);

        Assert.All(received, r => Assert.Equal("Bearer " + FakeBotFramework.AccessToken, r.Authorization));
        var ours = Fake.TokenRequests.Where(f => f.GetValueOrDefault("client_secret") == TeamsWorld.AppPassword).ToList();
        var form = Assert.Single(ours);
        Assert.Equal("client_credentials", form["grant_type"]);
        Assert.Equal(TeamsWorld.AppId, form["client_id"]);
        Assert.Equal("https://api.botframework.com/.default", form["scope"]);
    }

    [Fact]
    public async Task The_conversation_reference_is_stored_for_proactive_alerts()
    {
        var conversation = NewConversation();
        await Send(TeamsWorld.Message(conversation, "ref-1", "สวัสดี", Fake.ServiceUrl));
        await Fake.WaitForAsync(conversation, 1, r => r.Type == "message");

        using var connection = Database.Open(StateStore.DefaultPathFor(world.Db.Path), readOnly: true);
        var row = connection.QuerySingle(
            "SELECT channel_id, service_url, tenant_id, user_id, user_aad_object_id, bot_id, conversation_type FROM teams_conversation WHERE conversation_id = @conversation",
            new { conversation });
        Assert.Equal("msteams", (string)row.channel_id);
        Assert.Equal(Fake.ServiceUrl, (string)row.service_url);
        Assert.Equal(TeamsWorld.TenantId, (string)row.tenant_id);
        Assert.Equal("29:user-" + conversation, (string)row.user_id);
        Assert.Equal("aad-" + conversation, (string)row.user_aad_object_id);
        Assert.Equal("28:" + TeamsWorld.AppId, (string)row.bot_id);
        Assert.Equal("personal", (string)row.conversation_type);
    }

    [Theory]
    [InlineData("<at>DgBot</at>", "กรุณาพิมพ์คำถาม")]
    [InlineData(null, "ยาวเกิน 2,000 ตัวอักษร")]
    public async Task An_empty_or_overlong_question_gets_a_short_Thai_explanation(string? text, string expected)
    {
        var conversation = NewConversation();
        await Send(TeamsWorld.Message(conversation, "edge-1", text ?? new string('ก', 2001), Fake.ServiceUrl));
        var reply = (await Fake.WaitForAsync(conversation, 1, r => r.Type == "message")).Single();
        Assert.Contains(expected, reply.Text);
    }

    [Fact]
    public async Task Conversation_ids_with_reserved_characters_are_escaped_in_the_connector_url()
    {
        var conversation = "19:abc@thread.tacv2;messageid=1717" + Guid.NewGuid().ToString("N")[..6];
        var activity = TeamsWorld.Message(conversation, "1717", "สวัสดี", Fake.ServiceUrl);
        activity["conversation"]!["conversationType"] = "channel";
        await Send(activity);
        var reply = (await Fake.WaitForAsync(conversation, 1, r => r.Type == "message")).Single();
        Assert.Equal("1717", reply.ReplyToPath);
        Assert.False(reply.Body.TryGetProperty("suggestedActions", out _), "channel posts get no suggested actions");
    }
}
