using System.Globalization;
using System.Text.Json;

namespace DgBot.Cli.Tests;

/// <summary>`dgbot ask` answers through the same chat service as POST /api/ask, on a real built database.</summary>
public sealed class AskCommandTests(BuiltDatabase built) : CliTestBase(built), IClassFixture<BuiltDatabase>
{
    private static async Task<(int Exit, string Out, string Err)> DgbotWithInput(string input, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr, new StringReader(input));
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Ask_prints_the_Thai_answer_with_the_units_stored_score()
    {
        var (exit, stdout, stderr) = await Dgbot("ask", "--db", Db, "กรมที่ดินอยู่ระดับไหน");

        Assert.True(exit == 0, stderr);
        var overall = double.Parse(Scalar(Db, "SELECT score FROM score WHERE unit_id = 'D116' AND year = 2567 AND scope = 'overall'")!, CultureInfo.InvariantCulture);
        var level = Scalar(Db, "SELECT level FROM score WHERE unit_id = 'D116' AND year = 2567 AND scope = 'overall'");
        Assert.Contains("กรมที่ดิน ปี 2567", stdout);
        Assert.Contains($"ระดับที่ {level}", stdout);
        Assert.Contains(overall.ToString("F2", CultureInfo.InvariantCulture), stdout);
        Assert.Contains("ข้อมูลสาธิต", stdout);
    }

    [Fact]
    public async Task Ask_json_prints_the_api_ask_body_with_readable_Thai_and_resolved_arguments()
    {
        var (exit, stdout, stderr) = await Dgbot("ask", "--json", "--db", Db, "กรมที่ดิน", "อันดับเท่าไร");

        Assert.True(exit == 0, stderr);
        Assert.Contains("\"name\":\"กรมที่ดิน\"", stdout);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal("unit_rank", root.GetProperty("intent").GetString());
        var call = root.GetProperty("calls")[0];
        Assert.Equal("maturity", call.GetProperty("plugin").GetString());
        Assert.Equal("D116", call.GetProperty("arguments").GetProperty("unit").GetProperty("id").GetString());
        Assert.Equal(2567, call.GetProperty("arguments").GetProperty("year").GetInt32());
        Assert.True(root.GetProperty("dataset").GetProperty("synthetic").GetBoolean());
        var rank = 1 + int.Parse(Scalar(Db, """
            SELECT COUNT(*) FROM score s JOIN unit u ON u.id = s.unit_id
            WHERE s.year = 2567 AND s.scope = 'overall' AND u.kind = 'department'
              AND s.score > (SELECT score FROM score WHERE unit_id = 'D116' AND year = 2567 AND scope = 'overall')
            """)!, CultureInfo.InvariantCulture);
        Assert.Contains($"อันดับ {rank} จาก", root.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task Ask_without_a_question_reads_stdin_as_one_conversation()
    {
        var (exit, stdout, stderr) = await DgbotWithInput("จังหวัดขอนแก่นอยู่ระดับไหน\n\nแล้วอันดับล่ะ\n", "ask", "--json", "--db", Db);

        Assert.True(exit == 0, stderr);
        var answers = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, answers.Count);
        Assert.Equal("unit_profile", answers[0].GetProperty("intent").GetString());
        Assert.Equal("unit_rank", answers[1].GetProperty("intent").GetString());
        var khonKaen = Scalar(Db, "SELECT id FROM unit WHERE name_th = 'ขอนแก่น'");
        Assert.Equal(khonKaen, answers[1].GetProperty("calls")[0].GetProperty("arguments").GetProperty("unit").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Ask_rejects_an_empty_or_overlong_question_with_a_clear_message()
    {
        var empty = await Dgbot("ask", "--db", Db, "   ");
        Assert.Equal(1, empty.Exit);
        Assert.Contains("กรุณาพิมพ์คำถาม", empty.Err);

        var overlong = await Dgbot("ask", "--db", Db, new string('ก', 2001));
        Assert.Equal(1, overlong.Exit);
        Assert.Contains("ยาวเกิน 2,000 ตัวอักษร", overlong.Err);
        Assert.Equal("", overlong.Out);
    }

    [Fact]
    public async Task Ask_help_shows_usage_and_examples()
    {
        var (exit, stdout, _) = await Dgbot("ask", "--help");
        Assert.Equal(0, exit);
        Assert.Contains("dgbot ask \"<question>\" [--json]", stdout);
    }
}
