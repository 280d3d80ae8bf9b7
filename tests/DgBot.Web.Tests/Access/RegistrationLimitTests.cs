using System.Net;
using Dapper;
using DgBot.Core.Access;
using DgBot.Core.Alerts;
using DgBot.Core.Audit;
using DgBot.Core.Formatting;
using DgBot.Web.Chat;
using DgBot.Web.Tests.Charts;
using Microsoft.Extensions.DependencyInjection;

namespace DgBot.Web.Tests.Access;

/// <summary>
/// Guessing registration codes (issue 15): a Teams or LINE user gets 5 wrong codes in 15 minutes, everyone together 20 a
/// minute; after that "ลงทะเบียน …" is politely refused without the code being looked at, so a real code is not spent.
/// </summary>
[Collection(LockoutWorld.Name)]
public sealed class RegistrationLimitTests(LockoutWorld world) : IDisposable
{
    private readonly ScratchState _state = new();
    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);

    public void Dispose() => _state.Dispose();

    private LockoutHost Host() => new(world.Db, _state.Path, _clock);

    private static Task<AskResponse> Say(LockoutHost host, string user, string text)
    {
        var from = new ChannelAddress(AlertChannels.Line, user, user);
        return host.Services.GetRequiredService<ChatService>().AskAsync(new AskRequest(text, "line:" + user, user) { From = from }, CancellationToken.None);
    }

    private static string Issue(LockoutHost host) => host.Roster.IssueCode(Roles.Analyst, null, TimeSpan.FromDays(3)).Code;

    private string? UsedAt(string code)
    {
        using var c = _state.Store.Open();
        return c.ExecuteScalar<string?>("SELECT used_at FROM registration_code WHERE code_hash = @hash", new { hash = Roster.HashCode(Roster.NormalizeCode(code)) });
    }

    [Fact]
    public async Task A_user_past_five_wrong_codes_is_refused_politely_the_real_code_is_not_spent_and_works_after_the_window()
    {
        using var host = Host();
        var code = Issue(host);
        var failed = host.Services.GetRequiredService<ThaiFormatter>().T("register.failed");

        var wrong = new List<AskResponse>();
        for (var i = 0; i < 5; i++) wrong.Add(await Say(host, "U-guesser", $"ลงทะเบียน ABCDE-FGH{(char)('J' + i)}2"));
        var refused = await Say(host, "U-guesser", "ลงทะเบียน " + code);
        var unspent = UsedAt(code);
        _clock.Now += TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1);
        var later = await Say(host, "U-guesser", "ลงทะเบียน " + code);

        Assert.All(wrong, r => Assert.Equal((failed, "unknown"), (r.Answer, r.Registration)));
        Assert.Equal("limited", refused.Registration);
        Assert.Contains("หลายครั้งเกินไป", refused.Answer);
        Assert.Contains("15 นาที", refused.Answer);
        Assert.DoesNotContain(failed, refused.Answer);
        Assert.Null(unspent);
        Assert.Equal("registered", later.Registration);
        Assert.Equal(Roles.Analyst, host.Roster.Find(RosterChannels.Line, "U-guesser")!.Role);
        Assert.Contains(host.Services.GetRequiredService<AuditLog>().List(20, userId: "U-guesser"), a => a.Outcome == "registration:limited");
    }

    [Fact]
    public async Task Other_users_keep_their_own_five_tries_when_one_user_is_limited()
    {
        using var host = Host();
        var code = Issue(host);

        for (var i = 0; i < 5; i++) await Say(host, "U-guesser", "ลงทะเบียน ABCDE-FGHJK");

        Assert.Equal("limited", (await Say(host, "U-guesser", "ลงทะเบียน " + code)).Registration);
        Assert.Equal("registered", (await Say(host, "U-honest", "ลงทะเบียน " + code)).Registration);
    }

    [Fact]
    public async Task Everyone_together_gets_twenty_wrong_codes_a_minute_and_then_no_code_is_looked_at_until_the_minute_is_over()
    {
        using var host = Host();
        var code = Issue(host);

        // Five accounts, four wrong codes each: no one reaches their own limit, together they reach everyone's.
        for (var user = 0; user < 5; user++)
            for (var i = 0; i < 4; i++)
                Assert.Equal("unknown", (await Say(host, "U-bot" + user, "ลงทะเบียน ABCDE-FGHJK")).Registration);
        var refused = await Say(host, "U-newcomer", "ลงทะเบียน " + code);
        var unspent = UsedAt(code);
        _clock.Now += TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1);
        var later = await Say(host, "U-newcomer", "ลงทะเบียน " + code);

        Assert.Equal("limited", refused.Registration);
        Assert.Contains("1 นาที", refused.Answer);
        Assert.Null(unspent);
        Assert.Equal("registered", later.Registration);
    }

    [Fact]
    public async Task A_registered_code_is_no_failure_and_clears_the_users_earlier_wrong_codes()
    {
        using var host = Host();
        var first = Issue(host);
        var second = Issue(host);

        for (var i = 0; i < 4; i++) await Say(host, "U-typo", "ลงทะเบียน ABCDE-FGHJK");
        Assert.Equal("registered", (await Say(host, "U-typo", "ลงทะเบียน " + first)).Registration);
        for (var i = 0; i < 4; i++) await Say(host, "U-typo", "ลงทะเบียน ABCDE-FGHJK");

        Assert.Equal("registered", (await Say(host, "U-typo", "ลงทะเบียน " + second)).Registration);
    }

    [Fact]
    public async Task An_admin_unlocks_a_LINE_user_whose_codes_were_refused_and_their_code_then_works()
    {
        using var host = Host();
        var code = Issue(host);
        for (var i = 0; i < 5; i++) await Say(host, "U-locked", "ลงทะเบียน ABCDE-FGHJK");
        Assert.Equal("limited", (await Say(host, "U-locked", "ลงทะเบียน " + code)).Registration);

        using var admin = host.Admin();
        var unlocked = await admin.PostAsync("/api/admin/users/line/U-locked/unlock", null);

        Assert.Equal(HttpStatusCode.OK, unlocked.StatusCode);
        Assert.Equal("registered", (await Say(host, "U-locked", "ลงทะเบียน " + code)).Registration);
    }

    [Fact]
    public async Task A_users_wrong_codes_survive_a_restart_of_the_host()
    {
        string code;
        using (var first = Host())
        {
            code = Issue(first);
            for (var i = 0; i < 5; i++) await Say(first, "U-restart", "ลงทะเบียน ABCDE-FGHJK");
        }

        using var second = Host();

        Assert.Equal("limited", (await Say(second, "U-restart", "ลงทะเบียน " + code)).Registration);
        Assert.Null(UsedAt(code));
    }
}
