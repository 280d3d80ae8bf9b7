using DgBot.Core.Access;
using DgBot.Core.Storage;
using DgBot.Web.Access;
using Microsoft.Extensions.Options;

namespace DgBot.Cli.Tests;

/// <summary>`dgbot users add|remove|list|code|unlock` on a copy of the built database; the roster lands in its state database.</summary>
public sealed class UsersCommandTests(BuiltDatabase built) : CliTestBase(built), IClassFixture<BuiltDatabase>
{
    private string State => StateStore.DefaultPathFor(Db);

    private Roster Roster => new(new StateStore(State), TimeProvider.System);

    private static async Task<(int Exit, string Out, string Err)> DgbotWithInput(string input, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr, new StringReader(input));
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Add_list_and_remove_a_dcio_by_unit_name()
    {
        var (exit, stdout, stderr) = await Dgbot("users", "add", "line", "U123", "dcio", "กรมที่ดิน", "--db", Db);
        Assert.True(exit == 0, stderr);
        Assert.Contains("D116", stdout);

        (exit, stdout, _) = await Dgbot("users", "list", "--db", Db);
        Assert.Equal(0, exit);
        Assert.Contains("line\tU123\tdcio\tD116 กรมที่ดิน", stdout);

        (exit, stdout, _) = await Dgbot("users", "remove", "line", "U123", "--db", Db);
        Assert.Equal(0, exit);
        Assert.Contains("removed", stdout);
        Assert.Null(Roster.Find("line", "U123"));

        (exit, _, stderr) = await Dgbot("users", "remove", "line", "U123", "--db", Db);
        Assert.Equal(1, exit);
        Assert.Contains("not found", stderr);
    }

    [Fact]
    public async Task A_web_user_gets_a_hashed_password_from_stdin()
    {
        var (exit, _, stderr) = await DgbotWithInput("s3cret-รหัส\n", "users", "add", "web", "somchai", "analyst", "--password-stdin", "--db", Db);

        Assert.True(exit == 0, stderr);
        Assert.NotNull(Roster.CheckPassword("somchai", "s3cret-รหัส"));
        Assert.Null(Roster.CheckPassword("somchai", "wrong"));
        Assert.DoesNotContain(Rows(State, "SELECT password_hash FROM user_roster"), r => r.Contains("s3cret"));
    }

    [Theory]
    [InlineData("users add fax U1 analyst", "channel must be one of")]
    [InlineData("users add line U1 boss", "role must be one of")]
    [InlineData("users add line U1 dcio", "a dcio needs a unit")]
    [InlineData("users add line U1 dcio กรมที่ไม่มีจริง", "is not a unit of the survey")]
    [InlineData("users add line U1 analyst D116", "only a dcio has a unit")]
    [InlineData("users add line U1 analyst --password-stdin", "only web users have a password")]
    [InlineData("users frobnicate", "usage: dgbot users")]
    [InlineData("users unlock fax U1", "channel must be one of")]
    [InlineData("users unlock web", "usage: dgbot users")]
    [InlineData("users code dcio D116 --hours 0", "--hours must be a positive integer")]
    public async Task Bad_input_is_a_usage_error_that_changes_nothing(string command, string message)
    {
        var (exit, _, stderr) = await DgbotWithInput("pw\n", [.. command.Split(' '), "--db", Db]);

        Assert.Equal(2, exit);
        Assert.Contains(message, stderr);
        Assert.Empty(Roster.List());
    }

    [Fact]
    public async Task Code_prints_a_one_time_code_once_and_stores_only_its_hash()
    {
        var (exit, stdout, stderr) = await Dgbot("users", "code", "dcio", "D116", "--hours", "24", "--db", Db);

        Assert.True(exit == 0, stderr);
        var code = stdout.Trim();
        Assert.Matches("^[A-Z2-9]{5}-[A-Z2-9]{5}$", code);
        Assert.Contains("ลงทะเบียน " + code, stderr);
        var rows = Rows(State, "SELECT code_hash, role, unit_id, used_at FROM registration_code");
        Assert.Equal([Roster.HashCode(Roster.NormalizeCode(code)) + "|dcio|D116|"], rows);

        var redeemed = Roster.Redeem(code, RosterChannels.Line, "U9");
        Assert.Equal(RedeemStatus.Registered, redeemed.Status);
        Assert.Equal(RedeemStatus.Used, Roster.Redeem(code, RosterChannels.Line, "U10").Status);
    }

    private AttemptLimiter Attempts => new(new AttemptLedger(new StateStore(State), TimeProvider.System), Roster, Options.Create(new AccessOptions()));

    [Fact]
    public async Task Unlock_lifts_a_web_login_lockout_and_the_account_gets_five_fresh_tries()
    {
        Roster.Upsert(RosterChannels.Web, "somchai", Roles.Analyst, null, password: "ถูกต้อง");
        for (var i = 0; i < 5; i++) Attempts.LoginFailed(Attempts.BeginLogin("somchai", "203.0.113.7"));
        Assert.True(Attempts.BeginLogin("somchai", null).Refused);

        var (exit, stdout, stderr) = await Dgbot("users", "unlock", "web", "somchai", "--db", Db);

        Assert.True(exit == 0, stderr);
        Assert.Contains("unlocked", stdout);
        Assert.Null(Attempts.LockedUntil(RosterChannels.Web, "somchai"));
        var attempt = Attempts.BeginLogin("somchai", null);
        Assert.False(attempt.Refused);
        Attempts.LoginSucceeded(attempt);
        (exit, stdout, _) = await Dgbot("users", "unlock", "web", "somchai", "--db", Db);
        Assert.Equal(0, exit);
        Assert.Contains("was not locked", stdout);
    }

    [Fact]
    public async Task Unlock_lets_a_LINE_user_whose_registration_codes_were_refused_try_again()
    {
        var code = Roster.IssueCode(Roles.Executive, null, TimeSpan.FromHours(1)).Code;
        for (var i = 0; i < 5; i++) Assert.Equal(RedeemStatus.Unknown, Attempts.Redeem("ABCDE-FGHJK", RosterChannels.Line, "U77").Status);
        Assert.Equal(RedeemStatus.Limited, Attempts.Redeem(code, RosterChannels.Line, "U77").Status);

        var (exit, stdout, stderr) = await Dgbot("users", "unlock", "line", "U77", "--db", Db);

        Assert.True(exit == 0, stderr);
        Assert.Contains("(unlocked): line U77", stdout);
        Assert.Equal(RedeemStatus.Registered, Attempts.Redeem(code, RosterChannels.Line, "U77").Status);
    }

    [Fact]
    public async Task Users_has_its_own_help_and_is_listed()
    {
        var (exit, stdout, _) = await Dgbot("users", "--help");
        Assert.Equal(0, exit);
        Assert.StartsWith("dgbot users add <channel> <user-id> <role> [unit]", stdout.TrimStart());
        Assert.Contains("ลงทะเบียน <code>", stdout);
        Assert.Contains("dgbot users unlock <channel> <user-id>", stdout);
        (_, stdout, _) = await Dgbot("--help");
        Assert.Contains("users <action>", stdout);
    }
}
