using System.Text.Json;
using System.Text.Json.Nodes;
using DgBot.Core.Tests.Fuzz;
using DgBot.Web.Channels.Line;
using DgBot.Web.Channels.Teams;
using DgBot.Web.Chat;
using DgBot.Web.Tests.Line;
using DgBot.Web.Tests.Teams;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace DgBot.Web.Tests.Fuzz;

/// <summary>
/// The two webhook readers on hostile bodies. A Teams activity either parses or throws JsonException (the endpoint's 400;
/// <see cref="TeamsJson.Read"/> is System.Text.Json with the options of the endpoint, after a UTF-8 check);
/// a LINE body is never an exception, only true or false. What the endpoints then do with a parsed activity or event before
/// replying (question text, tenant, validation, the reply activities) must not throw either.
/// </summary>
public sealed class ChannelJsonFuzzTests(ITestOutputHelper output)
{
    private static readonly AskValidation Validation = new(RealPrompts.Texts);

    private static readonly string TeamsSample = WithMention(TeamsWorld.Message("conv-1", "act-1", "<at>DgBot</at> กรมที่ดินอยู่ระดับไหน",
        "https://smba.trafficmanager.net/apac/")).ToJsonString();

    private static readonly string LineSample = LineWorld.Batch(
        WithLineMention(LineWorld.Text(LineWorld.NewUser(), "@DgBot เชียงใหม่อันดับเท่าไร", "rt-1", "01HZ-1", groupId: "C1")),
        LineWorld.Event("postback", LineWorld.Source("U1"), "rt-2", "01HZ-2").Also(e => e["postback"] = new JsonObject { ["data"] = "q=%E0%B8%81%E0%B8%A3%E0%B8%A1&x=1" }),
        LineWorld.Event("follow", LineWorld.Source("U1"), "rt-3", "01HZ-3"));

    private static JsonObject WithMention(JsonObject activity)
    {
        activity["entities"] = new JsonArray(new JsonObject
        {
            ["type"] = "mention", ["text"] = "<at>DgBot</at>",
            ["mentioned"] = new JsonObject { ["id"] = "28:" + TeamsWorld.AppId, ["name"] = "DgBot" },
        });
        activity["attachments"] = new JsonArray(new JsonObject { ["contentType"] = "text/html", ["content"] = "<p>x</p>" });
        return activity;
    }

    private static JsonObject WithLineMention(JsonObject e)
    {
        e["message"]!["mention"] = new JsonObject
        {
            ["mentionees"] = new JsonArray(new JsonObject { ["index"] = 0, ["length"] = 6, ["isSelf"] = true, ["type"] = "user" }),
        };
        return e;
    }

    private static Gen<byte[]> Bodies(string sample) => Gen.Frequency(
        (1, JsonFuzz.RandomBytes(400)),
        (2, JsonFuzz.Bytes(JsonFuzz.Value(4))),
        (6, JsonFuzz.Bytes(JsonFuzz.Reshape(sample))),
        (6, JsonFuzz.Bytes(Gen.Choose(1, 3).SelectMany(n =>
        {
            var g = Gen.Constant(sample);
            for (int i = 0; i < n; i++) g = g.SelectMany(JsonFuzz.MutateText);
            return g;
        }))));

    /// <summary>What /api/messages and the Teams worker do with an activity that parsed.</summary>
    private static void UseActivity(Activity activity)
    {
        _ = TeamsJson.TenantId(activity);
        _ = Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out _);
        var question = TeamsMessages.QuestionText(activity);
        _ = Validation.Check(question);
        var replies = TeamsMessages.Reply(activity, "คำตอบ " + question, ["กรมที่ดินอยู่ระดับไหน"]);
        Assert.NotEmpty(replies);
        _ = TeamsMessages.Typing(activity);
        _ = TeamsJson.Serialize(activity);
    }

    [Fact]
    public void A_Teams_activity_parses_or_is_a_JsonException_and_a_parsed_one_never_breaks_the_handler()
    {
        int parsed = 0, refused = 0;
        new FuzzRunner(output).Run("Teams Activity JSON", Bodies(TeamsSample), 25_000, body =>
        {
            Activity? activity;
            try { activity = TeamsJson.Read(body); }
            catch (JsonException) { refused++; return; }
            parsed++;
            if (activity is not null) UseActivity(activity);
        }, JsonFuzz.Describe);
        output.WriteLine($"parsed {parsed}, refused {refused}");
        Assert.True(parsed > 1000 && refused > 1000, $"parsed {parsed}, refused {refused}: the generator does not reach both sides");
    }

    [Fact]
    public void A_LINE_body_is_read_or_refused_never_thrown_and_its_events_never_break_the_handler()
    {
        int read = 0, refused = 0, events = 0;
        new FuzzRunner(output).Run("LineWebhook.TryParse", Bodies(LineSample), 25_000, body =>
        {
            if (!LineWebhook.TryParse(body, out var list)) { refused++; Assert.Empty(list); return; }
            read++;
            foreach (var e in list)
            {
                events++;
                _ = Validation.Check(LineMessages.QuestionText(e));
                if (LineMessages.PostbackQuestion(e.PostbackData) is { } q) _ = Validation.Check(q);
                _ = e.Source.ChatId;
            }
        }, JsonFuzz.Describe);
        output.WriteLine($"read {read} ({events} events), refused {refused}");
        Assert.True(read > 1000 && refused > 1000 && events > 1000, $"read {read} ({events} events), refused {refused}");
    }

    [Fact]
    public void LINE_mention_spans_anywhere_in_or_beyond_the_text_never_break_the_question()
    {
        var span = Gen.Frequency((4, Gen.Choose(-2, 60)), (1, Gen.Elements(int.MaxValue, int.MaxValue - 1, int.MinValue, 1 << 30)));
        var gen = FuzzGen.Pieces(0, 30).SelectMany(text =>
            Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(span.SelectMany(i => span.Select(l => (i, l))), n)).Select(spans => (text, spans)));
        new FuzzRunner(output).Run("LineMessages.QuestionText mentions", gen, 10_000, x =>
        {
            var e = new LineEvent("message", "id", false, "active", "rt", new LineSource("user", "U1", null, null), "text", x.text)
            {
                SelfMentions = x.spans.Where(s => s.i >= 0 && s.l > 0).ToList(),
            };
            _ = LineMessages.QuestionText(e);
        }, x => FuzzGen.Describe(x.text) + " " + string.Join(";", x.spans));
    }
}

internal static class JsonObjectExtensions
{
    public static JsonObject Also(this JsonObject o, Action<JsonObject> change) { change(o); return o; }
}
