using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using DgBot.Core.Access;
using DgBot.Web.Access;
using DgBot.Web.Tests.Charts;
using Microsoft.Extensions.DependencyInjection;

namespace DgBot.Web.Tests.Access;

/// <summary>
/// Guessing web passwords (issue 15): a login name is locked after 5 wrong passwords in 15 minutes, a client address after
/// 20, for 15 minutes, right password or not; the counts are in the state database, and an admin can lift a lock.
/// </summary>
[Collection(LockoutWorld.Name)]
public sealed class LoginLockoutTests(LockoutWorld world) : IDisposable
{
    private const string Password = "รหัสผ่าน-ถูกต้อง-15";
    private readonly ScratchState _state = new();
    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);

    public void Dispose() => _state.Dispose();

    private LockoutHost Host(string user = "somsri")
    {
        var host = new LockoutHost(world.Db, _state.Path, _clock);
        host.Roster.Upsert(RosterChannels.Web, user, Roles.Analyst, null, password: Password);
        return host;
    }

    /// <summary>Read as a string, which buffers the body, so a test may look at it more than once.</summary>
    private static async Task<string> Error(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString()!;

    private long Counted(string scope, string key)
    {
        using var c = _state.Store.Open();
        return c.ExecuteScalar<long>("SELECT COUNT(*) FROM access_failure WHERE kind = 'login' AND scope = @scope AND key = @key AND cleared_at IS NULL",
            new { scope, key });
    }

    [Fact]
    public async Task Sixty_wrong_passwords_and_then_the_right_one_is_refused_because_the_account_is_locked()
    {
        using var host = Host();
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < 60; i++) statuses.Add((await host.LoginAsync("somsri", "เดา-" + i)).StatusCode);
        var right = await host.LoginAsync("somsri", Password);

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), statuses.Take(5));
        Assert.All(statuses.Skip(5), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.Contains("เข้าสู่ระบบไม่สำเร็จหลายครั้งเกินไป", await Error(right));
        Assert.Contains("15 นาที", await Error(right));
        Assert.Equal(TimeSpan.FromMinutes(15), right.Headers.RetryAfter?.Delta);
        Assert.False(right.Headers.Contains("Set-Cookie"));
        // Only five passwords were ever checked; the lock cleared their count, so the next lock starts from nothing.
        using var c = _state.Store.Open();
        Assert.Equal(5, c.ExecuteScalar<long>("SELECT COUNT(*) FROM access_failure WHERE scope = 'account' AND key = 'somsri'"));
        Assert.Equal(0, Counted(AttemptLimiter.Account, "somsri"));
    }

    [Fact]
    public async Task The_lock_ends_after_fifteen_minutes_and_then_the_right_password_signs_in()
    {
        using var host = Host();
        for (var i = 0; i < 5; i++) await host.LoginAsync("somsri", "ผิด");

        _clock.Now += TimeSpan.FromMinutes(14);
        var stillLocked = await host.LoginAsync("somsri", Password);
        _clock.Now += TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1);
        var signedIn = await host.LoginAsync("somsri", Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, stillLocked.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(1), stillLocked.Headers.RetryAfter?.Delta);
        Assert.Contains("1 นาที", await Error(stillLocked));
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Equal("somsri", (await signedIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Failures_older_than_fifteen_minutes_no_longer_count()
    {
        using var host = Host();
        for (var i = 0; i < 4; i++) await host.LoginAsync("somsri", "ผิด");

        _clock.Now += TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1);
        for (var i = 0; i < 4; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await host.LoginAsync("somsri", "ผิด")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await host.LoginAsync("somsri", Password)).StatusCode);
    }

    [Fact]
    public async Task A_successful_sign_in_clears_the_accounts_failures()
    {
        using var host = Host();

        for (var i = 0; i < 4; i++) await host.LoginAsync("somsri", "ผิด");
        var first = await host.LoginAsync("somsri", Password);
        for (var i = 0; i < 4; i++) await host.LoginAsync("somsri", "ผิด");
        var second = await host.LoginAsync("somsri", Password);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(0, Counted(AttemptLimiter.Account, "somsri"));
        using var c = _state.Store.Open();
        Assert.Equal(8, c.ExecuteScalar<long>("SELECT COUNT(*) FROM access_failure WHERE key = 'somsri' AND cleared_by = 'success'"));
    }

    [Fact]
    public async Task A_name_the_roster_does_not_have_locks_in_the_same_words_so_a_lock_tells_nothing_about_which_names_exist()
    {
        using var host = Host();
        for (var i = 0; i < 5; i++)
        {
            await host.LoginAsync("somsri", "ผิด");
            await host.LoginAsync("ไม่มีชื่อนี้", "ผิด");
        }

        var real = await host.LoginAsync("somsri", Password);
        var made = await host.LoginAsync("ไม่มีชื่อนี้", Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, real.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, made.StatusCode);
        Assert.Equal(await real.Content.ReadAsStringAsync(), await made.Content.ReadAsStringAsync());
        Assert.Equal(real.Headers.RetryAfter, made.Headers.RetryAfter);
        Assert.DoesNotContain("somsri", await real.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Failures_are_kept_in_the_state_database_with_their_times_and_survive_a_restart_of_the_host()
    {
        var started = _clock.Now;
        using (var first = Host())
        {
            for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await first.LoginAsync("somsri", "ผิด")).StatusCode);
        }

        _clock.Now += TimeSpan.FromMinutes(2);
        using (var second = new LockoutHost(world.Db, _state.Path, _clock))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await second.LoginAsync("somsri", "ผิด")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await second.LoginAsync("somsri", "ผิด")).StatusCode);
            Assert.Equal(HttpStatusCode.TooManyRequests, (await second.LoginAsync("somsri", Password)).StatusCode);
        }

        using var third = new LockoutHost(world.Db, _state.Path, _clock);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await third.LoginAsync("somsri", Password)).StatusCode);
        using var c = _state.Store.Open();
        var times = c.Query<string>("SELECT at FROM access_failure WHERE kind = 'login' AND scope = 'account' AND key = 'somsri' ORDER BY id").ToList();
        Assert.Equal([.. Enumerable.Repeat(DgBot.Core.Storage.StateStore.Timestamp(started), 3),
            .. Enumerable.Repeat(DgBot.Core.Storage.StateStore.Timestamp(started + TimeSpan.FromMinutes(2)), 2)], times);
        Assert.Equal(DgBot.Core.Storage.StateStore.Timestamp(started + TimeSpan.FromMinutes(17)),
            c.ExecuteScalar<string>("SELECT locked_until FROM access_lock WHERE kind = 'login' AND scope = 'account' AND key = 'somsri'"));
    }

    [Fact]
    public async Task An_admin_unlocks_a_locked_account_through_the_API_and_the_right_password_then_signs_in()
    {
        using var host = Host();
        for (var i = 0; i < 5; i++) await host.LoginAsync("somsri", "ผิด");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await host.LoginAsync("somsri", Password)).StatusCode);

        using var anonymous = host.CreateClient();
        var refused = await anonymous.PostAsync("/api/admin/users/web/somsri/unlock", null);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await host.LoginAsync("somsri", Password)).StatusCode);
        using var admin = host.Admin();
        var unlocked = await admin.PostAsync("/api/admin/users/web/somsri/unlock", null);
        var again = await admin.PostAsync("/api/admin/users/web/somsri/unlock", null);
        var badChannel = await admin.PostAsync("/api/admin/users/fax/somsri/unlock", null);
        var signedIn = await host.LoginAsync("somsri", Password);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unlocked.StatusCode);
        var body = await unlocked.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("wasLocked").GetBoolean());
        Assert.False((await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("wasLocked").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, badChannel.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Contains(host.Services.GetRequiredService<DgBot.Core.Audit.AuditLog>().List(20, channel: "admin"),
            a => a.Question == "POST /api/admin/users/web/somsri/unlock" && a.Outcome == "admin:200");
    }

    [Fact]
    public async Task After_an_unlock_the_account_has_five_fresh_tries()
    {
        using var host = Host();
        for (var i = 0; i < 4; i++) await host.LoginAsync("somsri", "ผิด");

        using var admin = host.Admin();
        var unlocked = await (await admin.PostAsync("/api/admin/users/web/somsri/unlock", null)).Content.ReadFromJsonAsync<JsonElement>();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++) statuses.Add((await host.LoginAsync("somsri", "ผิด")).StatusCode);

        Assert.False(unlocked.GetProperty("wasLocked").GetBoolean());
        Assert.Equal(4, unlocked.GetProperty("failuresCleared").GetInt32());
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await host.LoginAsync("somsri", Password)).StatusCode);
    }

    [Fact]
    public async Task One_address_guessing_at_many_names_is_stopped_after_twenty_failures_while_other_addresses_still_sign_in()
    {
        using var host = Host();
        host.Roster.Upsert(RosterChannels.Web, "other", Roles.Analyst, null, password: Password);
        const string guesser = "203.0.113.7", colleague = "198.51.100.4";

        // Four names, five tries each would lock the names; four tries at each of five names locks only the address.
        for (var name = 0; name < 5; name++)
            for (var i = 0; i < 4; i++)
                Assert.Equal(HttpStatusCode.Unauthorized, (await host.LoginAsync("name" + name, "ผิด", guesser)).StatusCode);

        var fromGuesser = await host.LoginAsync("somsri", Password, guesser);
        var fromColleague = await host.LoginAsync("somsri", Password, colleague);
        _clock.Now += TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1);
        var later = await host.LoginAsync("other", Password, guesser);

        Assert.Equal(HttpStatusCode.TooManyRequests, fromGuesser.StatusCode);
        Assert.Contains("เข้าสู่ระบบไม่สำเร็จหลายครั้งเกินไป", await Error(fromGuesser));
        Assert.Equal(HttpStatusCode.OK, fromColleague.StatusCode);
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact]
    public async Task A_good_sign_in_from_an_address_does_not_wash_out_its_failures_at_other_names()
    {
        using var host = Host();
        const string guesser = "203.0.113.8";

        for (var name = 0; name < 19; name++) await host.LoginAsync("name" + name, "ผิด", guesser);
        Assert.Equal(HttpStatusCode.OK, (await host.LoginAsync("somsri", Password, guesser)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.LoginAsync("name19", "ผิด", guesser)).StatusCode);

        Assert.Equal(HttpStatusCode.TooManyRequests, (await host.LoginAsync("somsri", Password, guesser)).StatusCode);
    }

    [Fact]
    public async Task Guesses_sent_all_at_once_get_no_more_than_five_password_checks()
    {
        using var host = Host();

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => host.LoginAsync("somsri", "พร้อมกัน-" + i)));

        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.Unauthorized));
        Assert.Equal(25, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await host.LoginAsync("somsri", Password)).StatusCode);
    }

    [Theory]
    [InlineData("203.0.113.7", false, "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", false, "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", false, "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", false, "2001:db8:1:2::/64")]
    [InlineData("127.0.0.1", false, null)]
    [InlineData("::1", false, null)]
    [InlineData("127.0.0.1", true, "127.0.0.1")]
    public void A_client_counts_by_its_address_an_IPv6_client_by_its_64_and_this_machine_only_when_told(string address, bool countLoopback, string? key)
    {
        Assert.Equal(key, AttemptLimiter.SourceKey(IPAddress.Parse(address), countLoopback));
    }
}
