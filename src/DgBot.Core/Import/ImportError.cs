namespace DgBot.Core.Import;

/// <summary>Stable error codes, shown in brackets at the end of every message so scripts and tests can tell the kinds apart.</summary>
public static class ImportErrorCode
{
    public const string UnknownUnit = "unknown-unit";
    public const string UnknownItem = "unknown-item";
    public const string InvalidValue = "invalid-value";
    public const string DuplicateRow = "duplicate-row";
    public const string WrongYear = "wrong-year";
    public const string BadEncoding = "bad-encoding";
    public const string MissingColumn = "missing-column";
    public const string DuplicateColumn = "duplicate-column";
    public const string EmptyFile = "empty-file";
    public const string WrongFieldCount = "wrong-field-count";
    public const string MalformedCsv = "malformed-csv";
    public const string UnreadableFile = "unreadable-file";
}

/// <summary>
/// One problem in an import file. <see cref="Line"/> is the CSV line or the XLSX row; <see cref="Column"/> is the
/// canonical column name (unit, year, item, value); <see cref="Cell"/> is the spreadsheet cell (B14) for XLSX files.
/// </summary>
public sealed record ImportError(string Code, string File, int Line, string? Column, string? Cell, string Message)
{
    public override string ToString()
    {
        var where = Column is null ? "" : Cell is null ? $" คอลัมน์ {Column}:" : $" คอลัมน์ {Column} (เซลล์ {Cell}):";
        return $"{File}:{Line}:{where} {Message} [{Code}]";
    }
}

/// <summary>Thrown by a record source when the file cannot be read past some point (unclosed quote, broken XLSX).</summary>
public sealed class ImportReadException(ImportError error) : Exception(error.ToString())
{
    public ImportError Error { get; } = error;
}
