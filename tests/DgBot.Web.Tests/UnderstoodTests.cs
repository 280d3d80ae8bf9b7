using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace DgBot.Web.Tests;

/// <summary>
/// The questions a new user got answered as a different question (level ranges, averages, peer comparisons, scope follow-ups,
/// a new topic after a list): each now gets the right function and arguments, an answer whose first line says what was
/// understood, and numbers that independent SQL over the same database confirms.
/// </summary>
public class UnderstoodTests : IClassFixture<DemoDatabase>, IDisposable
{
    private readonly DemoDatabase _db;
    private readonly AskFactory _factory;
    private readonly HttpClient _client;

    public UnderstoodTests(DemoDatabase db)
    {
        _db = db;
        _factory = new AskFactory(db);
        _client = _factory.CreateClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    private async Task<JsonElement> Ask(string text, string conversation)
    {
        var response = await _client.PostAsJsonAsync("/api/ask", new { text, conversationId = conversation, userId = "u1" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string Arg(JsonElement json, string name) =>
        json.GetProperty("calls")[0].GetProperty("arguments").TryGetProperty(name, out var v)
            ? v.ValueKind == JsonValueKind.Object ? v.GetProperty("id").GetString()! : v.ToString()
            : "-";

    private long Scalar(string sql, params (string Name, object Value)[] args)
    {
        using var connection = new SqliteConnection($"Data Source={_db.Path};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in args) command.Parameters.AddWithValue(name, value);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public static TheoryData<string, string, string> Ranges => new()
    {
        { "ขอรายชื่อหน่วยงานในสังกัด กษ. ที่อยู่ระดับ 1 หรือ 2", "กระทรวงเกษตรและสหกรณ์", "1-2" },
        { "หน่วยงานระดับ 1-2 ในกระทรวงคมนาคม", "กระทรวงคมนาคม", "1-2" },
        { "หน่วยงานที่ได้ระดับ 2-3 ในกระทรวงมหาดไทย", "กระทรวงมหาดไทย", "2-3" },
        { "หน่วยงานระดับ 2–3 ในกระทรวงมหาดไทย", "กระทรวงมหาดไทย", "2-3" },
    };

    [Theory]
    [MemberData(nameof(Ranges))]
    public async Task A_level_range_lists_every_unit_in_it_and_says_so_on_its_first_line(string question, string ministry, string range)
    {
        var json = await Ask(question, Guid.NewGuid().ToString("N"));
        Assert.Equal("list_units", json.GetProperty("intent").GetString());
        var (lo, hi) = (int.Parse(range[..1], CultureInfo.InvariantCulture), int.Parse(range[2..], CultureInfo.InvariantCulture));
        Assert.Equal(lo.ToString(CultureInfo.InvariantCulture), Arg(json, "min_level"));
        Assert.Equal(hi.ToString(CultureInfo.InvariantCulture), Arg(json, "max_level"));
        Assert.Equal(ministry, Arg(json, "ministry"));
        var expected = Scalar("SELECT count(*) FROM score s JOIN unit u ON u.id = s.unit_id WHERE s.year = 2567 AND s.scope = 'overall' AND u.kind = 'department' AND u.ministry = $m AND s.level BETWEEN $lo AND $hi",
            ("$m", ministry), ("$lo", lo), ("$hi", hi));
        var understood = json.GetProperty("understood").GetString()!;
        Assert.Equal(json.GetProperty("answer").GetString()!.Split('\n')[0], understood);
        Assert.Contains(ministry, understood);
        Assert.Contains($"ระดับ {lo}–{hi}", understood);
        Assert.Contains("ปี 2567", understood);
        Assert.EndsWith($": {expected} แห่ง", understood);
        Assert.Empty(json.GetProperty("notUsed").EnumerateArray());
    }

    [Fact]
    public async Task Northern_provinces_at_level_1_or_2_are_counted_as_the_database_counts_them()
    {
        var json = await Ask("จังหวัดภาคเหนือที่ได้ระดับ 1 หรือ 2", Guid.NewGuid().ToString("N"));
        var expected = Scalar("SELECT count(*) FROM score s JOIN unit u ON u.id = s.unit_id WHERE s.year = 2567 AND s.scope = 'overall' AND u.kind = 'province' AND u.region = 'ภาคเหนือ' AND s.level IN (1, 2)");
        Assert.Equal("ภาคเหนือ", Arg(json, "region"));
        Assert.Equal($"จังหวัดภาคเหนือที่อยู่ระดับ 1–2 (ภาพรวม ปี 2567): {expected} แห่ง", json.GetProperty("understood").GetString());
    }

    [Fact]
    public async Task A_ministry_average_is_the_mean_of_its_units_scores()
    {
        var json = await Ask("ค่าเฉลี่ยคะแนนของกระทรวงมหาดไทยเท่าไหร่", Guid.NewGuid().ToString("N"));
        Assert.Equal("group_summary", json.GetProperty("intent").GetString());
        Assert.Equal("mean", Arg(json, "statistic"));
        using var connection = new SqliteConnection($"Data Source={_db.Path};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT avg(s.score), count(*) FROM score s JOIN unit u ON u.id = s.unit_id WHERE s.year = 2567 AND s.scope = 'overall' AND u.ministry = 'กระทรวงมหาดไทย'";
        using var reader = command.ExecuteReader();
        reader.Read();
        var mean = Math.Round(reader.GetDouble(0), 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture);
        var understood = json.GetProperty("understood").GetString()!;
        Assert.StartsWith("ค่าเฉลี่ยคะแนนของหน่วยงานระดับกรม ในกระทรวงมหาดไทย (ภาพรวม ปี 2567)", understood);
        Assert.Contains($"{mean} (จาก {reader.GetInt64(1)} แห่ง)", understood);
    }

    [Fact]
    public async Task Which_ministry_has_the_most_level_4_units_names_the_top_ministry_first_and_every_group()
    {
        var json = await Ask("กระทรวงไหนมีหน่วยงานระดับ 4 มากที่สุด", Guid.NewGuid().ToString("N"));
        Assert.Equal("group_summary", json.GetProperty("intent").GetString());
        Assert.Equal("ministry", Arg(json, "group_by"));
        Assert.Equal("4", Arg(json, "level"));
        var most = Scalar("SELECT max(n) FROM (SELECT count(*) n FROM score s JOIN unit u ON u.id = s.unit_id WHERE s.year = 2567 AND s.scope = 'overall' AND u.kind = 'department' AND s.level = 4 GROUP BY u.ministry)");
        var groups = Scalar("SELECT count(DISTINCT coalesce(u.ministry, '')) FROM score s JOIN unit u ON u.id = s.unit_id WHERE s.year = 2567 AND s.scope = 'overall' AND u.kind = 'department'");
        var lines = json.GetProperty("answer").GetString()!.Split('\n');
        Assert.Contains($"{groups} กลุ่ม", lines[0]);
        Assert.Matches($@"^1\. .+: {most} จาก \d+ แห่ง", lines[1]);
        // Twelve groups are shown; the rest are named in one line, never dropped in silence.
        if (groups > 12) Assert.Contains(lines, l => l.StartsWith($"และอีก {groups - 12} กลุ่ม", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(": 0 จาก 0", StringComparison.Ordinal) || l.StartsWith(". ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("กรมที่ดินเทียบกับหน่วยงานอื่นในกระทรวงมหาดไทยเป็นยังไง", "D116", "ministry")]
    [InlineData("ขอนแก่นได้คะแนนเท่าไร เทียบกับค่าเฉลี่ยภาคอีสาน", "TH-40", "region")]
    [InlineData("กรมการปกครองเทียบกับหน่วยงานด้านบริการด้วยกัน", "D114", "mission")]
    public async Task A_unit_against_its_group_is_unit_vs_group_with_the_group_named(string question, string unit, string scope)
    {
        var json = await Ask(question, Guid.NewGuid().ToString("N"));
        Assert.Equal("unit_vs_group", json.GetProperty("intent").GetString());
        Assert.Equal(unit, Arg(json, "unit"));
        Assert.Equal(scope, Arg(json, "scope"));
        Assert.Contains("เฉลี่ยกลุ่ม", json.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task Scope_follow_ups_keep_the_unit()
    {
        var c = Guid.NewGuid().ToString("N");
        await Ask("ขอนแก่นได้ระดับอะไร", c);
        var rank = await Ask("ขอดูอันดับทั้งประเทศด้วย", c);
        Assert.Equal("unit_rank", rank.GetProperty("intent").GetString());
        Assert.Equal("TH-40", Arg(rank, "unit"));

        var d = Guid.NewGuid().ToString("N");
        await Ask("กรมที่ดินได้ระดับอะไร", d);
        var versus = await Ask("เทียบกับค่าเฉลี่ยกระทรวงล่ะ", d);
        Assert.Equal("unit_vs_group", versus.GetProperty("intent").GetString());
        Assert.Equal("D116", Arg(versus, "unit"));
        Assert.Equal("ministry", Arg(versus, "scope"));
    }

    [Fact]
    public async Task A_report_figure_after_a_list_is_a_new_question_not_the_list_again()
    {
        var c = Guid.NewGuid().ToString("N");
        await Ask("ขอรายชื่อจังหวัดที่ Cybersecurity ระดับ 1", c);
        var figure = await Ask("อัตราการตอบกลับแบบสำรวจปี 2567 เท่าไหร่", c);
        Assert.Equal("published_figure", figure.GetProperty("intent").GetString());
        var count = await Ask("ปีนี้มีหน่วยงานระดับกรมตอบแบบสำรวจกี่แห่ง", Guid.NewGuid().ToString("N"));
        Assert.Equal("published_figure", count.GetProperty("intent").GetString());
    }

    [Fact]
    public async Task An_exclusion_DgBot_cannot_apply_is_listed_in_notUsed_and_said_in_the_answer()
    {
        var json = await Ask("ขอรายชื่อหน่วยงานระดับ 4 ยกเว้นกรมที่ดิน", Guid.NewGuid().ToString("N"));
        Assert.Equal("list_units", json.GetProperty("intent").GetString());
        Assert.Contains("ยกเว้น กรมที่ดิน", json.GetProperty("notUsed").EnumerateArray().Select(w => w.GetString()));
        Assert.Contains("ยังไม่ได้นำมาใช้", json.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task An_English_question_about_the_rank_among_all_departments_in_a_CE_year_is_understood()
    {
        var json = await Ask("How does the Department of Lands rank among all departments in 2023?", Guid.NewGuid().ToString("N"));
        Assert.Equal("unit_rank", json.GetProperty("intent").GetString());
        Assert.Equal("D116", Arg(json, "unit"));
        Assert.Equal("2566", Arg(json, "year"));
        Assert.Equal("-", Arg(json, "scope"));
        Assert.Contains("ของทั้งหมด", json.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task A_level_a_top_list_cannot_take_is_named_as_not_taken_into_account()
    {
        var json = await Ask("5 อันดับแรกของหน่วยงานระดับ 4", Guid.NewGuid().ToString("N"));
        if (json.GetProperty("intent").GetString() == "top_units")
            Assert.Contains("ระดับ 4", json.GetProperty("notUsed").EnumerateArray().Select(w => w.GetString()));
        else
            Assert.Equal("4", Arg(json, "level"));
    }
}
