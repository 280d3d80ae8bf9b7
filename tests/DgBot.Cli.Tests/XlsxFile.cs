using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace DgBot.Cli.Tests;

/// <summary>A cell kind for <see cref="XlsxFile.Write"/>: text in the shared string table (optionally split into rich-text runs),
/// an inline string, or a number.</summary>
public abstract record XCell;
public sealed record Shared(params string[] Runs) : XCell;
public sealed record Inline(string Text) : XCell;
public sealed record Number(double Value) : XCell;

/// <summary>Writes real XLSX workbooks with the Open XML SDK, the way Excel stores cells.</summary>
public static class XlsxFile
{
    /// <summary>Writes <paramref name="rows"/> to the first sheet (a null cell is left out) and, when asked, a second sheet of noise.</summary>
    public static void Write(string path, IReadOnlyList<IReadOnlyList<XCell?>> rows, bool withSecondSheet = true)
    {
        using var document = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new Workbook();
        var strings = workbook.AddNewPart<SharedStringTablePart>();
        strings.SharedStringTable = new SharedStringTable();
        var sheets = workbook.Workbook.AppendChild(new Sheets());

        // The noise sheet's part is created first, so a reader that takes the first part rather than the first sheet fails.
        WorksheetPart? noise = null;
        if (withSecondSheet)
        {
            noise = workbook.AddNewPart<WorksheetPart>();
            noise.Worksheet = new Worksheet(new SheetData(new Row(new Cell { CellReference = "A1", DataType = CellValues.InlineString, InlineString = new InlineString(new Text("not this sheet")) }) { RowIndex = 1 }));
        }
        var part = workbook.AddNewPart<WorksheetPart>();
        var data = new SheetData();
        part.Worksheet = new Worksheet(data);
        sheets.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = 1, Name = "survey" });
        if (noise is not null) sheets.Append(new Sheet { Id = workbook.GetIdOfPart(noise), SheetId = 2, Name = "notes" });

        int sharedCount = 0;
        for (int r = 0; r < rows.Count; r++)
        {
            var row = new Row { RowIndex = (uint)(r + 1) };
            for (int c = 0; c < rows[r].Count; c++)
            {
                var reference = DgBot.Core.Import.ImportSource.ColumnLetters(c) + (r + 1);
                Cell? cell = rows[r][c] switch
                {
                    null => null,
                    Shared s => new Cell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(AddShared(strings, s, ref sharedCount)) },
                    Inline i => new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(i.Text)) },
                    Number n => new Cell { CellReference = reference, CellValue = new CellValue(n.Value) },
                    _ => throw new ArgumentException("unknown cell kind"),
                };
                if (cell is not null) row.Append(cell);
            }
            data.Append(row);
        }
        workbook.Workbook.Save();
    }

    private static int AddShared(SharedStringTablePart part, Shared s, ref int count)
    {
        var item = s.Runs.Length == 1
            ? new SharedStringItem(new Text(s.Runs[0]))
            : new SharedStringItem(s.Runs.Select(t => new Run(new Text(t) { Space = SpaceProcessingModeValues.Preserve })));
        part.SharedStringTable.Append(item);
        return count++;
    }
}
