using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using DgBot.Core.Alerts;
using DgBot.Core.Audit;
using DgBot.Core.Storage;
using DgBot.Web.Chat;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DgBot.Web.Tests.Limits;

/// <summary>The host on Kestrel (a real 127.0.0.1 connection, so the per-IP limit sees an address) with small limits.</summary>
public sealed class LimitedFactory : WebApplicationFactory<Program>
{
    public const string AdminKey = "limits-admin-key";
    private readonly DemoDatabase _db;

    public LimitedFactory(DemoDatabase db)
    {
        _db = db;
        UseKestrel(0);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Data:Path", _db.Path);
        builder.UseSetting("RateLimits:LimitLoopback", "true");
        builder.UseSetting("RateLimits:PerIpPerMinute", "5");
        builder.UseSetting("RateLimits:PerUserPerMinute", "3");
        builder.UseSetting("Admin:ApiKey", AdminKey);
        builder.UseSetting("Alerts:Cron", "");
    }

    public HttpClient Start()
    {
        StartServer();
        return CreateClient();
    }
}

public sealed class LimitsTests : IClassFixture<DemoDatabase>, IDisposable
{
    private readonly LimitedFactory _factory;
    private readonly HttpClient _client;

    public LimitsTests(DemoDatabase db)
    {
        _factory = new LimitedFactory(db);
        _client = _factory.Start();
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    private Task<HttpResponseMessage> Ask(string text, string user = "limits-user") =>
        _client.PostAsJsonAsync("/api/ask", new { text, conversationId = Guid.NewGuid().ToString("N"), userId = user });

    private AuditLog Audit => _factory.Services.GetRequiredService<AuditLog>();

    [Fact]
    public async Task One_address_gets_its_quota_of_questions_a_minute_then_a_Thai_429_with_Retry_After()
    {
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await Ask("กรมที่ดินอยู่ระดับไหน", "user" + i)).StatusCode);

        var refused = await Ask("กรมที่ดินอยู่ระดับไหน", "someone-else");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After in seconds");
        Assert.Contains("ส่งคำขอถี่เกินไป", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        // Health checks and the page are not counted.
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task A_LINE_user_asking_too_fast_is_told_to_wait_in_Thai_and_other_users_are_not_held_up()
    {
        var chat = _factory.Services.GetRequiredService<ChatService>();
        AskRequest From(string user) => new AskRequest("เชียงใหม่อันดับเท่าไร", "line:" + user, user) { From = new ChannelAddress(AlertChannels.Line, user, user) };
        var fast = "U" + Guid.NewGuid().ToString("N");
        var other = "U" + Guid.NewGuid().ToString("N");

        var answers = new List<AskResponse>();
        for (var i = 0; i < 4; i++) answers.Add(await chat.AskAsync(From(fast), CancellationToken.None));
        var theirs = await chat.AskAsync(From(other), CancellationToken.None);

        Assert.All(answers.Take(3), a => Assert.Equal("unit_rank", a.Intent));
        var limited = answers[3];
        Assert.Equal(ChatService.RateLimited, limited.Intent);
        Assert.Contains("กรุณารอประมาณ", limited.Answer);
        Assert.Empty(limited.Calls);
        Assert.InRange(limited.RetryAfterSeconds!.Value, 1, 60);
        Assert.Equal("unit_rank", theirs.Intent);
        var rows = Audit.List(50, channel: "line", userId: fast);
        Assert.Equal(4, rows.Count);
        Assert.Equal(ChatService.RateLimited, rows[0].Outcome);
    }

    [Fact]
    public async Task Oversized_bodies_get_a_Thai_413_and_leave_no_trace()
    {
        var before = Audit.List(10_000).Count;
        var big = JsonSerializer.Serialize(new { text = new string('ก', 20_000), conversationId = "big" });
        var sized = new StringContent(big, Encoding.UTF8, "application/json");
        var chunked = new PushStreamContent(big).WithType();

        var withLength = await _client.PostAsync("/api/ask", sized);
        var withoutLength = await _client.PostAsync("/api/ask", chunked);
        var longText = await Ask(new string('ข', ChatService.MaxLength + 1));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, withLength.StatusCode);
        Assert.Contains("คำขอใหญ่เกินไป", await withLength.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, withoutLength.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, longText.StatusCode);
        Assert.Contains("คำถามยาวเกิน", await longText.Content.ReadAsStringAsync());
        Assert.Equal(before, Audit.List(10_000).Count);
    }

    [Fact]
    public async Task The_audit_log_records_each_question_its_caller_functions_and_outcome_but_never_a_registration_code()
    {
        const string code = "QWERT-23456";
        Assert.Equal(HttpStatusCode.OK, (await Ask("กรมที่ดินอยู่ระดับไหน", "auditor")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Ask("ลงทะเบียน " + code, "auditor")).StatusCode);

        var anonymous = await _client.GetAsync("/api/admin/audit");
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/audit?user=auditor&limit=10");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", LimitedFactory.AdminKey);
        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entries = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(2, entries.Count);
        var register = entries[0];
        var question = entries[1];
        Assert.Equal("ลงทะเบียน [รหัสถูกซ่อน]", register.GetProperty("question").GetString());
        Assert.StartsWith("registration:", register.GetProperty("outcome").GetString());
        Assert.Equal("กรมที่ดินอยู่ระดับไหน", question.GetProperty("question").GetString());
        Assert.Equal("api", question.GetProperty("channel").GetString());
        Assert.Equal("answered", question.GetProperty("outcome").GetString());
        Assert.Equal("open", question.GetProperty("role").GetString());
        Assert.StartsWith("maturity.", question.GetProperty("functions").GetString());
        Assert.EndsWith(":ok", question.GetProperty("functions").GetString());
        Assert.True(question.GetProperty("durationMs").GetInt64() >= 0);

        // Nowhere in the audit table, whatever column.
        using var c = _factory.Services.GetRequiredService<StateStore>().Open();
        var everything = string.Join("\n", c.Query<string>("SELECT at || channel || COALESCE(user_id,'') || COALESCE(conversation,'') || question || functions || outcome FROM audit_log"));
        Assert.DoesNotContain(code, everything);
        Assert.DoesNotContain(LimitedFactory.AdminKey, everything);
    }

    /// <summary>A body sent chunked, with no Content-Length, as a client streaming it would.</summary>
    private sealed class PushStreamContent(string text) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(Encoding.UTF8.GetBytes(text)).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        public PushStreamContent WithType()
        {
            Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            return this;
        }
    }
}
