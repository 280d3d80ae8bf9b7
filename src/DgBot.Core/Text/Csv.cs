using System.Text;

namespace DgBot.Core.Text;

/// <summary>One parsed CSV record with the physical line it started on, so errors can point at the file.</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

/// <summary>RFC 4180 reader (quoted fields, doubled quotes, CR/LF inside quotes).</summary>
public static class Csv
{
    public static IEnumerable<CsvRecord> Read(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        int line = 1, recordLine = 1;
        bool inQuotes = false, fieldStarted = false, any = false;
        int c;
        while ((c = reader.Read()) != -1)
        {
            var ch = (char)c;
            any = true;
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"') { reader.Read(); field.Append('"'); }
                    else inQuotes = false;
                }
                else
                {
                    if (ch == '\n') line++;
                    field.Append(ch);
                }
                continue;
            }
            switch (ch)
            {
                case '"' when !fieldStarted:
                    inQuotes = true; fieldStarted = true; break;
                case ',':
                    fields.Add(field.ToString()); field.Clear(); fieldStarted = false; break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString()); field.Clear(); fieldStarted = false;
                    if (!(fields.Count == 1 && fields[0].Length == 0)) yield return new CsvRecord(recordLine, fields.ToArray());
                    fields.Clear();
                    line++; recordLine = line; any = false;
                    break;
                default:
                    field.Append(ch); fieldStarted = true; break;
            }
        }
        if (inQuotes) throw new FormatException($"line {recordLine}: a quoted field is not closed");
        if (any)
        {
            fields.Add(field.ToString());
            if (!(fields.Count == 1 && fields[0].Length == 0)) yield return new CsvRecord(recordLine, fields.ToArray());
        }
    }

    /// <summary>Reads a file with a header row into dictionaries keyed by column name.</summary>
    public static IReadOnlyList<CsvRow> ReadFile(string path)
    {
        using var reader = new StreamReader(path, new UTF8Encoding(false, true));
        return ReadRows(reader, Path.GetFileName(path));
    }

    public static IReadOnlyList<CsvRow> ReadRows(TextReader reader, string fileName)
    {
        List<CsvRecord> records;
        try { records = Read(reader).ToList(); }
        catch (FormatException e) { throw new FormatException($"{fileName} {e.Message}", e); } // "units.csv line 3: a quoted field..."
        if (records.Count == 0) throw new FormatException($"{fileName}: empty file");
        var header = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, i) in records[0].Fields.Select((h, i) => (h.Trim().TrimStart('\uFEFF'), i)))
            if (!header.TryAdd(name, i)) throw new FormatException($"{fileName} line {records[0].Line}: column '{name}' appears twice in the header");
        return records.Skip(1).Select(r =>
        {
            if (r.Fields.Count != header.Count)
                throw new FormatException($"{fileName} line {r.Line}: expected {header.Count} columns, found {r.Fields.Count}");
            return new CsvRow(fileName, r.Line, header, r.Fields);
        }).ToList();
    }

    public static string Escape(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
}

public sealed class CsvRow(string file, int line, IReadOnlyDictionary<string, int> header, IReadOnlyList<string> fields)
{
    public string File { get; } = file;
    public int Line { get; } = line;

    public string this[string column] => header.TryGetValue(column, out var i)
        ? fields[i].Trim()
        : throw new FormatException($"{File}: missing column '{column}'");

    public string Required(string column)
    {
        var v = this[column];
        return v.Length > 0 ? v : throw new FormatException($"{File} line {Line}: column '{column}' is empty");
    }

    public string? Optional(string column) => header.ContainsKey(column) && this[column].Length > 0 ? this[column] : null;

    public IReadOnlyList<string> List(string column) =>
        header.ContainsKey(column)
            ? this[column].Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];

    public int Int(string column) => int.TryParse(Required(column), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v)
        ? v : throw new FormatException($"{File} line {Line}: column '{column}' is not an integer");
}
