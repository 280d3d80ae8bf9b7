using System.Net;
using System.Net.Http.Headers;
using System.Text;
using DgBot.Web.Tests.Teams;

namespace DgBot.Web.Tests.Security;

/// <summary>Hostile requests on /api/messages against the real host of the Teams tests (fake Bot Framework on 127.0.0.1).</summary>
[Collection("teams")]
public sealed class TeamsSecurityTests(TeamsWorld world)
{
    private FakeBotFramework Fake => world.Fake;

    private static string NewConversation() => "a:sec-" + Guid.NewGuid().ToString("N");

    private Task<HttpResponseMessage> Post(byte[] body, string? authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return world.Client.SendAsync(request);
    }

    /// <summary>A good message in a fresh conversation, answered: the worker has handled everything queued before it.</summary>
    private async Task Barrier()
    {
        var conversation = NewConversation();
        var body = Encoding.UTF8.GetBytes(TeamsWorld.Message(conversation, "barrier", "กรมที่ดินอยู่ระดับไหน", Fake.ServiceUrl).ToJsonString());
        Assert.Equal(HttpStatusCode.Accepted, (await Post(body, "Bearer " + Fake.Token())).StatusCode);
        await Fake.WaitForAsync(conversation, 2);
    }

    public static TheoryData<string, byte[]> NotUtf8 => new()
    {
        { "0xFF inside the text", [0xFF] },
        { "a Thai letter cut short", [0xE0, 0xB8] },
        { "an encoded surrogate", [0xED, 0xA0, 0x80] },
        { "TIS-620 Thai", [0xA1, 0xC3, 0xC1] },
        { "a lone surrogate escape", "\\ud800"u8.ToArray() },
    };

    [Theory]
    [MemberData(nameof(NotUtf8))]
    public async Task An_authenticated_activity_that_is_not_UTF_8_is_a_400_never_a_500_and_is_not_answered(string what, byte[] bad)
    {
        var conversation = NewConversation();
        var json = TeamsWorld.Message(conversation, "x1", "@@TEXT@@", Fake.ServiceUrl).ToJsonString();
        var template = Encoding.UTF8.GetBytes(json);
        var at = template.AsSpan().IndexOf("@@TEXT@@"u8);
        byte[] body = [.. template[..at], .. "กรม"u8, .. bad, .. template[(at + 8)..]];

        var response = await Post(body, "Bearer " + Fake.Token());

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {(int)response.StatusCode}");
        await Barrier();
        Assert.Empty(Fake.For(conversation));
    }

    [Fact]
    public async Task A_lone_surrogate_in_an_entity_is_a_400_and_not_a_failure_in_the_worker()
    {
        var conversation = NewConversation();
        var json = TeamsWorld.Message(conversation, "x2", "<at>DgBot</at> กรมที่ดินอยู่ระดับไหน", Fake.ServiceUrl).ToJsonString()
            .Replace("\"textFormat\"", "\"entities\":[{\"type\":\"mention\",\"text\":\"<at>\\udc00</at>\",\"mentioned\":{\"id\":\"28:x\"}}],\"textFormat\"");

        var response = await Post(Encoding.UTF8.GetBytes(json), "Bearer " + Fake.Token());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await Barrier();
        Assert.Empty(Fake.For(conversation));
    }

    public static TheoryData<string> BadAuthorizations => new()
    {
        "missing", "empty", "Bearer", "Bearer ", "Basic", "bearer lowercase scheme with a forged token", "alg none", "token twice",
        "signature stripped", "payload swapped",
    };

    [Theory]
    [MemberData(nameof(BadAuthorizations))]
    public async Task A_bad_Teams_token_is_a_401_with_no_detail_and_nothing_is_sent(string flaw)
    {
        var conversation = NewConversation();
        var body = Encoding.UTF8.GetBytes(TeamsWorld.Message(conversation, "x3", "กรมที่ดินอยู่ระดับไหน", Fake.ServiceUrl).ToJsonString());
        var good = Fake.Token();
        var parts = good.Split('.');
        static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var other = Fake.Token(audience: "00000000-0000-0000-0000-000000000002").Split('.');
        var authorization = flaw switch
        {
            "missing" => null,
            "empty" => "",
            "Bearer" => "Bearer",
            "Bearer " => "Bearer ",
            "Basic" => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(TeamsWorld.AppId + ":" + TeamsWorld.AppPassword)),
            "bearer lowercase scheme with a forged token" => "bearer " + parts[0] + "." + parts[1] + "." + new string('A', parts[2].Length),
            "alg none" => "Bearer " + B64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".",
            "token twice" => "Bearer " + good + " " + good,
            "signature stripped" => "Bearer " + parts[0] + "." + parts[1] + ".",
            "payload swapped" => "Bearer " + other[0] + "." + parts[1] + "." + other[2],
            _ => throw new ArgumentOutOfRangeException(nameof(flaw)),
        };

        var response = await Post(body, authorization);

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{flaw}: {(int)response.StatusCode}");
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.DoesNotContain("error", challenge, StringComparison.OrdinalIgnoreCase);
        await Barrier();
        Assert.Empty(Fake.For(conversation));
    }
}
