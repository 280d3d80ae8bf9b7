using System.Net.Http.Json;
using System.Text.Json;

namespace DgBot.Web.Tests;

/// <summary>A follow-up still works after the host restarts: conversation state is in SQLite, not in memory.</summary>
public sealed class ConversationPersistenceTests(DemoDatabase db) : IClassFixture<DemoDatabase>
{
    private static async Task<JsonElement> Ask(HttpClient client, string text, string conversation)
    {
        var response = await client.PostAsJsonAsync("/api/ask", new { text, conversationId = conversation, userId = "u1" });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task A_follow_up_after_a_restart_keeps_the_unit_of_the_conversation()
    {
        var conversation = Guid.NewGuid().ToString("N");
        string session;
        using (var first = new AskFactory(db))
        using (var client = first.CreateClient(new() { HandleCookies = false }))
        {
            var response = await client.PostAsJsonAsync("/api/ask", new { text = "โคราชอยู่ระดับไหน", conversationId = conversation, userId = "u1" });
            Assert.Equal("unit_profile", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("intent").GetString());
            // The conversation belongs to this caller's session, which the reply set as a cookie.
            session = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(DgBot.Web.Chat.ChatExtensions.SessionCookie + "=", StringComparison.Ordinal)).Split(';')[0];
        }

        using var second = new AskFactory(db);
        using var again = second.CreateClient(new() { HandleCookies = false });
        again.DefaultRequestHeaders.Add("Cookie", session);
        var json = await Ask(again, "แล้วอันดับล่ะ", conversation);

        Assert.Equal("unit_rank", json.GetProperty("intent").GetString());
        Assert.Equal("TH-30", json.GetProperty("calls")[0].GetProperty("arguments").GetProperty("unit").GetProperty("id").GetString());
        // Another conversation on the same host has no unit to follow up on.
        var other = await Ask(again, "แล้วอันดับล่ะ", Guid.NewGuid().ToString("N"));
        Assert.NotEqual("unit_rank", other.GetProperty("intent").GetString());
    }
}
