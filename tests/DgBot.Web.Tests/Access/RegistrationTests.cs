using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using DgBot.Core.Access;
using DgBot.Core.Alerts;
using DgBot.Core.Storage;
using DgBot.Web.Chat;
using Microsoft.Extensions.DependencyInjection;

namespace DgBot.Web.Tests.Access;

/// <summary>
/// Registration in chat with a one-time code ("ลงทะเบียน &lt;code&gt;"), as Teams and LINE users do it: the channel adapter
/// fills in who is asking, the code binds them to a role and unit. Codes are single-use, expire, and are stored hashed.
/// </summary>
[Collection(AccessWorld.Name)]
public class RegistrationTests(AccessWorld world)
{
    private StateStore State => new(StateStore.DefaultPathFor(world.Db.Path));

    private ChatService Chat => world.Host.Services.GetRequiredService<ChatService>();

    private static ChannelAddress Line(string user) => new(AlertChannels.Line, user, user);

    private Task<AskResponse> Say(ChannelAddress from, string text) =>
        Chat.AskAsync(new AskRequest(text, "line:" + from.UserId, from.UserId) { From = from }, CancellationToken.None);

    private async Task<JsonElement> IssueAsync(object body)
    {
        using var client = world.Host.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", AccessWorld.AdminKey);
        var response = await client.PostAsJsonAsync("/api/admin/registration-codes", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private sealed class At(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public async Task A_valid_code_registers_a_LINE_user_as_the_dcio_of_its_unit_who_then_sees_that_unit_in_full()
    {
        var code = (await IssueAsync(new { role = "dcio", unit = "กรมที่ดิน" })).GetProperty("code").GetString()!;
        var user = "U" + Guid.NewGuid().ToString("N");

        var before = await Say(Line(user), "กรมที่ดินควรปรับอะไรก่อน");
        var registered = await Say(Line(user), "ลงทะเบียน " + code.ToLowerInvariant());
        var after = await Say(Line(user), "กรมที่ดินควรปรับอะไรก่อน");

        Assert.Equal("refused", before.Calls[0].Outcome);
        Assert.Equal("registered", registered.Registration);
        Assert.Contains("ลงทะเบียนเรียบร้อยแล้ว", registered.Answer);
        Assert.Contains("กรมที่ดิน", registered.Answer);
        Assert.Empty(registered.Calls);
        var entry = world.Roster.Find(RosterChannels.Line, user)!;
        Assert.Equal((Roles.Dcio, "D116"), (entry.Role, entry.UnitId));
        Assert.Equal("ok", after.Calls[0].Outcome);
    }

    [Fact]
    public async Task A_Teams_user_is_registered_by_aadObjectId()
    {
        var code = (await IssueAsync(new { role = "executive" })).GetProperty("code").GetString()!;
        var aad = Guid.NewGuid().ToString();
        var from = new ChannelAddress(AlertChannels.Teams, "29:" + Guid.NewGuid().ToString("N"), "a:conv", "tenant", aad, "ผู้บริหาร");

        var reply = await Chat.AskAsync(new AskRequest("ลงทะเบียน " + code, "teams:a:conv", aad) { From = from }, CancellationToken.None);

        Assert.Equal("registered", reply.Registration);
        Assert.Equal(Roles.Executive, world.Roster.Find(RosterChannels.Teams, aad)!.Role);
        Assert.Null(world.Roster.Find(RosterChannels.Teams, from.UserId));
    }

    [Fact]
    public async Task A_reused_code_is_refused_and_registers_nobody()
    {
        var code = (await IssueAsync(new { role = "analyst" })).GetProperty("code").GetString()!;
        string first = "U" + Guid.NewGuid().ToString("N"), second = "U" + Guid.NewGuid().ToString("N");

        Assert.Equal("registered", (await Say(Line(first), "ลงทะเบียน " + code)).Registration);
        var again = await Say(Line(second), "ลงทะเบียน " + code);
        var sameUser = await Say(Line(first), "ลงทะเบียน " + code);

        Assert.Equal("used", again.Registration);
        Assert.Equal("used", sameUser.Registration);
        Assert.Contains("ใช้ไม่ได้", again.Answer);
        Assert.Null(world.Roster.Find(RosterChannels.Line, second));
        Assert.Equal("refused", (await Say(Line(second), "ปีนี้กรมไหนระดับขึ้นบ้าง")).Calls[0].Outcome);
    }

    [Fact]
    public async Task An_expired_code_is_refused_and_registers_nobody()
    {
        // Issued two days ago for one day.
        var past = new Roster(State, new At(DateTimeOffset.UtcNow.AddDays(-2)));
        var code = past.IssueCode(Roles.Analyst, null, TimeSpan.FromDays(1)).Code;
        var user = "U" + Guid.NewGuid().ToString("N");

        var reply = await Say(Line(user), "ลงทะเบียน " + code);

        Assert.Equal("expired", reply.Registration);
        Assert.Contains("ใช้ไม่ได้", reply.Answer);
        Assert.Null(world.Roster.Find(RosterChannels.Line, user));
    }

    [Fact]
    public async Task An_unknown_code_is_refused_in_the_same_words_as_a_used_one()
    {
        var user = "U" + Guid.NewGuid().ToString("N");

        var reply = await Say(Line(user), "ลงทะเบียน ABCDE-FGHJK");

        Assert.Equal("unknown", reply.Registration);
        Assert.Equal(world.Host.Services.GetRequiredService<DgBot.Core.Formatting.ThaiFormatter>().T("register.failed"), reply.Answer);
        Assert.Null(world.Roster.Find(RosterChannels.Line, user));
    }

    [Fact]
    public async Task Codes_are_stored_hashed_the_plain_code_is_nowhere_in_the_database()
    {
        var code = (await IssueAsync(new { role = "dcio", unit = "D116", hours = 2 })).GetProperty("code").GetString()!;
        var plain = Roster.NormalizeCode(code);

        using var c = State.Open();
        var rows = c.Query("SELECT * FROM registration_code").Cast<IDictionary<string, object?>>().ToList();
        Assert.Contains(rows, r => (string?)r["code_hash"] == Roster.HashCode(plain));
        foreach (var value in rows.SelectMany(r => r.Values).OfType<string>())
        {
            Assert.DoesNotContain(plain, value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(code, value, StringComparison.OrdinalIgnoreCase);
        }
        c.Execute("PRAGMA wal_checkpoint(TRUNCATE)");
        var bytes = Encoding.ASCII.GetString(File.ReadAllBytes(State.Path));
        Assert.DoesNotContain(plain, bytes);
        Assert.DoesNotContain(code, bytes);
    }

    [Fact]
    public async Task Registration_needs_a_chat_channel_and_never_reaches_the_web_page_as_registration()
    {
        using var client = world.Host.CreateClient();

        var json = await AccessWorld.AskAsync(client, "ลงทะเบียน ABCDE-FGHJK");

        Assert.Equal("register", json.GetProperty("intent").GetString());
        Assert.Equal("no_channel", json.GetProperty("registration").GetString());
    }

    [Fact]
    public async Task Only_executives_and_admins_may_subscribe_to_alerts_in_roster_mode()
    {
        string stranger = "U" + Guid.NewGuid().ToString("N"), dcio = "U" + Guid.NewGuid().ToString("N"), executive = "U" + Guid.NewGuid().ToString("N");
        world.Roster.Upsert(RosterChannels.Line, dcio, Roles.Dcio, "D116");
        world.Roster.Upsert(RosterChannels.Line, executive, Roles.Executive, null);
        var subscriptions = new AlertSubscriptions(State, TimeProvider.System);

        var refused = await Say(Line(stranger), "ขอรับแจ้งเตือนหน่วยงานเสี่ยงตกระดับด้วยครับ");
        var refusedDcio = await Say(Line(dcio), "ขอรับแจ้งเตือนหน่วยงานเสี่ยงตกระดับด้วยครับ");
        var accepted = await Say(Line(executive), "ขอรับแจ้งเตือนหน่วยงานเสี่ยงตกระดับด้วยครับ");

        Assert.Contains("เฉพาะผู้บริหาร", refused.Answer);
        Assert.Contains("เฉพาะผู้บริหาร", refusedDcio.Answer);
        Assert.Null(subscriptions.Find(AlertChannels.Line, stranger));
        Assert.Null(subscriptions.Find(AlertChannels.Line, dcio));
        Assert.Contains("บันทึกการรับแจ้งเตือนความเสี่ยงแล้ว", accepted.Answer);
        Assert.True(subscriptions.Find(AlertChannels.Line, executive)!.Active);
    }
}
