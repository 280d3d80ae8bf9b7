using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using DgBot.Core.Reference;
using DgBot.Core.Storage;

namespace DgBot.Cli.Tests;

/// <summary>A good file replaces exactly the rounds it holds, stores what it says, and re-scores those rounds.</summary>
public sealed class ImportWritesGoodFilesTests(BuiltDatabase built) : CliTestBase(built), IClassFixture<BuiltDatabase>
{
    private static readonly string[] Units = ["D001", "D002", "S001", "TH-50", "TH-30"];

    /// <summary>Chosen answers for every item of the unit's form: options cycle by unit and item, numbers are small.</summary>
    private Dictionary<string, string> AnswersFor(string unit, int salt)
    {
        var population = unit.StartsWith("TH-", StringComparison.Ordinal) ? Population.Province : Population.Department;
        var answers = new Dictionary<string, string>();
        var items = Definition.Reference.ItemsFor(population).ToList();
        for (int i = 0; i < items.Count; i++)
        {
            var it = items[i];
            answers[it.Code] = it.IsNumeric
                ? Math.Min(it.MaxValue ?? 100, 3 + (i + salt) % 40).ToString(CultureInfo.InvariantCulture)
                : it.Options[(i + salt) % it.Options.Count].Code;
        }
        return answers;
    }

    private string PopulationOf(string unit) => Scalar(Db, "SELECT kind FROM unit WHERE id = @unit", new { unit })!;

    /// <summary>The file as people write it: some answers as Thai labels, a unit by its Thai name, Thai digits, a CE year.</summary>
    private string CsvFor(IReadOnlyDictionary<string, Dictionary<string, string>> answers, int year, bool thaiHeader = false)
    {
        var sb = new StringBuilder(thaiHeader ? "หน่วยงาน,ปี,ข้อ,คำตอบ\n" : "Unit,YEAR,item,value\n");
        int n = 0;
        foreach (var (unit, items) in answers)
        {
            var population = PopulationOf(unit);
            var unitCell = unit == "D002" ? Definition.Reference.Agencies.Single(a => a.Id == "D002").NameTh : unit == "TH-30" ? "th-30" : unit;
            var yearCell = unit == "S001" ? (year - 543).ToString(CultureInfo.InvariantCulture)
                : unit == "TH-50" ? ToThaiDigits(year.ToString(CultureInfo.InvariantCulture)) : year.ToString(CultureInfo.InvariantCulture);
            foreach (var (code, value) in items)
            {
                var item = Definition.Reference.FindItem(population, code)!;
                var valueCell = (n++ % 3) switch
                {
                    0 when !item.IsNumeric => item.Option(value)!.LabelTh,
                    0 => ToThaiDigits(value),
                    _ => value,
                };
                sb.Append(CultureInfo.InvariantCulture, $"{DgBot.Core.Text.Csv.Escape(unitCell)},{yearCell},{code},{DgBot.Core.Text.Csv.Escape(valueCell)}\n");
            }
        }
        return sb.ToString();
    }

    private static string ToThaiDigits(string s) => new(s.Select(c => c is >= '0' and <= '9' ? (char)('๐' + (c - '0')) : c).ToArray());

    private void AssertRoundHolds(int year, IReadOnlyDictionary<string, Dictionary<string, string>> answers)
    {
        var stored = Rows(Db, "SELECT unit_id, item, value FROM response WHERE year = @year ORDER BY unit_id, item", new { year });
        var expected = answers.SelectMany(u => u.Value.Select(a => $"{u.Key}|{a.Key}|{a.Value}")).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, stored.Order(StringComparer.Ordinal).ToList());

        using var c = Database.Open(Db, readOnly: true);
        Assert.Equal(answers.Count, c.ExecuteScalar<long>("SELECT COUNT(DISTINCT unit_id) FROM score WHERE year = @year", new { year }));
        foreach (var (unit, items) in answers)
        {
            var card = Definition.Engine.Score(PopulationOf(unit), items);
            var scores = c.Query<(string Scope, string Key, double Score, long Level)>(
                "SELECT scope, key, score, level FROM score WHERE unit_id = @unit AND year = @year", new { unit, year })
                .ToDictionary(s => (s.Scope, s.Key), s => (s.Score, s.Level));
            Assert.Equal((card.Score, (long)card.Level), scores[("overall", "")]);
            foreach (var p in card.Pillars) Assert.Equal((p.Score, (long)p.Level), scores[("pillar", p.Pillar.ToString(CultureInfo.InvariantCulture))]);
            foreach (var s in card.SubIndicators) Assert.Equal((s.Score, (long)s.Level), scores[("sub_indicator", s.Code)]);
            Assert.Equal(1 + card.Pillars.Count + card.SubIndicators.Count, scores.Count);
        }
    }

    private const string OtherYears = "SELECT unit_id, year, item, value FROM response WHERE year <> 2567 ORDER BY unit_id, year, item";
    private const string OtherScores = "SELECT unit_id, year, scope, key, score, level FROM score WHERE year <> 2567 ORDER BY unit_id, year, scope, key";

    [Fact]
    public async Task A_valid_CSV_replaces_the_2567_round_and_rescores_it_leaving_other_years_untouched()
    {
        var answers = Units.Select((u, i) => (u, AnswersFor(u, i * 7))).ToDictionary(x => x.u, x => x.Item2);
        var oldOverall = Rows(Db, "SELECT unit_id, score FROM score WHERE year = 2567 AND scope = 'overall' AND unit_id IN @Units ORDER BY unit_id", new { Units });
        var path = WriteFile("survey-2567.csv", CsvFor(answers, 2567));

        var (exit, stdout, stderr) = await Dgbot("import", path, "--db", Db, "-q");

        Assert.True(exit == 0, stderr);
        var rows = answers.Sum(a => a.Value.Count);
        Assert.Contains($"นำเข้า survey-2567.csv แล้ว (imported): {rows:N0} แถว (rows), 5 หน่วยงาน (units), ปี 2567", stdout);
        AssertRoundHolds(2567, answers);
        Assert.NotEqual(oldOverall, Rows(Db, "SELECT unit_id, score FROM score WHERE year = 2567 AND scope = 'overall' AND unit_id IN @Units ORDER BY unit_id", new { Units }));
        Assert.Equal(Rows(Built.Path, OtherYears), Rows(Db, OtherYears));
        Assert.Equal(Rows(Built.Path, OtherScores), Rows(Db, OtherScores));

        Assert.Equal("1", Scalar(Db, "SELECT value FROM dataset_meta WHERE key = 'synthetic'"));
        Assert.Equal("2567", Scalar(Db, "SELECT value FROM dataset_meta WHERE key = 'latest_year'"));
        var sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
        Assert.Equal([$"import|survey-2567.csv sha256:{sha}"], Rows(Db, "SELECT source, detail FROM survey_source WHERE year = 2567"));
        Assert.Equal(["synthetic", "synthetic", "synthetic", "synthetic"], Rows(Db, "SELECT source FROM survey_source WHERE year <> 2567 ORDER BY year"));
        Assert.Equal([$"survey-2567.csv|{sha}|{rows}|5|2567"], Rows(Db, "SELECT file, sha256, rows, units, years FROM import_log"));
        Assert.Equal(Units.Order(StringComparer.Ordinal).ToList(),
            Rows(Db, "SELECT s.unit_id FROM surveyed s WHERE s.year = 2567 AND s.unit_id IN @Units ORDER BY s.unit_id", new { Units }));
    }

    [Fact]
    public async Task Importing_every_round_clears_the_synthetic_flag_and_Thai_headers_are_accepted()
    {
        var years = new[] { 2563, 2564, 2565, 2566, 2567 };
        var files = new List<string>();
        var perYear = new Dictionary<int, Dictionary<string, Dictionary<string, string>>>();
        var csv = new StringBuilder();
        foreach (var year in years)
        {
            perYear[year] = Units.Take(3).Select((u, i) => (u, AnswersFor(u, year + i))).ToDictionary(x => x.u, x => x.Item2);
            var text = CsvFor(perYear[year], year, thaiHeader: true);
            csv.Append(csv.Length == 0 ? text : text[(text.IndexOf('\n') + 1)..]);
        }
        var path = WriteFile("all-rounds.csv", "\uFEFF" + csv);

        var (exit, stdout, stderr) = await Dgbot("import", path, "--db", Db, "-q");

        Assert.True(exit == 0, stderr);
        Assert.Contains("ปี 2563, 2564, 2565, 2566, 2567", stdout);
        foreach (var year in years) AssertRoundHolds(year, perYear[year]);
        Assert.Equal("0", Scalar(Db, "SELECT value FROM dataset_meta WHERE key = 'synthetic'"));
        Assert.Equal(["import", "import", "import", "import", "import"], Rows(Db, "SELECT source FROM survey_source ORDER BY year"));
    }

    [Fact]
    public async Task A_new_round_is_added_and_becomes_the_latest_year()
    {
        var answers = new Dictionary<string, Dictionary<string, string>> { ["TH-50"] = AnswersFor("TH-50", 3) };
        var next = DateTime.UtcNow.Year + 543; // this year's round is always accepted
        var path = WriteFile("new-round.csv", CsvFor(answers, next));

        var (exit, _, stderr) = await Dgbot("import", path, "--db", Db, "-q");

        Assert.True(exit == 0, stderr);
        AssertRoundHolds(next, answers);
        Assert.Equal(next.ToString(CultureInfo.InvariantCulture), Scalar(Db, "SELECT value FROM dataset_meta WHERE key = 'latest_year'"));
        Assert.Equal("1", Scalar(Db, "SELECT value FROM dataset_meta WHERE key = 'synthetic'"));
        Assert.Equal(Rows(Built.Path, "SELECT * FROM response WHERE year = 2567 ORDER BY unit_id, item"),
            Rows(Db, "SELECT * FROM response WHERE year = 2567 ORDER BY unit_id, item"));
    }

    [Fact]
    public async Task A_valid_XLSX_with_shared_inline_and_numeric_cells_is_imported()
    {
        var d = AnswersFor("D003", 5);
        var p = AnswersFor("TH-30", 11);
        var thName = Definition.Reference.Provinces.Single(x => x.Id == "TH-30").NameTh;
        var rows = new List<IReadOnlyList<XCell?>>
        {
            new XCell?[] { new Shared("ข้อ"), new Shared("หน่วยงาน"), new Inline("Year"), new Shared("คำตอบ"), new Shared("note") },
        };
        int n = 0;
        foreach (var (unit, answers) in new[] { ("D003", d), ("TH-30", p) })
        {
            var population = PopulationOf(unit);
            foreach (var (code, value) in answers)
            {
                var item = Definition.Reference.FindItem(population, code)!;
                XCell unitCell = unit == "TH-30" ? new Shared(thName[..3], thName[3..]) : new Shared(unit);
                XCell itemCell = code == "1.1" ? new Number(1.1) : new Inline(code);
                XCell valueCell = item.IsNumeric ? new Number(double.Parse(value, CultureInfo.InvariantCulture))
                    : n++ % 2 == 0 ? new Shared(item.Option(value)!.LabelTh) : new Inline(value);
                rows.Add([itemCell, unitCell, new Number(2567), valueCell, null]);
            }
        }
        var path = Path.Combine(Work, "survey.xlsx");
        XlsxFile.Write(path, rows);

        var (exit, stdout, stderr) = await Dgbot("import", path, "--db", Db, "-q");

        Assert.True(exit == 0, stderr);
        Assert.Contains("2 หน่วยงาน (units)", stdout);
        AssertRoundHolds(2567, new Dictionary<string, Dictionary<string, string>> { ["D003"] = d, ["TH-30"] = p });
        Assert.StartsWith("survey.xlsx sha256:", Scalar(Db, "SELECT detail FROM survey_source WHERE year = 2567"));
    }

    [Fact]
    public async Task Blank_answers_are_recorded_as_unanswered_and_do_not_stop_the_import()
    {
        var path = WriteFile("blank.csv", "unit,year,item,value\nD001,2567,1.1,done\nD001,2567,1.2.1,\nD002,2567,1.1,none\n");

        var (exit, stdout, stderr) = await Dgbot("import", path, "--db", Db, "-q");

        Assert.True(exit == 0, stderr);
        Assert.Contains("คำตอบว่าง 1 แถว", stdout);
        Assert.Equal(["D001|1.1|done", "D002|1.1|none"], Rows(Db, "SELECT unit_id, item, value FROM response WHERE year = 2567 ORDER BY unit_id"));
        Assert.Equal(["D001", "D002"], Rows(Db, "SELECT DISTINCT unit_id FROM score WHERE year = 2567 ORDER BY unit_id"));
    }

    [Fact]
    public async Task Import_shows_a_progress_bar_on_stderr_unless_quiet()
    {
        var path = WriteFile("one.csv", "unit,year,item,value\nD001,2567,1.1,done\n");

        var (exit, _, stderr) = await Dgbot("import", path, "--db", Db);

        Assert.Equal(0, exit);
        Assert.Contains("import [", stderr);
        Assert.Contains("scoring", stderr);
    }
}
