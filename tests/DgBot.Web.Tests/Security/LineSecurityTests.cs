using DgBot.Core.Alerts;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DgBot.Core.Formatting;
using DgBot.Core.Language;
using DgBot.Web.Channels.Line;
using DgBot.Web.Charts;
using DgBot.Web.Chat;
using DgBot.Web.Tests.Line;
using Microsoft.Extensions.DependencyInjection;

namespace DgBot.Web.Tests.Security;

/// <summary>
/// Hostile requests against the real host of the LINE tests (fake LINE API on 127.0.0.1): replays, over-long questions,
/// bytes that are not UTF-8, path tricks on chart links and bad signatures.
/// </summary>
[Collection("line")]
public sealed class LineSecurityTests(LineWorld world)
{
    private FakeLine Fake => world.Fake;
    private ConversationStore Conversations => world.Bot.Services.GetRequiredService<ConversationStore>();

    private Task<HttpResponseMessage> PostLineBytes(byte[] body, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/line") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (signature is not null) request.Headers.TryAddWithoutValidation("x-line-signature", signature);
        return world.Client.SendAsync(request);
    }

    private Task<HttpResponseMessage> PostAskBytes(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return world.Client.PostAsync("/api/ask", content);
    }

    /// <summary>A message from the same user answered after the ones before it: the worker has finished with earlier events.</summary>
    private async Task Barrier(string user)
    {
        var token = LineWorld.NewId("barrier");
        Assert.Equal(HttpStatusCode.OK, (await world.PostAsync(LineWorld.Batch(LineWorld.Text(user, "อัตราการตอบกลับเท่าไร", token)))).StatusCode);
        await Fake.WaitForAsync(token, 1, c => c.IsReply && c.Accepted);
    }

    [Fact]
    public async Task A_replayed_event_with_a_valid_signature_is_answered_once_even_in_a_different_batch()
    {
        var (user, token, id) = (LineWorld.NewUser(), LineWorld.NewId("rt"), LineWorld.NewId("01J"));
        var original = LineWorld.Batch(LineWorld.Text(user, "กรมที่ดินอยู่ระดับไหน", token, id));
        // The attacker (or LINE's own redelivery) sends the same event again: byte for byte, then inside another batch.
        var replayedInBatch = LineWorld.Batch(LineWorld.Event("follow", LineWorld.Source(user), LineWorld.NewId("rt")),
            LineWorld.Text(user, "กรมที่ดินอยู่ระดับไหน", token, id));

        Assert.Equal(HttpStatusCode.OK, (await world.PostAsync(original)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await world.PostAsync(original)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await world.PostAsync(replayedInBatch)).StatusCode);
        await Barrier(user);

        var replies = Fake.For(token).Where(c => c.IsReply).ToList();
        Assert.Single(replies);
        Assert.Contains("กรมที่ดิน", replies[0].Messages[0].GetRawText());
    }

    [Fact]
    public async Task An_over_long_question_on_api_ask_is_a_400_in_Thai_and_nothing_is_stored()
    {
        var conversation = "sec-long-" + Guid.NewGuid().ToString("N");
        var text = string.Concat(Enumerable.Repeat("กรมที่ดินอยู่ระดับไหน ", 200))[..(ChatService.MaxLength + 1)];

        var response = await world.Client.PostAsJsonAsync("/api/ask", new { text, conversationId = conversation, userId = "u1" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()!;
        Assert.Equal("คำถามยาวเกิน 2,000 ตัวอักษร กรุณาถามให้สั้นลง", error);
        // Nothing was stored: a follow-up in the same conversation has no unit to follow up on.
        var followUp = await world.Client.PostAsJsonAsync("/api/ask", new { text = "แล้วอันดับล่ะ", conversationId = conversation, userId = "u1" });
        Assert.NotEqual("unit_rank", (await followUp.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("intent").GetString());

        // The limit itself is accepted: the refusal is about length, not about this text.
        var atLimit = await world.Client.PostAsJsonAsync("/api/ask", new { text = text[..ChatService.MaxLength], conversationId = conversation, userId = "u1" });
        Assert.Equal(HttpStatusCode.OK, atLimit.StatusCode);
    }

    [Fact]
    public async Task An_over_long_LINE_message_gets_the_Thai_length_message_and_nothing_is_stored()
    {
        var (user, token) = (LineWorld.NewUser(), LineWorld.NewId("rt"));
        var text = new string('ก', ChatService.MaxLength + 1);

        // LINE must get its 200 (or it redelivers); the refusal goes to the user as a reply.
        var response = await world.PostAsync(LineWorld.Batch(LineWorld.Text(user, text, token)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = (await Fake.WaitForAsync(token, 1, c => c.IsReply)).Single(c => c.IsReply);
        Assert.Equal("คำถามยาวเกิน 2,000 ตัวอักษร กรุณาถามให้สั้นลง", reply.Messages.Single().GetProperty("text").GetString());
        var state = Conversations.Load(ChatService.ConversationKey(new AskRequest(text, "line:" + user, user) { From = new ChannelAddress("line", user, user) }));
        Assert.Null(state.LastIntent);
        Assert.Null(state.Focus);
    }

    public static TheoryData<string, byte[]> NotUtf8 => new()
    {
        { "0xFF inside the text", [.. "{\"text\":\"ก"u8, 0xFF, .. "\"}"u8] },
        { "a Thai letter cut short", [.. "{\"text\":\"ก"u8, 0xE0, 0xB8, .. "\"}"u8] },
        { "an encoded surrogate", [.. "{\"text\":\""u8, 0xED, 0xA0, 0x80, .. "\"}"u8] },
        { "TIS-620 Thai", [.. "{\"text\":\""u8, 0xA1, 0xC3, 0xC1, .. "\"}"u8] },
        { "a lone surrogate escape", "{\"text\":\"\\ud800 กรมที่ดิน\"}"u8.ToArray() },
        { "UTF-16", Encoding.Unicode.GetBytes("{\"text\":\"กรมที่ดิน\"}") },
    };

    [Theory]
    [MemberData(nameof(NotUtf8))]
    public async Task A_body_that_is_not_UTF_8_on_api_ask_is_a_400_never_a_500(string what, byte[] body)
    {
        var response = await PostAskBytes(body);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {(int)response.StatusCode}");
        Assert.False(string.IsNullOrWhiteSpace((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()));
    }

    [Theory]
    [MemberData(nameof(NotUtf8))]
    public async Task A_signed_LINE_body_that_is_not_UTF_8_is_a_400_never_a_500_and_nothing_is_sent(string what, byte[] text)
    {
        var (user, token) = (LineWorld.NewUser(), LineWorld.NewId("rt"));
        // The bad bytes sit in the message text of an otherwise well-formed event, signed with the channel secret.
        var template = Encoding.UTF8.GetBytes(LineWorld.Batch(LineWorld.Text(user, "@@TEXT@@", token)));
        var at = template.AsSpan().IndexOf("\"@@TEXT@@\""u8);
        var inner = text[8..^1]; // the JSON string of the /api/ask case, quotes included
        byte[] body = [.. template[..at], .. inner, .. template[(at + "\"@@TEXT@@\"".Length)..]];
        if (what == "UTF-16") body = Encoding.Unicode.GetBytes(LineWorld.Batch(LineWorld.Text(user, "กรมที่ดิน", token)));

        var response = await PostLineBytes(body, LineSignature.Compute(LineWorld.Secret, body));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {(int)response.StatusCode}");
        await Barrier(user);
        Assert.Empty(Fake.For(token));
    }

    public static TheoryData<string> ChartPathTricks => new()
    {
        "/charts/../../../../etc/passwd",
        "/charts/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/charts/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/charts/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/charts/..%5c..%5c..%5cetc%5cpasswd",
        "/charts/..\\..\\..\\etc\\passwd",
        "/charts/%252e%252e%252fetc%252fpasswd",
        "/charts//etc/passwd",
        "/charts/%2fetc%2fpasswd",
        "/charts/C:%5cWindows%5cwin.ini",
        "/charts/etc%00.png",
        "/charts/%00",
        "/charts/..%00/..%00/etc/passwd",
        "/charts/....//....//etc/passwd",
        "/charts/%c0%ae%c0%ae%c0%afetc%c0%afpasswd",
        "/charts/.png",
        "/charts/" + new string('A', 5000) + ".png",
        "/webchat/..%2f..%2fappsettings.json",
        "/webchat/../../appsettings.json",
    };

    [Theory]
    [MemberData(nameof(ChartPathTricks))]
    public async Task A_path_trick_on_chart_links_is_a_404_or_400_and_never_serves_a_file(string target)
    {
        await AssertRefused(target);
    }

    [Fact]
    public async Task A_real_chart_token_with_a_path_trick_around_it_is_refused_too()
    {
        var token = world.Bot.Services.GetRequiredService<ChartTokens>().Create(
            new ChartSpec("distribution", "level_distribution", new Dictionary<string, string> { ["population"] = "province", ["year"] = "2567" }));
        foreach (var target in new[]
                 {
                     $"/charts/{token}.png/../../../../etc/passwd", $"/charts/{token}.png%2f..%2f..%2fetc%2fpasswd",
                     $"/charts/{token}.png%00", $"/charts/{token}%00.png", $"/charts/..%2f{token}.png", $"/charts/{token}.png%5c..%5c..%5cetc%5cpasswd",
                     $"/charts/{token[..^1]}.png", $"/charts/{token}.PNG",
                 })
            await AssertRefused(target);
    }

    private async Task AssertRefused(string target)
    {
        var (status, head, body) = await RawHttp.GetAsync(world.Client.BaseAddress!, target);
        Assert.True(status is 400 or 404, $"GET {target} → {status}");
        Assert.DoesNotContain("image/png", head, StringComparison.OrdinalIgnoreCase);
        var text = Encoding.UTF8.GetString(body);
        Assert.DoesNotContain("root:", text);
        Assert.DoesNotContain("[fonts]", text);
        Assert.DoesNotContain("ConnectionStrings", text);
        Assert.DoesNotContain("\"Line\"", text);
    }

    public static TheoryData<string, string?> BadSignatures => new()
    {
        { "missing", null },
        { "empty", "" },
        { "another channel's secret", "other-secret" },
        { "the body changed after signing", "tampered" },
        { "not base64", "!!not-base64!!" },
        { "hex instead of base64", "hex" },
        { "the signature twice", "twice" },
    };

    [Theory]
    [MemberData(nameof(BadSignatures))]
    public async Task A_bad_or_missing_LINE_signature_is_a_401_with_an_empty_body_and_nothing_is_sent(string what, string? flaw)
    {
        var (user, token) = (LineWorld.NewUser(), LineWorld.NewId("rt"));
        var body = LineWorld.Batch(LineWorld.Text(user, "กรมที่ดินอยู่ระดับไหน", token));
        var bytes = Encoding.UTF8.GetBytes(body);
        var good = LineSignature.Compute(LineWorld.Secret, bytes);
        var signature = flaw switch
        {
            null => null,
            "" => "",
            "other-secret" => LineSignature.Compute("some-other-channel-secret", bytes),
            "tampered" => good,
            "hex" => Convert.ToHexString(Convert.FromBase64String(good)),
            "twice" => good + "," + good,
            _ => flaw,
        };
        if (flaw == "tampered") bytes = Encoding.UTF8.GetBytes(body.Replace("กรมที่ดิน", "กรมที่ดิม"));

        var response = await PostLineBytes(bytes, signature);

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{what}: {(int)response.StatusCode}");
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("WWW-Authenticate") && response.Headers.WwwAuthenticate.ToString().Contains("error"));
        await Barrier(user);
        Assert.Empty(Fake.For(token));
    }
}
