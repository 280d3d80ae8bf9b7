using System.Text;
using DgBot.Core.Text;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace DgBot.Core.Tests.Fuzz;

/// <summary>The RFC 4180 reader on arbitrary text: records or a FormatException (unclosed quote, bad header), nothing else.</summary>
public sealed class CsvFuzzTests(ITestOutputHelper output)
{
    /// <summary>Text built from what makes CSV hard: quotes, separators, CR/LF, BOMs, huge fields, Thai, any UTF-16 unit.</summary>
    public static Gen<string> CsvPiece => Gen.Frequency(
        (10, Gen.Elements("\"", "\"\"", ",", ",,", "\r", "\n", "\r\n", "\n\r", "\uFEFF", " ", "\t", ";", "|")),
        (8, Gen.Elements("unit", "year", "item", "value", "หน่วยงาน", "ปี", "ข้อ", "คำตอบ", "D001", "TH-50", "2567", "2024", "๒๕๖๗",
            "1.1", "3.1A", "done", "none", "12", "-1", "1e308", "NaN", "กรมที่ดิน", "แล้วเสร็จ")),
        (2, Gen.Choose(1, 20_000).Select(n => new string('x', n))),                      // a huge field
        (2, Gen.Choose(1, 2_000).Select(n => "\"" + new string('ก', n) + "\"")),
        (3, FuzzGen.Piece),
        (1, FuzzGen.AnyChar.Select(c => c.ToString())));

    public static Gen<string> CsvText(int maxPieces) =>
        Gen.Choose(0, maxPieces).SelectMany(n => Gen.ArrayOf(CsvPiece, n)).Select(string.Concat);

    [Fact]
    public void Reading_any_text_gives_records_or_a_FormatException()
    {
        new FuzzRunner(output).Run("Csv.Read/ReadRows any text", CsvText(80), 15_000, text =>
        {
            try
            {
                var records = Csv.Read(new StringReader(text)).ToList();
                Assert.All(records, r => Assert.True(r.Line >= 1 && r.Fields.Count >= 1));
                Assert.Equal(records.Select(r => r.Line).Order(), records.Select(r => r.Line));
            }
            catch (FormatException e) { Assert.Contains("quoted field is not closed", e.Message); }
            try { _ = Csv.ReadRows(new StringReader(text), "fuzz.csv"); }
            catch (FormatException e) { Assert.StartsWith("fuzz.csv", e.Message); }
        }, FuzzGen.Describe, FuzzGen.Shrink);
    }

    [Fact]
    public void Escaped_fields_read_back_as_written_on_the_line_they_start()
    {
        var field = Gen.Choose(0, 6).SelectMany(n => Gen.ArrayOf(CsvPiece.Select(p => p.Length > 200 ? p[..200] : p), n)).Select(string.Concat);
        var record = Gen.Choose(1, 6).SelectMany(n => Gen.ArrayOf(field, n))
            .Where(r => !(r.Length == 1 && r[0].Length == 0));          // a record of one empty field is a blank line: skipped
        var file = Gen.Choose(1, 8).SelectMany(n => Gen.ArrayOf(record, n));
        new FuzzRunner(output).Run("Csv.Escape/Read round trip", file, 10_000, records =>
        {
            var text = new StringBuilder();
            var lines = new List<int>();
            foreach (var r in records)
            {
                lines.Add(1 + text.ToString().Count(c => c == '\n'));
                text.Append(string.Join(',', r.Select(Csv.Escape))).Append('\n');
            }
            var read = Csv.Read(new StringReader(text.ToString())).ToList();
            Assert.Equal(records.Length, read.Count);
            for (int i = 0; i < read.Count; i++)
            {
                Assert.Equal(records[i], read[i].Fields);
                Assert.Equal(lines[i], read[i].Line);
            }
        }, rs => string.Join(" / ", rs.Select(r => FuzzGen.Describe(string.Join("|", r)))));
    }

    [Fact]
    public void A_header_naming_a_column_twice_is_a_FormatException_with_the_file_and_line()
    {
        var e = Assert.Throws<FormatException>(() => Csv.ReadRows(new StringReader("id,name,id\n1,a,2\n"), "units.csv"));
        Assert.Equal("units.csv line 1: column 'id' appears twice in the header", e.Message);
    }
}
