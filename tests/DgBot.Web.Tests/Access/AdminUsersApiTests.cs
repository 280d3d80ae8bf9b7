using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DgBot.Core.Access;
using DgBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DgBot.Web.Tests.Access;

/// <summary>/api/admin/users and /api/admin/registration-codes: the admin API key or nothing; and the web chat's login.</summary>
[Collection(AccessWorld.Name)]
public class AdminUsersApiTests(AccessWorld world)
{
    private HttpClient Admin()
    {
        var client = world.Host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", AccessWorld.AdminKey);
        return client;
    }

    [Theory]
    [InlineData("GET", "/api/admin/users", null)]
    [InlineData("POST", "/api/admin/users", "wrong-key")]
    [InlineData("DELETE", "/api/admin/users/web/web-admin", null)]
    [InlineData("POST", "/api/admin/registration-codes", "wrong-key")]
    public async Task Without_the_admin_key_every_call_is_401_and_changes_nothing(string method, string path, string? key)
    {
        using var client = world.Host.CreateClient();
        if (key is not null) client.DefaultRequestHeaders.Add("X-Api-Key", key);
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST") request.Content = JsonContent.Create(new { channel = "web", userId = "intruder", role = "admin" });

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        Assert.Null(world.Roster.Find(RosterChannels.Web, "intruder"));
        Assert.NotNull(world.Roster.Find(RosterChannels.Web, "web-admin"));
    }

    [Theory]
    [InlineData("admin", HttpStatusCode.OK)]
    [InlineData("executive", HttpStatusCode.Unauthorized)]
    [InlineData("analyst", HttpStatusCode.Unauthorized)]
    public async Task A_web_user_signed_in_with_the_admin_role_may_use_the_admin_views_and_no_other_role_may(string role, HttpStatusCode expected)
    {
        using var client = await world.ClientAsync(role);

        var alerts = await client.GetAsync("/api/admin/alerts");
        var audit = await client.GetAsync("/api/admin/audit?limit=5");

        Assert.Equal(expected, alerts.StatusCode);
        Assert.Equal(expected, audit.StatusCode);
        if (expected == HttpStatusCode.OK)
            Assert.True((await alerts.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("counts", out _));
    }

    [Fact]
    public async Task Admin_changes_are_in_the_audit_log_without_their_bodies()
    {
        using var client = Admin();
        var login = "audited-" + Guid.NewGuid().ToString("N")[..8];
        const string password = "ไม่ควรอยู่ในบันทึก-42";

        var added = await client.PostAsJsonAsync("/api/admin/users", new { channel = "web", userId = login, role = "analyst", password });
        var code = await client.PostAsJsonAsync("/api/admin/registration-codes", new { role = "executive" });
        var issued = (await code.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var audit = world.Host.Services.GetRequiredService<DgBot.Core.Audit.AuditLog>().List(50, channel: "admin");
        Assert.Contains(audit, a => a.Question == "POST /api/admin/users" && a.Outcome == "admin:201" && a.UserId == "api-key");
        Assert.Contains(audit, a => a.Question == "POST /api/admin/registration-codes" && a.Outcome == "admin:201");
        var text = string.Join("\n", audit.Select(a => a.Question + a.Functions + a.Outcome + a.UserId));
        Assert.DoesNotContain(password, text);
        Assert.DoesNotContain(issued, text);
        await client.DeleteAsync($"/api/admin/users/web/{login}");
    }

    [Fact]
    public async Task Session_cookies_are_signed_with_keys_kept_beside_the_state_database()
    {
        using var client = await world.ClientAsync(Roles.Analyst);

        var keys = Path.ChangeExtension(StateStore.DefaultPathFor(world.Db.Path), null) + "-keys";

        Assert.True(Directory.Exists(keys), keys);
        Assert.NotEmpty(Directory.GetFiles(keys, "key-*.xml"));
    }

    [Fact]
    public async Task An_admin_adds_lists_and_removes_users()
    {
        using var client = Admin();
        var id = "U" + Guid.NewGuid().ToString("N");

        var added = await client.PostAsJsonAsync("/api/admin/users", new { channel = "line", userId = id, role = "dcio", unit = "ปภ." });
        var list = await client.GetFromJsonAsync<JsonElement>("/api/admin/users");
        var removed = await client.DeleteAsync($"/api/admin/users/line/{id}");
        var again = await client.DeleteAsync($"/api/admin/users/line/{id}");

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var row = list.GetProperty("users").EnumerateArray().Single(u => u.GetProperty("userId").GetString() == id);
        Assert.Equal("dcio", row.GetProperty("role").GetString());
        Assert.Equal("D117", row.GetProperty("unitId").GetString());
        Assert.DoesNotContain("password", list.GetRawText().Replace("hasPassword", ""), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Null(world.Roster.Find(RosterChannels.Line, id));
    }

    [Theory]
    [InlineData("{\"channel\":\"fax\",\"userId\":\"x\",\"role\":\"analyst\"}", "channel")]
    [InlineData("{\"channel\":\"line\",\"userId\":\"x\",\"role\":\"boss\"}", "role")]
    [InlineData("{\"channel\":\"line\",\"userId\":\"x\",\"role\":\"dcio\"}", "unit")]
    [InlineData("{\"channel\":\"line\",\"userId\":\"x\",\"role\":\"dcio\",\"unit\":\"กรมที่ไม่มีจริง\"}", "unit")]
    [InlineData("{\"channel\":\"line\",\"userId\":\"x\",\"role\":\"analyst\",\"password\":\"p\"}", "password")]
    public async Task Bad_users_are_400_with_the_reason(string body, string word)
    {
        using var client = Admin();

        var response = await client.PostAsync("/api/admin/users", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(word, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_web_user_signs_in_with_the_roster_password_and_out_again()
    {
        using var client = world.Host.CreateClient();

        var wrong = await client.PostAsJsonAsync("/api/login", new { name = "web-analyst", password = "nope" });
        var nobody = await client.PostAsJsonAsync("/api/login", new { name = "nobody", password = "nope" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(await wrong.Content.ReadAsStringAsync(), await nobody.Content.ReadAsStringAsync());
        Assert.Equal("refused", (await AccessWorld.AskAsync(client, "ปีนี้กรมไหนระดับขึ้นบ้าง")).GetProperty("calls")[0].GetProperty("outcome").GetString());

        var login = await client.PostAsJsonAsync("/api/login", new { name = "web-analyst", password = AccessWorld.Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("HttpOnly", string.Join(";", login.Headers.GetValues("Set-Cookie")), StringComparison.OrdinalIgnoreCase);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal("roster", me.GetProperty("mode").GetString());
        Assert.Equal("analyst", me.GetProperty("user").GetProperty("role").GetString());
        Assert.Equal("ok", (await AccessWorld.AskAsync(client, "ปีนี้กรมไหนระดับขึ้นบ้าง")).GetProperty("calls")[0].GetProperty("outcome").GetString());

        await client.PostAsync("/api/logout", null);
        Assert.Equal(JsonValueKind.Null, (await client.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("user").ValueKind);
        Assert.Equal("refused", (await AccessWorld.AskAsync(client, "ปีนี้กรมไหนระดับขึ้นบ้าง")).GetProperty("calls")[0].GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task A_removed_web_user_loses_access_at_once_even_with_a_live_session()
    {
        var name = "temp-" + Guid.NewGuid().ToString("N")[..8];
        world.Roster.Upsert(RosterChannels.Web, name, Roles.Analyst, null, password: AccessWorld.Password);
        using var client = world.Host.CreateClient();
        await client.PostAsJsonAsync("/api/login", new { name, password = AccessWorld.Password });
        Assert.Equal("ok", (await AccessWorld.AskAsync(client, "ปีนี้กรมไหนระดับขึ้นบ้าง")).GetProperty("calls")[0].GetProperty("outcome").GetString());

        world.Roster.Remove(RosterChannels.Web, name);

        Assert.Equal("refused", (await AccessWorld.AskAsync(client, "ปีนี้กรมไหนระดับขึ้นบ้าง")).GetProperty("calls")[0].GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task The_web_chat_page_has_a_login_form_that_the_script_shows_in_roster_mode()
    {
        using var client = world.Host.CreateClient();

        var page = await client.GetStringAsync("/");

        Assert.Contains("<form id=\"login\" class=\"login\" hidden", page);
        Assert.Contains("autocomplete=\"current-password\"", page);
    }

    [Fact]
    public async Task A_forged_session_cookie_is_ignored()
    {
        using var client = world.Host.CreateClient();
        client.DefaultRequestHeaders.Add("Cookie", "dgbot_session=CfDJ8forged-web-admin");

        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");

        Assert.Equal(JsonValueKind.Null, me.GetProperty("user").ValueKind);
    }
}
