using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DgBot.Web.Tests;

public sealed class AskFactory(DemoDatabase db) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.UseSetting("Data:Path", db.Path);
}

public class AskTests : IClassFixture<DemoDatabase>, IDisposable
{
    private readonly AskFactory _factory;
    private readonly HttpClient _client;

    public AskTests(DemoDatabase db)
    {
        _factory = new AskFactory(db);
        _client = _factory.CreateClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    /// <summary>Each question is its own conversation unless a test names one: state is persisted, and tests must not share it.</summary>
    private async Task<JsonElement> Ask(string text, string? conversation = null)
    {
        var response = await _client.PostAsJsonAsync("/api/ask", new { text, conversationId = conversation ?? Guid.NewGuid().ToString("N"), userId = "u1" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task A_rank_question_returns_the_answer_the_intent_and_the_call_with_resolved_arguments()
    {
        var json = await Ask("เชียงใหม่อันดับเท่าไรในภาค");
        Assert.Equal("unit_rank", json.GetProperty("intent").GetString());
        var call = json.GetProperty("calls")[0];
        Assert.Equal("maturity", call.GetProperty("plugin").GetString());
        var args = call.GetProperty("arguments");
        Assert.Equal("TH-50", args.GetProperty("unit").GetProperty("id").GetString());
        Assert.Equal("เชียงใหม่", args.GetProperty("unit").GetProperty("name").GetString());
        Assert.Equal("province", args.GetProperty("unit").GetProperty("kind").GetString());
        Assert.Equal("region", args.GetProperty("scope").GetString());
        Assert.Equal(2567, args.GetProperty("year").GetInt32());
        Assert.True(json.GetProperty("dataset").GetProperty("synthetic").GetBoolean());
        Assert.Equal(2567, json.GetProperty("dataset").GetProperty("latestYear").GetInt32());
        var answer = json.GetProperty("answer").GetString()!;
        Assert.Contains("จาก 9", answer); // nine northern provinces
        Assert.Contains("สังเคราะห์", answer);
        Assert.NotEmpty(json.GetProperty("suggestions").EnumerateArray());
    }

    [Fact]
    public async Task A_risk_question_about_one_agency_returns_the_model_probability_with_Thai_reasons_and_the_card_precision()
    {
        var json = await Ask("กรมที่ดินเสี่ยงตกระดับไหม");
        Assert.Equal("unit_risk", json.GetProperty("intent").GetString());
        var call = json.GetProperty("calls")[0];
        Assert.Equal("risk", call.GetProperty("plugin").GetString());
        Assert.Equal("กรมที่ดิน", call.GetProperty("arguments").GetProperty("unit").GetProperty("name").GetString());
        var answer = json.GetProperty("answer").GetString()!;
        Assert.DoesNotContain("ยังไม่มีแบบจำลอง", answer); // not "not_available": the host trained a model at start-up
        Assert.Matches(@"กรมที่ดิน: โอกาสที่ระดับภาพรวมจะลดลงในรอบปี 2568 ประมาณ \d{1,3}%", answer);
        Assert.Contains("• ", answer); // at least one reason line
        Assert.Contains("ค่าประมาณจากแบบจำลอง", answer);
        Assert.Matches(@"10 อันดับแรกลดระดับจริง \d{1,3}%", answer); // the model card's precision@10
        Assert.Contains("สังเคราะห์", answer);
        var rich = json.GetProperty("rich");
        Assert.EndsWith("%", rich.GetProperty("headline").GetString());
    }

    [Fact]
    public async Task A_watchlist_question_lists_provinces_by_probability_with_a_reason_each()
    {
        var json = await Ask("จังหวัดไหนเสี่ยงตกระดับปีหน้า");
        Assert.Equal("risk_watchlist", json.GetProperty("intent").GetString());
        var answer = json.GetProperty("answer").GetString()!;
        Assert.Contains("จังหวัดที่แบบจำลองประเมินว่ามีโอกาสลดระดับในรอบปี 2568", answer);
        Assert.Matches(@"\n1\. \S+ \d{1,3}% \(ระดับที่ \d", answer);
        Assert.Contains("ค่าประมาณจากแบบจำลอง", answer);
    }

    [Fact]
    public async Task A_follow_up_in_the_same_conversation_keeps_the_unit_and_moves_the_year()
    {
        await Ask("โคราชอยู่ระดับไหน", "follow");
        var json = await Ask("แล้วปีที่แล้วล่ะ", "follow");
        var args = json.GetProperty("calls")[0].GetProperty("arguments");
        Assert.Equal("TH-30", args.GetProperty("unit").GetProperty("id").GetString());
        Assert.Equal(2566, args.GetProperty("year").GetInt32());
        Assert.Contains("ปี 2566", json.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task An_abbreviation_that_means_two_units_gets_a_question_back()
    {
        var json = await Ask("ตร. อยู่ระดับไหน");
        Assert.Equal("clarify", json.GetProperty("intent").GetString());
        Assert.Empty(json.GetProperty("calls").EnumerateArray());
        var answer = json.GetProperty("answer").GetString()!;
        Assert.Contains("ตราด", answer);
        Assert.Contains("สำนักงานตำรวจแห่งชาติ", answer);
    }

    [Fact]
    public async Task A_national_figure_is_answered_with_the_published_number_and_its_line()
    {
        var json = await Ask("อัตราการตอบกลับเท่าไร");
        Assert.Equal("published_figure", json.GetProperty("intent").GetString());
        var answer = json.GetProperty("answer").GetString()!;
        Assert.Contains("อัตราการตอบกลับของหน่วยงานทั้งหมดในการสำรวจระดับความพร้อมฯ: 96.02% [บรรทัด 35]", answer);
        Assert.DoesNotContain("response rate", answer); // the English metric name is for the data file, not for users
    }

    [Fact]
    public async Task A_level_asked_on_its_own_is_explained_with_its_band_and_what_each_pillar_calls_it()
    {
        var json = await Ask("ระดับ 3 หมายถึงอะไร");
        var top = await Ask("ระดับขั้นสูงสุดคืออะไร");

        Assert.Equal("describe", json.GetProperty("intent").GetString());
        var answer = json.GetProperty("answer").GetString()!;
        Assert.StartsWith("ระดับที่ 3 (ขั้นกลาง) หรือ Defined (Data-centric)", answer);
        Assert.Contains("ตั้งแต่ 40.00 แต่ต่ำกว่า 60.00", answer); // data/scoring/rules.json bands
        // The report's framework table (line 75 on): pillar 1 at level 3 is Constituent Value, pillar 7 Disruptive-tech.
        Assert.Contains("• ตัวชี้วัดที่ 1 แนวนโยบายและหลักปฏิบัติ: Constituent Value", answer);
        Assert.Contains("• ตัวชี้วัดที่ 7 เทคโนโลยีดิจิทัลและการนำไปใช้: Disruptive-tech", answer);
        Assert.Equal(7, answer.Split('\n').Count(l => l.StartsWith("• ตัวชี้วัดที่ ", StringComparison.Ordinal)));
        var highest = top.GetProperty("answer").GetString()!;
        Assert.StartsWith("ระดับที่ 5 (ขั้นสูงสุด) หรือ Optimizing (Smart)", highest);
        Assert.Contains("ตั้งแต่ 80.00 ขึ้นไป", highest);
        Assert.Contains("การบริหารจัดการรูปแบบดิจิทัล: Transformational", highest);
    }

    [Theory]
    [InlineData("ขอบคุณครับ", "ยินดีครับ")]
    [InlineData("ok thank you", "ยินดีครับ")]
    [InlineData("สวัสดีครับ", "สวัสดีครับ")]
    public async Task Thanks_are_answered_as_thanks_and_a_hello_as_a_hello(string text, string opening)
    {
        var json = await Ask(text);

        Assert.Equal("greeting", json.GetProperty("intent").GetString());
        Assert.StartsWith(opening, json.GetProperty("answer").GetString());
    }

    [Fact]
    public void Every_figure_published_as_a_bare_number_has_a_Thai_label()
    {
        var formatter = (DgBot.Core.Formatting.ThaiFormatter)_factory.Services.GetService(typeof(DgBot.Core.Formatting.ThaiFormatter))!;
        var file = Path.Combine(DgBot.Core.DataPaths.FindDataDirectory(), "reference", "published-aggregates.json");
        var bare = JsonDocument.Parse(File.ReadAllText(file)).RootElement.EnumerateArray()
            .Where(f => f.GetProperty("thai_text").GetString()!.Length <= 8).ToList();

        Assert.NotEmpty(bare);
        Assert.All(bare, f =>
        {
            var label = formatter.FigureLabel(f.GetProperty("id").GetString()!, f.GetProperty("metric").GetString()!);
            Assert.NotEqual(f.GetProperty("metric").GetString(), label);
            Assert.Matches(@"^[\u0E00-\u0E7F]", label); // Thai wording, as the report has it
        });
    }

    [Fact]
    public async Task A_distribution_question_gives_the_reports_share()
    {
        var json = await Ask("จังหวัดระดับ 1 ด้านไซเบอร์กี่จังหวัด");
        Assert.Equal("level_distribution", json.GetProperty("intent").GetString());
        Assert.Contains("45 แห่ง (59.21%)", json.GetProperty("answer").GetString());
    }

    [Theory]
    [InlineData("พรุ่งนี้ฝนตกไหม")]
    [InlineData("'; DROP TABLE score; --")]
    [InlineData("กรมที่ดิน\u0000\u0007 อยู่ระดับไหน")]
    public async Task Odd_questions_get_a_polite_Thai_answer_and_change_nothing(string text)
    {
        var json = await Ask(text, "odd");
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("answer").GetString()));
        Assert.NotEqual("error", json.GetProperty("intent").GetString());
        var health = await _client.GetStringAsync("/health");
        Assert.Equal("Healthy", health);
    }

    [Fact]
    public async Task Bad_requests_get_a_clear_400()
    {
        async Task<HttpResponseMessage> Post(string body, string type = "application/json") =>
            await _client.PostAsync("/api/ask", new StringContent(body, Encoding.UTF8, type));
        var cases = new[]
        {
            await Post("{\"text\": \"\"}"),
            await Post("{\"text\": \"   \"}"),
            await Post(JsonSerializer.Serialize(new { text = new string('ก', 2001) })),
            await Post("{\"text\": \"กรมที่ดิน"),
            await Post("text=กรมที่ดิน", "text/plain"),
        };
        foreach (var response in cases)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("error").GetString()));
        }
        var ok = await Post(JsonSerializer.Serialize(new { text = new string('ก', 2000) }));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }
}
