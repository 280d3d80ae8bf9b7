using System.Diagnostics;
using System.Globalization;
using DgBot.Core.Import;
using DgBot.Core.Storage;

namespace DgBot.Cli;

internal static class Commands
{
    public static int BuildDb(CliOptions o, TextWriter stdout, TextWriter stderr)
    {
        var dataDir = o.ResolveDataDir();
        var db = o.ResolveDb(dataDir);
        var definition = SurveyDefinition.Load(dataDir);
        var result = ProgressBar.Run(o.Quiet, stderr, "build-db", p =>
            DatabaseBuilder.Build(definition, db, o.NoDemo ? null : o.Seed ?? DatabaseBuilder.DefaultSeed, p));
        stdout.WriteLine($"built {result.Path}: {result.Units} units, {result.Items} items, {result.Figures} published figures, " +
                         $"{result.Responses} responses, {result.UnitRounds} scored unit-rounds in {result.Elapsed.TotalSeconds:F1} s");
        return 0;
    }

    public static int GenerateDemo(CliOptions o, TextWriter stdout, TextWriter stderr)
    {
        var dataDir = o.ResolveDataDir();
        var db = o.ResolveDb(dataDir);
        if (!File.Exists(db))
        {
            stderr.WriteLine($"ไม่พบฐานข้อมูล (database not found): {db} — สร้างก่อนด้วย `dgbot build-db`");
            return 1;
        }
        var seed = o.Seed ?? DatabaseBuilder.DefaultSeed;
        var definition = SurveyDefinition.Load(dataDir);
        var watch = Stopwatch.StartNew();
        var (responses, rescore) = ProgressBar.Run(o.Quiet, stderr, "generate-demo", p =>
        {
            var dataset = DatabaseBuilder.GenerateDemo(definition, seed,
                new InlineProgress<(string Stage, double Fraction)>(x => p.Report(("demo: " + x.Stage, 0.85 * x.Fraction))));
            using var connection = Database.Open(db);
            using var tx = connection.BeginTransaction();
            p.Report(("writing", 0.85));
            var written = DatabaseBuilder.WriteDemo(connection, tx, dataset);
            p.Report(("scoring", 0.9));
            var scored = SurveyStore.Rescore(connection, definition.Engine, null, tx,
                new InlineProgress<double>(f => p.Report(("scoring", 0.9 + 0.1 * f))));
            tx.Commit();
            p.Report(("done", 1));
            return (written, scored);
        });
        stdout.WriteLine($"สร้างข้อมูลจำลองใหม่แล้ว (demo data, synthetic) seed {seed}: {responses.ToString("N0", CultureInfo.InvariantCulture)} คำตอบ (responses), " +
                         $"{rescore.UnitRounds.ToString("N0", CultureInfo.InvariantCulture)} หน่วย-รอบ (unit-rounds) ปี {YearSpan(rescore.Years)} " +
                         $"แทนที่ทุกรอบเดิม ใน {watch.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} วินาที");
        return 0;

        static string YearSpan(IReadOnlyList<int> years) => years.Count == 0 ? "-" : years.Count == 1 ? $"{years[0]}" : $"{years[0]}–{years[^1]}";
    }

    public static int Import(CliOptions o, TextWriter stdout, TextWriter stderr)
    {
        const int maxPrinted = 50;
        if (o.Positional.Count != 1)
            throw new CliUsageException(o.Positional.Count == 0
                ? "import needs a file: dgbot import <file.csv|file.xlsx>"
                : $"import takes one file, got {o.Positional.Count}: {string.Join(' ', o.Positional)}");
        var file = Path.GetFullPath(o.Positional[0]);
        if (!File.Exists(file))
        {
            stderr.WriteLine($"ไม่พบไฟล์ (file not found): {file}");
            return 1;
        }
        var dataDir = o.ResolveDataDir();
        var db = o.ResolveDb(dataDir);
        if (!File.Exists(db))
        {
            stderr.WriteLine($"ไม่พบฐานข้อมูล (database not found): {db} — สร้างก่อนด้วย `dgbot build-db`");
            return 1;
        }
        if (Path.GetExtension(file).Equals(".xls", StringComparison.OrdinalIgnoreCase))
        {
            stderr.WriteLine($"{Path.GetFileName(file)}:1: ไฟล์ .xls รุ่นเก่าอ่านไม่ได้ (unreadable file); ให้บันทึกใหม่เป็น .xlsx หรือ CSV UTF-8 [unreadable-file]");
            return 1;
        }
        var definition = SurveyDefinition.Load(dataDir);
        var importer = new SurveyImporter(definition);
        var source = XlsxImportSource.LooksLikeXlsx(file) ? XlsxImportSource.Open(file) : CsvImportSource.FromFile(file);
        (ImportPlan Plan, ImportResult? Result) outcome;
        try
        {
            using var connection = Database.Open(db);
            outcome = ProgressBar.Run(o.Quiet, stderr, "import", p => importer.Import(connection, source, p));
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            // The write is one transaction, so a failure part-way (locked or full disk) rolls everything back.
            stderr.WriteLine($"เขียนฐานข้อมูลไม่สำเร็จ (database error): {e.Message} — ไม่มีข้อมูลใดถูกเปลี่ยน (nothing imported)");
            return 1;
        }
        var (plan, result) = outcome;
        string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
        if (result is null)
        {
            stderr.WriteLine($"{plan.FileName}: พบข้อผิดพลาด {N(plan.ErrorCount)} รายการ (errors) — ไม่ได้นำเข้าข้อมูลใดเลย ฐานข้อมูลไม่เปลี่ยนแปลง (nothing imported)");
            foreach (var error in plan.Errors.Take(maxPrinted)) stderr.WriteLine("  " + error);
            if (plan.ErrorCount > maxPrinted)
                stderr.WriteLine($"  ... และอีก {N(plan.ErrorCount - maxPrinted)} รายการ (and {N(plan.ErrorCount - maxPrinted)} more errors)");
            return 1;
        }
        var years = string.Join(", ", result.Years);
        stdout.WriteLine($"นำเข้า {result.FileName} แล้ว (imported): {N(result.Rows)} แถว (rows), {N(result.Units)} หน่วยงาน (units), " +
                         $"ปี {years} — แทนที่ข้อมูลเดิมของ{(result.Years.Count > 1 ? "ทุกปีนี้" : "ปีนี้")}ทั้งรอบ");
        if (result.BlankAnswers > 0)
            stdout.WriteLine($"  คำตอบว่าง {N(result.BlankAnswers)} แถว บันทึกเป็น \"ไม่ได้ตอบ\" (blank answers: unanswered)");
        stdout.WriteLine($"  คำนวณคะแนนใหม่ {N(result.Rescore.UnitRounds)} หน่วย-รอบ (unit-rounds) ใน {result.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} วินาที");
        return 0;
    }

    public static int Score(CliOptions o, TextWriter stdout, TextWriter stderr)
    {
        var dataDir = o.ResolveDataDir();
        var db = o.ResolveDb(dataDir);
        if (!File.Exists(db))
        {
            stderr.WriteLine($"ไม่พบฐานข้อมูล (database not found): {db} — สร้างก่อนด้วย `dgbot build-db`");
            return 1;
        }
        var definition = SurveyDefinition.Load(dataDir);
        var watch = Stopwatch.StartNew();
        RescoreResult result;
        using (var connection = Database.Open(db))
            result = ProgressBar.Run(o.Quiet, stderr, "score", p =>
                SurveyStore.Rescore(connection, definition.Engine, null, null, new InlineProgress<double>(f => p.Report(("scoring", f)))));
        var n = result.UnitRounds.ToString("N0", CultureInfo.InvariantCulture);
        var rows = result.ScoreRows.ToString("N0", CultureInfo.InvariantCulture);
        var years = result.Years.Count == 0 ? "ไม่มีคำตอบในฐานข้อมูล (no responses)" : $"ปี {string.Join(", ", result.Years)}";
        stdout.WriteLine($"คำนวณคะแนนใหม่แล้ว (rescored): {n} หน่วย-รอบ (unit-rounds), {rows} แถวคะแนน (score rows), {years} " +
                         $"ใน {watch.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} วินาที");
        return 0;
    }
}
