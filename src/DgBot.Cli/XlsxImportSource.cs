using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DgBot.Core.Import;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace DgBot.Cli;

/// <summary>
/// Reads the first worksheet of an XLSX workbook as <see cref="SourceRecord"/>s, one per row, with the row number as
/// the line. Shared strings, inline strings, numbers (as stored, invariant), booleans and cached formula results are
/// read; rows are streamed, so large sheets do not build a DOM.
/// </summary>
public static class XlsxImportSource
{
    public static ImportSource Open(string path)
    {
        var fileName = Path.GetFileName(path);
        string sha;
        using (var stream = File.OpenRead(path)) sha = Convert.ToHexStringLower(SHA256.HashData(stream));
        return new ImportSource { FileName = fileName, Format = SourceFormat.Xlsx, Sha256 = sha, Records = ReadRows(path, fileName) };
    }

    /// <summary>An XLSX file is a ZIP package: it starts with "PK\x03\x04".</summary>
    public static bool LooksLikeXlsx(string path)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext is ".xlsx" or ".xlsm") return true;
        if (ext is ".csv" or ".txt") return false;
        Span<byte> magic = stackalloc byte[4];
        using var stream = File.OpenRead(path);
        return stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && magic.SequenceEqual("PK\u0003\u0004"u8);
    }

    private static IEnumerable<SourceRecord> ReadRows(string path, string fileName)
    {
        SpreadsheetDocument document;
        WorksheetPart sheet;
        IReadOnlyList<string> shared;
        try
        {
            document = SpreadsheetDocument.Open(path, false);
            var workbook = document.WorkbookPart ?? throw new InvalidDataException("the package has no workbook");
            var first = workbook.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw new InvalidDataException("the workbook has no worksheet");
            sheet = workbook.GetPartById(first.Id?.Value ?? "") as WorksheetPart
                    ?? throw new InvalidDataException($"the first sheet '{first.Name}' is not a worksheet");
            shared = workbook.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(ItemText).ToList() ?? [];
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or FileFormatException or IOException
                                      or InvalidOperationException or System.Xml.XmlException or ArgumentException)
        {
            throw Unreadable(fileName, 1, e.Message);
        }

        using (document)
        {
            using var reader = OpenXmlReader.Create(sheet);
            int previousRow = 0;
            while (true)
            {
                Row? row = null;
                try
                {
                    if (!reader.Read()) break;
                    if (reader.ElementType == typeof(Row) && reader.IsStartElement) row = (Row)reader.LoadCurrentElement()!;
                }
                catch (Exception e) when (e is System.Xml.XmlException or InvalidOperationException or InvalidDataException)
                {
                    throw Unreadable(fileName, previousRow + 1, e.Message);
                }
                if (row is null) continue;
                var rowNumber = row.RowIndex?.Value is { } r ? (int)r : previousRow + 1;
                previousRow = rowNumber;
                var fields = new List<string>();
                foreach (var cell in row.Elements<Cell>())
                {
                    var index = cell.CellReference?.Value is { } reference ? ImportSource.ColumnIndex(reference) : fields.Count;
                    if (index < 0) index = fields.Count;
                    while (fields.Count <= index) fields.Add("");
                    fields[index] = CellText(cell, shared);
                }
                yield return new SourceRecord(rowNumber, fields);
            }
        }
    }

    private static ImportReadException Unreadable(string fileName, int row, string detail) =>
        new(new ImportError(ImportErrorCode.UnreadableFile, fileName, row, null, null,
            $"อ่านไฟล์ XLSX ไม่ได้ (unreadable file): {detail}; ให้บันทึกใหม่เป็น Excel Workbook (.xlsx) หรือ CSV UTF-8"));

    private static string CellText(Cell cell, IReadOnlyList<string> shared)
    {
        var raw = cell.CellValue?.Text ?? "";
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < shared.Count ? shared[i] : "";
        if (type == CellValues.InlineString) return cell.InlineString is { } inline ? ItemText(inline) : raw;
        if (type == CellValues.Boolean) return raw == "1" ? "TRUE" : "FALSE";
        return raw; // numbers are stored in invariant form; str (formula results), e and d are text already
    }

    /// <summary>The text of a shared or inline string: its own &lt;t&gt; or its runs' &lt;t&gt;, without phonetic runs.</summary>
    private static string ItemText(OpenXmlElement item)
    {
        if (item.GetFirstChild<Text>() is { } text && !item.Elements<Run>().Any()) return text.Text;
        var sb = new StringBuilder();
        foreach (var child in item.ChildElements)
        {
            if (child is Text t) sb.Append(t.Text);
            else if (child is Run run) foreach (var rt in run.Elements<Text>()) sb.Append(rt.Text);
        }
        return sb.ToString();
    }
}
