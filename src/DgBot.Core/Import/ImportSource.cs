namespace DgBot.Core.Import;

public enum SourceFormat { Csv, Xlsx }

/// <summary>One physical record of a file: its CSV line or XLSX row number, and its fields in column order
/// (for XLSX, field 0 is column A, with empty strings for cells that are absent).</summary>
public readonly record struct SourceRecord(int Line, IReadOnlyList<string> Fields);

/// <summary>
/// A file to import, as records (the header first). Readers may stream: <see cref="Records"/> is enumerated once, and
/// may throw <see cref="ImportReadException"/> when the rest of the file is unreadable.
/// </summary>
public sealed class ImportSource
{
    public required string FileName { get; init; }
    public required SourceFormat Format { get; init; }
    /// <summary>Lower-case hex SHA-256 of the file's bytes, recorded in survey_source and import_log.</summary>
    public required string Sha256 { get; init; }
    public required IEnumerable<SourceRecord> Records { get; init; }
    /// <summary>Errors found before any record could be read (for example, the file is not UTF-8); when present, nothing else is checked.</summary>
    public IReadOnlyList<ImportError> ReadErrors { get; init; } = [];
    /// <summary>How far through the file the reader is (0..1), for progress bars; null when unknown.</summary>
    public Func<double>? ReadFraction { get; init; }

    /// <summary>Spreadsheet column letters for a zero-based index: 0 → A, 25 → Z, 26 → AA.</summary>
    public static string ColumnLetters(int index)
    {
        var letters = "";
        for (int n = index + 1; n > 0; n = (n - 1) / 26) letters = (char)('A' + (n - 1) % 26) + letters;
        return letters;
    }

    /// <summary>Zero-based column index of a cell reference such as "AB12"; -1 when it has no letters.</summary>
    public static int ColumnIndex(string cellReference)
    {
        int index = 0, i = 0;
        for (; i < cellReference.Length && char.IsAsciiLetter(cellReference[i]); i++)
            index = index * 26 + (char.ToUpperInvariant(cellReference[i]) - 'A' + 1);
        return i == 0 ? -1 : index - 1;
    }
}
