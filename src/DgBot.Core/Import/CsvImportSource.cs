using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Buffers;
using DgBot.Core.Text;

namespace DgBot.Core.Import;

/// <summary>
/// Turns the bytes of a CSV export into an <see cref="ImportSource"/>: checks that the bytes are UTF-8 (a BOM is
/// fine) and reports every line holding an invalid byte, else streams the records through <see cref="Csv"/>.
/// </summary>
public static partial class CsvImportSource
{
    public const int MaxEncodingErrors = 1000;

    public static ImportSource FromFile(string path) => FromBytes(Path.GetFileName(path), File.ReadAllBytes(path));

    public static ImportSource FromBytes(string fileName, byte[] bytes)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var start = bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        var encodingErrors = System.Text.Unicode.Utf8.IsValid(bytes.AsSpan(start)) ? [] : FindInvalidUtf8(fileName, bytes, start);
        if (encodingErrors.Count > 0)
            return new ImportSource { FileName = fileName, Format = SourceFormat.Csv, Sha256 = sha, Records = [], ReadErrors = encodingErrors };
        var stream = new MemoryStream(bytes, start, bytes.Length - start, writable: false);
        return new ImportSource
        {
            FileName = fileName, Format = SourceFormat.Csv, Sha256 = sha,
            Records = ReadRecords(fileName, stream),
            ReadFraction = () => stream.Length == 0 ? 1 : (double)stream.Position / stream.Length,
        };
    }

    private static IEnumerable<SourceRecord> ReadRecords(string fileName, Stream stream)
    {
        using var reader = new StreamReader(stream, new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: false);
        using var records = Csv.Read(reader).GetEnumerator();
        int lastLine = 0;
        while (true)
        {
            ImportError? error = null;
            try
            {
                if (!records.MoveNext()) yield break;
            }
            catch (FormatException e)
            {
                // Csv reports "line N: a quoted field is not closed"; everything after that line is one field.
                var m = LineNumber().Match(e.Message);
                var line = m.Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : lastLine + 1;
                error = new ImportError(ImportErrorCode.MalformedCsv, fileName, line, null, null,
                    "เครื่องหมายคำพูด \" ที่เปิดไว้ไม่ได้ปิดจนจบไฟล์ (malformed CSV: unclosed quote)");
            }
            if (error is not null) throw new ImportReadException(error);
            lastLine = records.Current.Line;
            yield return new SourceRecord(records.Current.Line, records.Current.Fields);
        }
    }

    /// <summary>One error per line that holds bytes which are not UTF-8, with the byte offset of the first one.</summary>
    private static List<ImportError> FindInvalidUtf8(string fileName, byte[] bytes, int start)
    {
        var errors = new List<ImportError>();
        string hint = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])
            ? "ไฟล์นี้น่าจะเป็น UTF-16"
            : "ไฟล์อาจถูกบันทึกเป็น TIS-620/Windows-874";
        int line = 1, lastReported = 0;
        for (int i = start; i < bytes.Length;)
        {
            if (bytes[i] == (byte)'\n') { line++; i++; continue; }
            if (bytes[i] < 0x80) { i++; continue; }
            var status = Rune.DecodeFromUtf8(bytes.AsSpan(i), out _, out var consumed);
            if (status != OperationStatus.Done && line != lastReported)
            {
                lastReported = line;
                errors.Add(new ImportError(ImportErrorCode.BadEncoding, fileName, line, null, null,
                    $"ไฟล์ไม่ได้เข้ารหัสเป็น UTF-8 (bad encoding): ไบต์ 0x{bytes[i]:X2} ที่ตำแหน่ง {i} (byte offset {i}) ใช้ไม่ได้; " +
                    $"{hint} ให้บันทึกใหม่เป็น \"CSV UTF-8\""));
                if (errors.Count >= MaxEncodingErrors) break;
            }
            i += Math.Max(1, consumed);
        }
        return errors;
    }

    [GeneratedRegex(@"line (\d+)")]
    private static partial Regex LineNumber();
}
