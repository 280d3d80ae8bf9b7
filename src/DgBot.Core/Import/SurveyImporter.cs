using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dapper;
using DgBot.Core.Reference;
using DgBot.Core.Scoring;
using DgBot.Core.Storage;
using Microsoft.Data.Sqlite;

namespace DgBot.Core.Import;

public sealed record ImportResult(string FileName, string Sha256, int Rows, int Answers, int BlankAnswers, int Units,
    IReadOnlyList<int> Years, RescoreResult Rescore, TimeSpan Elapsed);

/// <summary>
/// The checked contents of an import file. When <see cref="IsValid"/> it holds every answer, keyed and sorted, ready for
/// <see cref="SurveyImporter.Write"/>; otherwise it holds the errors (the first <see cref="SurveyImporter.MaxStoredErrors"/>,
/// sorted by line) and nothing may be written.
/// </summary>
public sealed class ImportPlan
{
    public required string FileName { get; init; }
    public required string Sha256 { get; init; }
    public required IReadOnlyList<ImportError> Errors { get; init; }
    /// <summary>Every error found, including those not kept in <see cref="Errors"/>.</summary>
    public required int ErrorCount { get; init; }
    public bool IsValid => ErrorCount == 0;
    /// <summary>Data rows read (blank rows not counted).</summary>
    public required int Rows { get; init; }
    /// <summary>Rows whose value was blank: the item is recorded as unanswered (no response row).</summary>
    public required int BlankAnswers { get; init; }
    public int Answers => Rows - BlankAnswers;
    public required int Units { get; init; }
    public required IReadOnlyList<int> Years { get; init; }
    public required TimeSpan Elapsed { get; init; }

    // Sorted (unit, year, item) keys and their stored values (null for blank answers); see SurveyImporter.Key.
    internal long[] Keys { get; init; } = [];
    internal string?[] Values { get; init; } = [];
    internal string[] UnitIds { get; init; } = [];
    internal int[] UnitPopulation { get; init; } = [];
}

/// <summary>
/// Checks a survey export (one row per unit, round and item) against the units in the database and the questionnaire
/// of each unit's form, then writes it: each round present in the file replaces that round, in one transaction, and is
/// re-scored. Validation reads everything first and collects every error; a file with any error writes nothing.
/// </summary>
public sealed class SurveyImporter
{
    public const int MinBuddhistYear = 2560;
    public const int MinCeYear = 2017;
    public const int MaxCeYear = 2058;
    public const int BuddhistOffset = 543;
    public const int MaxStoredErrors = 1000;

    /// <summary>Header names accepted for each column, compared case-insensitively.</summary>
    public static readonly IReadOnlyList<(string Column, string[] Names)> Columns =
    [
        ("unit", ["unit", "หน่วยงาน"]),
        ("year", ["year", "ปี"]),
        ("item", ["item", "ข้อ"]),
        ("value", ["value", "คำตอบ"]),
    ];

    private const int UnitCol = 0, YearCol = 1, ItemCol = 2, ValueCol = 3;

    private readonly SurveyDefinition _definition;
    private readonly TimeProvider _clock;
    private readonly FormLookup[] _forms;

    public SurveyImporter(SurveyDefinition definition, TimeProvider? clock = null)
    {
        _definition = definition;
        _clock = clock ?? TimeProvider.System;
        _forms = Population.All.Select(p => new FormLookup(definition.Engine.Form(p))).ToArray();
    }

    /// <summary>The current Buddhist Era year by the clock, in Thai time, from the Gregorian year (never the th-TH calendar).</summary>
    public int CurrentBuddhistYear => _clock.GetUtcNow().ToOffset(TimeSpan.FromHours(7)).Year + BuddhistOffset;

    /// <summary>The latest round a file may hold: next year's, since a round is named for the fiscal year it ends in.</summary>
    public int MaxBuddhistYear => CurrentBuddhistYear + 1;

    /// <summary>Reads and checks the whole source; writes nothing.</summary>
    public ImportPlan Validate(SqliteConnection connection, ImportSource source, IProgress<double>? progress = null)
    {
        var watch = Stopwatch.StartNew();
        var run = new Validation(this, connection, source);
        run.Execute(progress);
        return run.ToPlan(watch.Elapsed);
    }

    /// <summary>Validates, and writes only when the file has no error. Returns the plan (with errors) and the result (null when nothing was written).</summary>
    public (ImportPlan Plan, ImportResult? Result) Import(SqliteConnection connection, ImportSource source,
        IProgress<(string Stage, double Fraction)>? progress = null)
    {
        var plan = Validate(connection, source, progress is null ? null : new InlineProgress<double>(f => progress.Report(("validating", 0.4 * f))));
        if (!plan.IsValid) return (plan, null);
        var result = Write(connection, plan, progress is null ? null : new InlineProgress<(string Stage, double Fraction)>(p => progress.Report((p.Stage, 0.4 + 0.6 * p.Fraction))));
        return (plan, result);
    }

    /// <summary>
    /// In one transaction: replaces each round in the plan (responses, scores, per-item scores), records the source,
    /// the surveyed units and the import log, and re-scores exactly those rounds.
    /// </summary>
    public ImportResult Write(SqliteConnection connection, ImportPlan plan, IProgress<(string Stage, double Fraction)>? progress = null)
    {
        if (!plan.IsValid) throw new InvalidOperationException($"{plan.FileName} has {plan.ErrorCount} errors; nothing may be written");
        var watch = Stopwatch.StartNew();
        var now = _clock.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        // A large round touches two indexes of response in different orders; SQLite's default 2 MB page cache makes every
        // other insert a disk read. The setting lasts for this connection only and is put back afterwards.
        var cacheSize = connection.ExecuteScalar<long>("PRAGMA cache_size");
        connection.Execute("PRAGMA cache_size = -262144");
        try
        {
            return WriteInTransaction(connection, plan, progress, now, watch);
        }
        finally
        {
            connection.Execute($"PRAGMA cache_size = {cacheSize.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    private ImportResult WriteInTransaction(SqliteConnection connection, ImportPlan plan, IProgress<(string Stage, double Fraction)>? progress,
        string now, Stopwatch watch)
    {
        using var tx = connection.BeginTransaction();
        progress?.Report(("writing", 0));
        using (var del = SurveyStore.Command(connection, tx,
                   "DELETE FROM item_score WHERE year = $y; DELETE FROM score WHERE year = $y; DELETE FROM response WHERE year = $y;", "$y"))
            foreach (var year in plan.Years)
            {
                del.Parameters["$y"].Value = year;
                del.ExecuteNonQuery();
            }

        using (var surveyed = SurveyStore.Command(connection, tx, "INSERT OR IGNORE INTO surveyed(unit_id, year) VALUES ($u, $y)", "$u", "$y"))
        using (var ins = SurveyStore.Command(connection, tx, "INSERT INTO response(unit_id, year, item, value) VALUES ($u, $y, $i, $v)", "$u", "$y", "$i", "$v"))
        {
            long lastUnitYear = -1;
            var keys = plan.Keys;
            for (int k = 0; k < keys.Length; k++)
            {
                var (unit, year, item) = Unpack(keys[k]);
                var unitId = plan.UnitIds[unit];
                if (keys[k] >> 16 != lastUnitYear)
                {
                    lastUnitYear = keys[k] >> 16;
                    surveyed.Parameters["$u"].Value = unitId; surveyed.Parameters["$y"].Value = year;
                    surveyed.ExecuteNonQuery();
                }
                if (plan.Values[k] is not { } value) continue;
                ins.Parameters["$u"].Value = unitId; ins.Parameters["$y"].Value = year;
                ins.Parameters["$i"].Value = _forms[plan.UnitPopulation[unit]].Form.Items[item].Code;
                ins.Parameters["$v"].Value = value;
                ins.ExecuteNonQuery();
                if ((k & 0x3FFF) == 0) progress?.Report(("writing", 0.5 * k / keys.Length));
            }
        }

        var detail = $"{plan.FileName} sha256:{plan.Sha256}";
        foreach (var year in plan.Years)
            connection.Execute("INSERT INTO survey_source(year, source, detail, updated_at) VALUES (@year, 'import', @detail, @now) " +
                               "ON CONFLICT(year) DO UPDATE SET source = 'import', detail = excluded.detail, updated_at = excluded.updated_at",
                new { year, detail, now }, tx);
        connection.Execute("INSERT INTO import_log(file, sha256, imported_at, rows, units, years) VALUES (@file, @sha, @now, @rows, @units, @years)",
            new
            {
                file = plan.FileName, sha = plan.Sha256, now, rows = plan.Rows, units = plan.Units,
                years = string.Join(',', plan.Years.Select(y => y.ToString(CultureInfo.InvariantCulture))),
            }, tx);

        progress?.Report(("scoring", 0.5));
        var rescore = SurveyStore.Rescore(connection, _definition.Engine, plan.Years, tx,
            progress is null ? null : new InlineProgress<double>(f => progress.Report(("scoring", 0.5 + 0.5 * f))));
        tx.Commit();
        progress?.Report(("done", 1));
        return new ImportResult(plan.FileName, plan.Sha256, plan.Rows, plan.Answers, plan.BlankAnswers, plan.Units, plan.Years, rescore,
            plan.Elapsed + watch.Elapsed);
    }

    // (unit, year, item) packed so that sorting the keys groups rows by unit, then year, then questionnaire order.
    private static long Key(int unit, int year, int item) => ((long)unit << 32) | ((long)year << 16) | (uint)item;
    private static (int Unit, int Year, int Item) Unpack(long key) => ((int)(key >> 32), (int)((key >> 16) & 0xFFFF), (int)(key & 0xFFFF));

    /// <summary>Thai digits ๐–๙ to ASCII 0–9; everything else unchanged.</summary>
    public static string NormalizeDigits(string s)
    {
        int i = 0;
        while (i < s.Length && (s[i] < '\u0E50' || s[i] > '\u0E59')) i++;
        if (i == s.Length) return s;
        var chars = s.ToCharArray();
        for (; i < chars.Length; i++)
            if (chars[i] is >= '\u0E50' and <= '\u0E59') chars[i] = (char)('0' + (chars[i] - '\u0E50'));
        return new string(chars);
    }

    /// <summary>Trims whitespace (including no-break spaces) and drops zero-width characters that spreadsheets leave behind.</summary>
    public static string Clean(string s)
    {
        s = s.Trim();
        if (s.AsSpan().IndexOfAny('\u200B', '\u200C', '\u200D') < 0 && s.IndexOf('\uFEFF') < 0) return s;
        var sb = new StringBuilder(s.Length);
        foreach (var c in s) if (c is not ('\u200B' or '\u200C' or '\u200D' or '\uFEFF')) sb.Append(c);
        return sb.ToString().Trim();
    }

    /// <summary>Year as written → Buddhist Era year, or a Thai explanation of why it is not accepted.</summary>
    public (int? Year, string? Error) ParseYear(string raw)
    {
        var s = NormalizeDigits(Clean(raw));
        var maxCe = Math.Min(MaxCeYear, MaxBuddhistYear - BuddhistOffset);
        var accepted = $"รับ พ.ศ. {MinBuddhistYear}–{MaxBuddhistYear} หรือ ค.ศ. {MinCeYear}–{maxCe}";
        if (s.Length != 4 || !s.All(char.IsAsciiDigit))
            return (null, s.Length == 0
                ? $"ไม่ได้ระบุปี (wrong year: empty); {accepted}"
                : $"'{raw.Trim()}' ไม่ใช่ปี 4 หลัก (wrong year: not a 4-digit year); {accepted}");
        var y = int.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture);
        if (y >= MinBuddhistYear && y <= MaxBuddhistYear) return (y, null);
        if (y >= MinCeYear && y <= MaxCeYear)
        {
            var be = y + BuddhistOffset;
            return be <= MaxBuddhistYear
                ? (be, null)
                : (null, $"ปี ค.ศ. {y} (พ.ศ. {be}) ยังมาไม่ถึง (wrong year: in the future); {accepted}");
        }
        return (null, y > MaxBuddhistYear && y < 2700
            ? $"ปี {y} ยังมาไม่ถึง (wrong year: in the future); {accepted}"
            : $"ปี {y} อยู่นอกช่วงที่รับได้ (wrong year: out of range); {accepted}");
    }

    private static string FormName(string population) =>
        population == Population.Department ? "แบบสอบถามระดับกรม (department form)" : "แบบสอบถามระดับจังหวัด (province form)";

    /// <summary>One population's items and options, indexed for lookups by code and by Thai label.</summary>
    private sealed class FormLookup
    {
        public CompiledForm Form { get; }
        public Dictionary<string, int> ItemByCode { get; }
        public Dictionary<string, string>[] OptionByCode { get; }
        public Dictionary<string, string>[] OptionByLabel { get; }

        public FormLookup(CompiledForm form)
        {
            Form = form;
            ItemByCode = form.Items.Select((it, i) => (it.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.OrdinalIgnoreCase);
            OptionByCode = form.Items.Select(it => it.Options.ToDictionary(o => o.Code, o => o.Code, StringComparer.OrdinalIgnoreCase)).ToArray();
            OptionByLabel = form.Items.Select(it => it.Options
                .GroupBy(o => o.LabelTh.Normalize(NormalizationForm.FormC), StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First().Code, StringComparer.Ordinal)).ToArray();
        }
    }

    private sealed class Validation(SurveyImporter importer, SqliteConnection connection, ImportSource source)
    {
        private readonly List<ImportError> _errors = [];
        private int _errorCount;
        private readonly List<long> _keys = [];
        private readonly List<int> _lines = [];
        private readonly List<string?> _values = [];
        private int _rows, _blank;
        private string[] _unitIds = [];
        private int[] _unitPopulation = [];
        private Dictionary<string, int> _unitById = [];
        private Dictionary<string, int> _unitByName = [];
        private bool _xlsx;

        private void Error(string code, int line, int column, string message) =>
            Add(new ImportError(code, source.FileName, line, column < 0 ? null : Columns[column].Column,
                column < 0 || !_xlsx ? null : ColumnCell(column, line), message));

        private int[] _columnIndex = [-1, -1, -1, -1];
        private string ColumnCell(int column, int line) => ImportSource.ColumnLetters(_columnIndex[column]) + line.ToString(CultureInfo.InvariantCulture);

        private void Add(ImportError e)
        {
            _errorCount++;
            if (_errors.Count < MaxStoredErrors) _errors.Add(e);
        }

        public void Execute(IProgress<double>? progress)
        {
            _xlsx = source.Format == SourceFormat.Xlsx;
            foreach (var e in source.ReadErrors) Add(e);
            if (source.ReadErrors.Count > 0) return;
            LoadUnits();
            try
            {
                ReadAll(progress);
            }
            catch (ImportReadException e)
            {
                Add(e.Error);
            }
            FindDuplicates();
        }

        private void LoadUnits()
        {
            var units = connection.Query<(string Id, string Kind, string NameTh)>("SELECT id, kind, name_th FROM unit ORDER BY id").ToList();
            _unitIds = units.Select(u => u.Id).ToArray();
            _unitPopulation = units.Select(u => u.Kind == Population.Department ? 0 : 1).ToArray();
            _unitById = units.Select((u, i) => (u.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.OrdinalIgnoreCase);
            _unitByName = units.Select((u, i) => (Name: u.NameTh.Normalize(NormalizationForm.FormC), i))
                .GroupBy(x => x.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
        }

        private void ReadAll(IProgress<double>? progress)
        {
            bool headerSeen = false;
            int headerWidth = 0, lastLine = 0;
            foreach (var record in source.Records)
            {
                lastLine = record.Line;
                var fields = record.Fields;
                if (fields.All(string.IsNullOrWhiteSpace)) continue;
                if (!headerSeen)
                {
                    headerSeen = true;
                    headerWidth = _xlsx ? LastNonEmpty(fields) + 1 : fields.Count;
                    if (!ReadHeader(record)) return;
                    continue;
                }
                _rows++;
                if ((_rows & 0xFFF) == 0 && progress is not null && source.ReadFraction is { } f) progress.Report(f());
                if (_xlsx ? LastNonEmpty(fields) >= headerWidth : fields.Count != headerWidth)
                {
                    var found = _xlsx ? LastNonEmpty(fields) + 1 : fields.Count;
                    Error(ImportErrorCode.WrongFieldCount, record.Line, -1,
                        $"จำนวนช่องไม่ถูกต้อง (wrong number of fields): พบ {found} ช่อง แต่แถวหัวตารางมี {headerWidth} ช่อง");
                    continue;
                }
                ReadRow(record);
            }
            if (!headerSeen)
                Error(ImportErrorCode.EmptyFile, Math.Max(1, lastLine), -1, "ไฟล์ว่าง (empty file): ไม่มีแถวหัวตาราง unit, year, item, value และไม่มีข้อมูล");
            else if (_rows == 0 && _errorCount == 0)
                Error(ImportErrorCode.EmptyFile, lastLine + 1, -1, "ไม่มีข้อมูลหลังแถวหัวตาราง (empty file: no data rows)");
            progress?.Report(1);
        }

        private static int LastNonEmpty(IReadOnlyList<string> fields)
        {
            for (int i = fields.Count - 1; i >= 0; i--) if (!string.IsNullOrWhiteSpace(fields[i])) return i;
            return -1;
        }

        private bool ReadHeader(SourceRecord header)
        {
            _columnIndex = [-1, -1, -1, -1];
            bool ok = true;
            for (int i = 0; i < header.Fields.Count; i++)
            {
                var name = Clean(header.Fields[i]).Normalize(NormalizationForm.FormC);
                var c = -1;
                for (int k = 0; k < Columns.Count; k++)
                    if (Columns[k].Names.Any(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase))) c = k;
                if (c < 0) continue; // other columns (notes, names for the reader) are allowed and ignored
                if (_columnIndex[c] >= 0)
                {
                    Add(new ImportError(ImportErrorCode.DuplicateColumn, source.FileName, header.Line, Columns[c].Column,
                        _xlsx ? ImportSource.ColumnLetters(i) + header.Line.ToString(CultureInfo.InvariantCulture) : null,
                        $"คอลัมน์ {Columns[c].Column} ซ้ำกันในแถวหัวตาราง (duplicate column)"));
                    ok = false;
                }
                else _columnIndex[c] = i;
            }
            for (int c = 0; c < Columns.Count; c++)
            {
                if (_columnIndex[c] >= 0) continue;
                ok = false;
                Add(new ImportError(ImportErrorCode.MissingColumn, source.FileName, header.Line, Columns[c].Column, null,
                    $"ไม่พบคอลัมน์ {Columns[c].Column} ({Columns[c].Names[1]}) ในแถวหัวตาราง (missing column); " +
                    "ต้องมี unit, year, item, value หรือ หน่วยงาน, ปี, ข้อ, คำตอบ"));
            }
            return ok;
        }

        private void ReadRow(SourceRecord record)
        {
            var f = record.Fields;
            string Field(int c) => _columnIndex[c] < f.Count ? Clean(f[_columnIndex[c]]) : "";
            int line = record.Line;

            var unitText = Field(UnitCol);
            int unit = -1;
            if (unitText.Length == 0)
                Error(ImportErrorCode.UnknownUnit, line, UnitCol, "ไม่ได้ระบุหน่วยงาน (unknown unit: empty)");
            else if (_unitById.TryGetValue(unitText, out var u) || _unitByName.TryGetValue(unitText.Normalize(NormalizationForm.FormC), out u))
                unit = u;
            else
                Error(ImportErrorCode.UnknownUnit, line, UnitCol,
                    $"ไม่รู้จักหน่วยงาน (unknown unit) '{unitText}'; ใช้รหัสหน่วยงาน เช่น D001, TH-50 หรือชื่อภาษาไทยที่ตรงทุกตัวอักษร");

            var (year, yearError) = importer.ParseYear(Field(YearCol));
            if (yearError is not null) Error(ImportErrorCode.WrongYear, line, YearCol, yearError);

            var itemText = Field(ItemCol);
            int item = -1;
            FormLookup? form = null;
            if (unit >= 0)
            {
                form = importer._forms[_unitPopulation[unit]];
                if (form.ItemByCode.TryGetValue(itemText, out var i)) item = i;
                else
                {
                    var other = importer._forms[1 - _unitPopulation[unit]];
                    var hint = other.ItemByCode.ContainsKey(itemText) ? $"; ข้อนี้มีใน{FormName(other.Form.Population)} เท่านั้น" : "";
                    Error(ImportErrorCode.UnknownItem, line, ItemCol, itemText.Length == 0
                        ? "ไม่ได้ระบุข้อ (unknown item: empty)"
                        : $"ไม่มีข้อ '{itemText}' ใน{FormName(form.Form.Population)} ของ {_unitIds[unit]} (unknown item){hint}");
                }
            }
            else if (!importer._forms.Any(x => x.ItemByCode.ContainsKey(itemText)))
                Error(ImportErrorCode.UnknownItem, line, ItemCol, itemText.Length == 0
                    ? "ไม่ได้ระบุข้อ (unknown item: empty)"
                    : $"ไม่มีข้อ '{itemText}' ในแบบสอบถามใดเลย (unknown item)");

            string? value = null;
            if (form is not null && item >= 0)
            {
                var raw = Field(ValueCol);
                if (raw.Length == 0) _blank++;
                else value = CheckValue(form, item, raw, line);
            }
            if (unit >= 0 && year is { } y && item >= 0)
            {
                _keys.Add(Key(unit, y, item));
                _lines.Add(line);
                _values.Add(value);
            }
        }

        private string? CheckValue(FormLookup form, int item, string raw, int line)
        {
            var it = form.Form.Items[item];
            if (it.IsNumeric)
            {
                var s = NormalizeDigits(raw);
                var max = it.MaxValue;
                var range = max is { } m ? $"0–{m.ToString(CultureInfo.InvariantCulture)}" : "ตั้งแต่ 0 ขึ้นไป";
                if (!double.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
                {
                    Error(ImportErrorCode.InvalidValue, line, ValueCol,
                        $"ข้อ {it.Code} ต้องตอบเป็นตัวเลข {range} (invalid value: number expected) แต่พบ '{raw}'");
                    return null;
                }
                if (v < 0 || (max is { } mx && v > mx))
                {
                    Error(ImportErrorCode.InvalidValue, line, ValueCol,
                        $"คำตอบ {s} ของข้อ {it.Code} อยู่นอกช่วง {range} (invalid value: out of range)");
                    return null;
                }
                return v.ToString(CultureInfo.InvariantCulture);
            }
            if (form.OptionByCode[item].TryGetValue(raw, out var code)) return code;
            if (form.OptionByLabel[item].TryGetValue(raw.Normalize(NormalizationForm.FormC), out code)) return code;
            var options = string.Join(", ", it.Options.Select(o => $"{o.Code} ({o.LabelTh})"));
            Error(ImportErrorCode.InvalidValue, line, ValueCol,
                $"คำตอบ '{raw}' ไม่อยู่ในตัวเลือกของข้อ {it.Code} (invalid value: not one of the item's options); ตัวเลือกที่รับได้: {options}");
            return null;
        }

        private long[] _sortedKeys = [];
        private string?[] _sortedValues = [];
        private int _units;
        private List<int> _years = [];

        private void FindDuplicates()
        {
            var keys = _keys.ToArray();
            var order = Enumerable.Range(0, keys.Length).ToArray();
            Array.Sort(keys, order);
            var lineWord = _xlsx ? "แถว" : "บรรทัด";
            for (int i = 0; i < keys.Length;)
            {
                int j = i + 1;
                while (j < keys.Length && keys[j] == keys[i]) j++;
                if (j - i > 1)
                {
                    var lines = order[i..j].Select(o => _lines[o]).Order().ToList();
                    var (unit, year, item) = Unpack(keys[i]);
                    var code = importer._forms[_unitPopulation[unit]].Form.Items[item].Code;
                    var message = $"แถวซ้ำ (duplicate row): {_unitIds[unit]} ปี {year} ข้อ {code} ปรากฏหลายครั้งที่{lineWord} {string.Join(", ", lines)}";
                    foreach (var line in lines)
                        Add(new ImportError(ImportErrorCode.DuplicateRow, source.FileName, line, "unit, year, item",
                            _xlsx ? $"{ColumnCell(UnitCol, line)}, {ColumnCell(YearCol, line)}, {ColumnCell(ItemCol, line)}" : null, message));
                }
                i = j;
            }
            _sortedKeys = keys;
            _sortedValues = new string?[keys.Length];
            for (int i = 0; i < keys.Length; i++) _sortedValues[i] = _values[order[i]];
            _units = keys.Select(k => Unpack(k).Unit).Distinct().Count();
            _years = keys.Select(k => Unpack(k).Year).Distinct().Order().ToList();
        }

        public ImportPlan ToPlan(TimeSpan elapsed)
        {
            var columnOrder = Columns.Select((c, i) => (c.Column, i)).ToDictionary(x => x.Column, x => x.i);
            var errors = _errors.OrderBy(e => e.Line).ThenBy(e => e.Column is { } c && columnOrder.TryGetValue(c, out var i) ? i : -1).ToList();
            var valid = _errorCount == 0;
            return new ImportPlan
            {
                FileName = source.FileName, Sha256 = source.Sha256, Errors = errors, ErrorCount = _errorCount,
                Rows = _rows, BlankAnswers = _blank, Units = _units, Years = _years, Elapsed = elapsed,
                Keys = valid ? _sortedKeys : [], Values = valid ? _sortedValues : [], UnitIds = _unitIds, UnitPopulation = _unitPopulation,
            };
        }
    }
}
