using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using DgBot.Core.Access;
using DgBot.Core.Alerts;
using DgBot.Core.Storage;
using DgBot.Web.Chat;
using DgBot.Web.Tests.Model;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace DgBot.Web.Tests.Access;

/// <summary>
/// Secrets a user types never reach the audit log, the conversation store or a model, however a registration is typed; and a
/// conversation belongs to its caller, so another caller who sends its id opens a conversation of its own.
/// </summary>
[Collection(AccessWorld.Name)]
public class SecretsAndConversationsTests(AccessWorld world) : IAsyncLifetime
{
    private readonly FakeOpenAI _fake = new();
    private ModelFactory? _factory;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
        await _fake.DisposeAsync();
        SqliteConnection.ClearAllPools();
        DatabaseBuilder.DeleteDatabaseFiles(_statePath);
        var keys = Path.ChangeExtension(_statePath, null) + "-keys";
        if (Directory.Exists(keys)) Directory.Delete(keys, recursive: true);
    }

    private static ChannelAddress Line(string user) => new(AlertChannels.Line, user, user);

    private static Task<AskResponse> Say(ChatService chat, ChannelAddress from, string text) =>
        chat.AskAsync(new AskRequest(text, "line:" + from.UserId, from.UserId) { From = from }, CancellationToken.None);

    private string IssueCode() => world.Roster.IssueCode(Roles.Analyst, null, TimeSpan.FromHours(1)).Code;

    private readonly string _statePath = Path.Combine(Path.GetTempPath(), $"dgbot-secrets-{Guid.NewGuid():N}-state.db");

    /// <summary>Every row of every table of a state database, as one text.</summary>
    private static string StateText(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var text = new StringBuilder();
        foreach (var table in connection.Query<string>("SELECT name FROM sqlite_master WHERE type = 'table'"))
            foreach (IDictionary<string, object?> row in connection.Query($"SELECT * FROM \"{table}\""))
                text.AppendJoin(' ', row.Values).Append('\n');
        return text.ToString();
    }

    public static TheoryData<string> Forms => new()
    {
        "ลงทะเบียน {0} ครับ",
        "ลงทะเบียน: {0}",
        "ลงทะเบียนรหัส {0}",
        "ลงทะเบียนด้วยรหัส {1}–{2} นะคะ",
        "register {0}",
        "Register code: {1} {2}",
        "สวัสดีครับ ลงทะเบียน {lower}",
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task A_code_typed_in_any_usual_form_registers_the_user(string form)
    {
        var code = Roster.NormalizeCode(IssueCode());
        var text = form.Replace("{0}", code).Replace("{1}", code[..5]).Replace("{2}", code[5..]).Replace("{lower}", code.ToLowerInvariant());
        var user = "U" + Guid.NewGuid().ToString("N");

        var reply = await Say(world.Host.Services.GetRequiredService<ChatService>(), Line(user), text);

        Assert.Equal("registered", reply.Registration);
        Assert.Equal(Roles.Analyst, world.Roster.Find(RosterChannels.Line, user)!.Role);
    }

    [Fact]
    public async Task Fifty_registration_attempts_leave_no_code_in_the_audit_log_the_conversation_store_or_the_model()
    {
        _fake.ThenSay("สวัสดีครับ");
        // A state database of its own, with the guessing limits out of the way: fifty refusals must not lock registration for the
        // other tests, and what is checked here is what gets stored, not the limits.
        var settings = AccessWorld.Settings(_fake.Endpoint);
        settings["Data:StatePath"] = _statePath;
        settings["Access:CodeFailuresPerMinute"] = "1000";
        settings["Access:CodeFailuresPerUser"] = "1000";
        _factory = new ModelFactory(world.Db, settings, new InvocationRecorder());
        var chat = _factory.Services.GetRequiredService<ChatService>();
        var roster = new Roster(new StateStore(_statePath), TimeProvider.System);
        string[] forms = ["ลงทะเบียน {0}", "ลงทะเบียน {0} ครับ", "ลงทะเบียน: {0}", "ลงทะเบียนรหัส {0}", "register {0}", "ลงทะเบียน {1}–{2}",
            "ลงทะเบียน {1} - {2}", "Register: {0} please", "ขอลงทะเบียนด้วยรหัส {0} ค่ะ", "ลงทะเบียน รหัสผ่าน {0}"];
        var secrets = new List<string>();
        var user = "U" + Guid.NewGuid().ToString("N");
        for (int i = 0; i < 50; i++)
        {
            // Half real codes (spent), half guesses (refused): neither may be kept anywhere.
            var code = Roster.NormalizeCode(i % 2 == 0 ? roster.IssueCode(Roles.Analyst, null, TimeSpan.FromHours(1)).Code : Convert.ToHexString(Guid.NewGuid().ToByteArray())[..10]);
            secrets.Add(code);
            var form = forms[i % forms.Length];
            var text = string.Format(form, code, code[..5], code[5..]);
            // Each from its own user: one user's guesses are limited, and that limit is not what this test is about.
            var reply = await Say(chat, Line(user + i), text);
            Assert.True(reply.Intent == "register", $"{text} → {reply.Intent}");
        }
        // An ordinary question still reaches the model, so the check below is not vacuous.
        await Say(chat, Line(user), "สวัสดีครับ อยากทราบว่ากรมที่ดินอยู่ระดับไหน");
        Assert.NotEmpty(_fake.Requests);

        var stored = StateText(_statePath);
        var sent = string.Join("\n", _fake.Requests.Select(r => r.GetRawText()));
        foreach (var code in secrets)
        {
            Assert.DoesNotContain(code, stored, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(code[..5], sent, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Contains(RegistrationText.Redacted, stored);
    }

    [Theory]
    [InlineData("ลงทะเบียนใช้งานยังไง")]
    [InlineData("ลงทะเบียน DCIO ต้องทำอย่างไร")]
    public void A_question_about_registering_is_no_registration_attempt(string text) => Assert.False(RegistrationText.IsAttempt(text));

    [Fact]
    public async Task Another_callers_conversation_id_opens_a_fresh_conversation()
    {
        using var owner = world.Host.CreateClient();
        using var other = world.Host.CreateClient();
        var conversation = Guid.NewGuid().ToString("N");
        await owner.PostAsJsonAsync("/api/ask", new { text = "อัตราการตอบกลับเท่าไร", conversationId = conversation });
        var mine = await (await owner.PostAsJsonAsync("/api/ask", new { text = "แล้วของจังหวัดล่ะ", conversationId = conversation }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var theirs = await (await other.PostAsJsonAsync("/api/ask", new { text = "แล้วของจังหวัดล่ะ", conversationId = conversation }))
            .Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("published_figure", mine.GetProperty("intent").GetString());
        Assert.NotEqual("published_figure", theirs.GetProperty("intent").GetString());
    }

    [Fact]
    public async Task A_web_caller_sending_a_LINE_conversation_id_neither_reads_nor_writes_it()
    {
        var user = "U" + Guid.NewGuid().ToString("N");
        var chat = world.Host.Services.GetRequiredService<ChatService>();
        var code = world.Roster.IssueCode(Roles.Executive, null, TimeSpan.FromHours(1)).Code;
        Assert.Equal("registered", (await Say(chat, Line(user), "ลงทะเบียน " + code)).Registration);
        await Say(chat, Line(user), "กรมสรรพากรอยู่ระดับไหน");

        using var anonymous = world.Host.CreateClient();
        var hello = await (await anonymous.PostAsJsonAsync("/api/ask", new { text = "สวัสดี", conversationId = "line:" + user }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.DoesNotContain(hello.GetProperty("suggestions").EnumerateArray(), s => s.GetString()!.Contains("กรมสรรพากร"));
        await anonymous.PostAsJsonAsync("/api/ask", new { text = "ผมเป็น DCIO ของกรมที่ดิน", conversationId = "line:" + user });

        var followUp = await Say(chat, Line(user), "แล้วอันดับล่ะ");
        Assert.Equal("unit_rank", followUp.Intent);
        // The anonymous caller's set_context went to a conversation of its own: the LINE user's unit is still กรมสรรพากร.
        Assert.Contains("\"id\":\"D034\"", JsonSerializer.Serialize(followUp.Calls[0].Arguments["unit"]));
    }
}

public class RegistrationTextTests
{
    [Theory]
    [InlineData("Register code: ABCDE FGHJK", "ABCDEFGHJK")]
    [InlineData("ลงทะเบียน 754WG-GYMQU ครับ", "754WGGYMQU")]
    [InlineData("ลงทะเบียนรหัส 754WG–GYMQU", "754WGGYMQU")]
    [InlineData("register: abcde-fghjk", "ABCDEFGHJK")]
    [InlineData("ลงทะเบียน", "")]
    public void The_code_is_read_from_every_usual_form(string text, string normalized) =>
        Assert.Equal(normalized, DgBot.Core.Access.Roster.NormalizeCode(RegistrationText.CodeIn(text)!));
}
