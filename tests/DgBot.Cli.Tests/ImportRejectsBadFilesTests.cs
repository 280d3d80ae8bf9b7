using System.Text;
using DgBot.Core.Reference;

namespace DgBot.Cli.Tests;

/// <summary>Every kind of bad file is rejected with its error code, file, line and column, and the database keeps every byte.</summary>
public sealed class ImportRejectsBadFilesTests(BuiltDatabase built) : CliTestBase(built), IClassFixture<BuiltDatabase>
{
    private const string Header = "unit,year,item,value\n";
    private const string GoodRow = "D001,2567,1.1,done\n";

    /// <summary>Imports the file and checks exit code 1, the error code, nothing on stdout and a byte-identical database.</summary>
    private async Task<string> Rejected(string fileName, byte[] content, string code)
    {
        var path = WriteFile(fileName, content);
        var before = File.ReadAllBytes(Db);
        var (exit, stdout, stderr) = await Dgbot("import", path, "--db", Db, "-q");
        Assert.Equal(1, exit);
        Assert.Contains($"[{code}]", stderr);
        Assert.Contains("ไม่ได้นำเข้าข้อมูลใดเลย", stderr);
        Assert.Equal("", stdout);
        Assert.True(before.AsSpan().SequenceEqual(File.ReadAllBytes(Db)), "the database file changed after a rejected import");
        return stderr;
    }

    private Task<string> Rejected(string fileName, string content, string code) => Rejected(fileName, Encoding.UTF8.GetBytes(content), code);

    [Fact]
    public async Task An_unknown_unit_is_reported_with_file_line_and_column()
    {
        var err = await Rejected("survey.csv", Header + GoodRow + "D999,2567,1.1,done\n", "unknown-unit");
        Assert.Contains("survey.csv:3: คอลัมน์ unit: ไม่รู้จักหน่วยงาน (unknown unit) 'D999'", err);
    }

    [Fact]
    public async Task An_item_of_the_other_form_is_an_unknown_item_for_that_unit()
    {
        var departmentCodes = Definition.Reference.ItemsFor(Population.Department).Select(i => i.Code).ToHashSet();
        var provinceOnly = Definition.Reference.ItemsFor(Population.Province).First(i => !departmentCodes.Contains(i.Code) && !i.IsNumeric);
        var err = await Rejected("survey.csv", Header + GoodRow + $"TH-50,2567,{provinceOnly.Code},{provinceOnly.Options[0].Code}\nD001,2567,{provinceOnly.Code},{provinceOnly.Options[0].Code}\n", "unknown-item");
        Assert.DoesNotContain("survey.csv:3:", err);
        Assert.Contains($"survey.csv:4: คอลัมน์ item: ไม่มีข้อ '{provinceOnly.Code}' ในแบบสอบถามระดับกรม (department form)", err);
    }

    [Theory]
    [InlineData("D001,2567,1.1,maybe", "'maybe' ไม่อยู่ในตัวเลือกของข้อ 1.1")]
    [InlineData("D001,2567,1.1,แล้วเสร็จบางส่วน", "ไม่อยู่ในตัวเลือกของข้อ 1.1")]
    [InlineData("D001,2567,3.1A,481", "อยู่นอกช่วง 0–480")]
    [InlineData("D001,2567,3.1A,-1", "อยู่นอกช่วง 0–480")]
    [InlineData("D001,2567,3.1A,twelve", "ต้องตอบเป็นตัวเลข")]
    [InlineData("D001,2567,3.1A,\"1,5\"", "ต้องตอบเป็นตัวเลข")]
    public async Task An_answer_outside_the_item_options_or_range_is_an_invalid_value(string row, string expected)
    {
        var err = await Rejected("survey.csv", Header + GoodRow + row + "\n", "invalid-value");
        Assert.Contains("survey.csv:3: คอลัมน์ value: ", err);
        Assert.Contains(expected, err);
    }

    [Fact]
    public async Task A_duplicate_row_is_reported_on_both_lines()
    {
        var err = await Rejected("survey.csv", Header + GoodRow + "D002,2567,1.1,done\nD001,2567,1.1,none\n", "duplicate-row");
        Assert.Contains("survey.csv:2: คอลัมน์ unit, year, item: แถวซ้ำ (duplicate row): D001 ปี 2567 ข้อ 1.1", err);
        Assert.Contains("survey.csv:4: คอลัมน์ unit, year, item: แถวซ้ำ (duplicate row)", err);
        Assert.Contains("บรรทัด 2, 4", err);
        Assert.DoesNotContain("survey.csv:3:", err);
    }

    [Fact]
    public async Task A_unit_named_by_id_and_by_its_Thai_name_in_the_same_round_is_a_duplicate()
    {
        var name = Definition.Reference.Agencies.Single(a => a.Id == "D001").NameTh;
        var err = await Rejected("survey.csv", Header + GoodRow + $"{name},2024,1.1,done\n", "duplicate-row");
        Assert.Contains("บรรทัด 2, 3", err);
    }

    [Theory]
    [InlineData("67", "ไม่ใช่ปี 4 หลัก")]
    [InlineData("25x7", "ไม่ใช่ปี 4 หลัก")]
    [InlineData("2567.5", "ไม่ใช่ปี 4 หลัก")]
    [InlineData("2559", "อยู่นอกช่วง")]
    [InlineData("2016", "อยู่นอกช่วง")]
    [InlineData("1999", "อยู่นอกช่วง")]
    [InlineData("next", "ไม่ใช่ปี 4 หลัก")]
    public async Task A_year_that_is_not_a_survey_year_is_a_wrong_year(string year, string expected)
    {
        var err = await Rejected("survey.csv", Header + GoodRow + $"D002,{year},1.1,done\n", "wrong-year");
        Assert.Contains("survey.csv:3: คอลัมน์ year: ", err);
        Assert.Contains(expected, err);
    }

    [Fact]
    public async Task A_year_after_next_year_is_a_wrong_year_by_the_clock()
    {
        var afterNext = DateTime.UtcNow.Year + 543 + 2;
        var afterNextCe = DateTime.UtcNow.Year + 2;
        var err = await Rejected("survey.csv", Header + GoodRow + $"D002,{afterNext},1.1,done\nD003,{afterNextCe},1.1,done\n", "wrong-year");
        Assert.Contains($"survey.csv:3: คอลัมน์ year: ปี {afterNext} ยังมาไม่ถึง", err);
        Assert.Contains($"survey.csv:4: คอลัมน์ year: ปี ค.ศ. {afterNextCe}", err);
    }

    [Fact]
    public async Task A_file_that_is_not_UTF8_is_bad_encoding_with_the_line_and_byte_offset()
    {
        var prefix = Encoding.UTF8.GetBytes(Header + GoodRow + "D002,2567,1.1,");
        byte[] tis620 = [0xE1, 0xC5, 0xE9, 0xC7, 0xE0, 0xCA, 0xC3, 0xE7, 0xA8]; // "แล้วเสร็จ" in TIS-620
        var content = prefix.Concat(tis620).Concat("\n"u8.ToArray()).ToArray();
        var err = await Rejected("survey.csv", content, "bad-encoding");
        Assert.Contains($"survey.csv:3: ไฟล์ไม่ได้เข้ารหัสเป็น UTF-8 (bad encoding): ไบต์ 0xE1 ที่ตำแหน่ง {prefix.Length} (byte offset {prefix.Length})", err);
        Assert.Contains("TIS-620", err);
    }

    [Fact]
    public async Task A_missing_column_is_reported_on_the_header_line()
    {
        var err = await Rejected("survey.csv", "unit,year,item,answer\nD001,2567,1.1,done\n", "missing-column");
        Assert.Contains("survey.csv:1: คอลัมน์ value: ไม่พบคอลัมน์ value", err);
        Assert.DoesNotContain("คอลัมน์ unit:", err);
    }

    [Theory]
    [InlineData("", 1, "ไฟล์ว่าง (empty file)")]
    [InlineData("\n\n", 1, "ไฟล์ว่าง (empty file)")]
    [InlineData("unit,year,item,value\n", 2, "ไม่มีข้อมูลหลังแถวหัวตาราง (empty file")]
    public async Task An_empty_file_or_a_header_without_rows_is_an_empty_file(string content, int line, string expected)
    {
        var err = await Rejected("survey.csv", content, "empty-file");
        Assert.Contains($"survey.csv:{line}: {expected}", err);
    }

    [Fact]
    public async Task A_row_with_the_wrong_number_of_fields_is_reported()
    {
        var err = await Rejected("survey.csv", Header + GoodRow + "D002,2567,1.1,done,extra\nD003,2567\n", "wrong-field-count");
        Assert.Contains("survey.csv:3: จำนวนช่องไม่ถูกต้อง (wrong number of fields): พบ 5 ช่อง แต่แถวหัวตารางมี 4 ช่อง", err);
        Assert.Contains("survey.csv:4: จำนวนช่องไม่ถูกต้อง (wrong number of fields): พบ 2 ช่อง", err);
    }

    [Fact]
    public async Task An_unclosed_quote_is_malformed_csv()
    {
        var err = await Rejected("survey.csv", Header + GoodRow + "D002,2567,1.1,\"done\nD003,2567,1.1,done\n", "malformed-csv");
        Assert.Contains("survey.csv:3: ", err);
    }

    [Fact]
    public async Task Every_error_in_the_file_is_reported_not_just_the_first()
    {
        var err = await Rejected("survey.csv",
            Header + "D999,2567,1.1,done\nD001,1999,1.1,done\nD001,2567,99.9,done\nD001,2567,1.1,maybe\n", "unknown-unit");
        foreach (var code in new[] { "unknown-unit", "wrong-year", "unknown-item", "invalid-value" }) Assert.Contains($"[{code}]", err);
        Assert.Contains("พบข้อผิดพลาด 4 รายการ", err);
    }

    [Fact]
    public async Task A_long_error_list_is_cut_at_fifty_with_a_count_of_the_rest()
    {
        var rows = string.Concat(Enumerable.Range(0, 120).Select(i => $"X{i:D3},2567,1.1,done\n"));
        var err = await Rejected("survey.csv", Header + rows, "unknown-unit");
        Assert.Equal(50, err.Split('\n').Count(l => l.StartsWith("  survey.csv:", StringComparison.Ordinal)));
        Assert.Contains("survey.csv:2: คอลัมน์ unit: ไม่รู้จักหน่วยงาน (unknown unit) 'X000'", err);
        Assert.Contains("และอีก 70 รายการ", err);
        Assert.Contains("พบข้อผิดพลาด 120 รายการ", err);
    }

    [Fact]
    public async Task A_bad_XLSX_file_names_the_row_the_column_and_the_cell()
    {
        var path = Path.Combine(Work, "survey.xlsx");
        XlsxFile.Write(path,
        [
            [new Shared("unit"), new Shared("year"), new Shared("item"), new Shared("value")],
            [new Shared("D001"), new Number(2567), new Inline("1.1"), new Shared("done")],
            [new Shared("D998"), new Number(2567), new Inline("1.1"), new Shared("done")],
            [new Shared("D002"), new Number(2567), new Number(1.1), new Inline("maybe")],
            [new Shared("D003"), new Number(1999), new Inline("1.1"), new Shared("done")],
        ]);
        var err = await Rejected("survey.xlsx", File.ReadAllBytes(path), "unknown-unit");
        Assert.Contains("survey.xlsx:3: คอลัมน์ unit (เซลล์ A3): ไม่รู้จักหน่วยงาน (unknown unit) 'D998'", err);
        Assert.Contains("survey.xlsx:4: คอลัมน์ value (เซลล์ D4): คำตอบ 'maybe'", err);
        Assert.Contains("survey.xlsx:5: คอลัมน์ year (เซลล์ B5): ปี 1999", err);
        Assert.Contains("[invalid-value]", err);
        Assert.Contains("[wrong-year]", err);
    }

    [Fact]
    public async Task A_file_named_xlsx_that_is_not_a_workbook_is_unreadable()
    {
        var err = await Rejected("survey.xlsx", "PK\u0003\u0004 this is not a zip archive", "unreadable-file");
        Assert.Contains("survey.xlsx:1: อ่านไฟล์ XLSX ไม่ได้ (unreadable file)", err);
    }

    [Fact]
    public async Task A_missing_file_or_database_is_an_error_and_creates_nothing()
    {
        var (exit, _, err) = await Dgbot("import", Path.Combine(Work, "nope.csv"), "--db", Db, "-q");
        Assert.Equal(1, exit);
        Assert.Contains("ไม่พบไฟล์ (file not found)", err);

        var csv = WriteFile("survey.csv", Header + GoodRow);
        var missingDb = Path.Combine(Work, "missing.db");
        (exit, _, err) = await Dgbot("import", csv, "--db", missingDb, "-q");
        Assert.Equal(1, exit);
        Assert.Contains("dgbot build-db", err);
        Assert.False(File.Exists(missingDb));

        (exit, _, err) = await Dgbot("import", "--db", Db);
        Assert.Equal(2, exit);
        Assert.Contains("import needs a file", err);
    }
}
