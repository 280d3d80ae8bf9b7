using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using DgBot.Cli;
using DgBot.Core;
using DgBot.Core.Import;
using DgBot.Core.Storage;

namespace DgBot.Benchmarks;

/// <summary>
/// The databases the query benchmarks run on, built once and kept in a folder (DGBOT_BENCH_DIR, or dgbot-bench-dbs in
/// the temporary folder) under a name that changes with data/schema.sql, so a schema change builds them anew.
/// <list type="bullet">
/// <item>demo: `dgbot build-db`, the shipped demo (301 agencies + 76 provinces, rounds 2563–2567).</item>
/// <item>
/// 100×: the demo's five rounds imported, in turn, as 100 rounds BE 2561–2660 (2561 gets 2563's answers, 2562 2564's ...,
/// 2566 2563's again), through the real importer with its clock set ahead so that every year is accepted. Each round keeps
/// its own respondents and their answers, so there are ≈36,400 unit-rounds, consecutive rounds differ as the demo's do
/// (movers and trends have something to find) and each round is as large as a real one.
/// </item>
/// </list>
/// </summary>
public static class BenchDatabases
{
    public const int FirstYear = 2561;

    public static string Folder => Environment.GetEnvironmentVariable("DGBOT_BENCH_DIR") is { Length: > 0 } dir
        ? dir : Path.Combine(Path.GetTempPath(), "dgbot-bench-dbs");

    private static string Stamp()
    {
        var schema = File.ReadAllBytes(Path.Combine(DataPaths.FindDataDirectory(), "schema.sql"));
        return Convert.ToHexString(SHA256.HashData(schema))[..10].ToLowerInvariant();
    }

    public static string DemoPath => Path.Combine(Folder, $"demo-{Stamp()}.db");
    public static string HundredPath(int years = 100) => Path.Combine(Folder, $"x{years}-{Stamp()}.db");

    public static async Task<string> Demo(bool rebuild = false)
    {
        var path = DemoPath;
        if (File.Exists(path) && !rebuild) return path;
        Directory.CreateDirectory(Folder);
        var building = path + ".building";
        DatabaseBuilder.DeleteDatabaseFiles(building);
        var stderr = new StringWriter();
        if (await CliApp.RunAsync(["build-db", "--db", building, "-q"], TextWriter.Null, stderr) != 0)
            throw new InvalidOperationException("build-db failed: " + stderr);
        File.Move(building, path, overwrite: true);
        return path;
    }

    /// <summary>The 100× database (or `years`×), built from the demo's rounds if it is not there yet.</summary>
    public static async Task<string> Hundred(int years = 100, bool rebuild = false, TextWriter? log = null)
    {
        var path = HundredPath(years);
        if (File.Exists(path) && !rebuild) return path;
        var demo = await Demo(rebuild);
        var building = path + ".building";
        DatabaseBuilder.DeleteDatabaseFiles(building);
        File.Copy(demo, building);
        var csv = building + ".csv";
        Dictionary<int, List<(string Unit, string Item, string Value)>> rounds;
        using (var c = Database.Open(demo, readOnly: true))
            rounds = c.Query<(int Year, string Unit, string Item, string Value)>("SELECT year, unit_id, item, value FROM response ORDER BY year, unit_id, item")
                .GroupBy(r => r.Year).ToDictionary(g => g.Key, g => g.Select(r => (r.Unit, r.Item, r.Value)).ToList());
        var source = rounds.Keys.Order().ToList();
        WriteCsv(csv, Enumerable.Range(FirstYear, years).Select(y => (y, rounds[source[(y - FirstYear) % source.Count]])));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var lastYear = FirstYear + years - 1;
        var importer = new SurveyImporter(SurveyDefinition.Load(DataPaths.FindDataDirectory()), new FixedClock(new DateTimeOffset(lastYear - 1 - 543, 6, 1, 0, 0, 0, TimeSpan.Zero)));
        using (var connection = Database.Open(building))
        {
            var plan = importer.Validate(connection, CsvImportSource.FromFile(csv));
            if (!plan.IsValid) throw new InvalidOperationException("benchmark file rejected: " + string.Join('\n', plan.Errors.Take(5)));
            var result = importer.Write(connection, plan);
            log?.WriteLine($"built {path}: {result.Rescore.UnitRounds:N0} unit-rounds in {years} rounds ({FirstYear}-{lastYear}) in {watch.Elapsed.TotalSeconds:F0} s");
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(csv);
        File.Move(building, path, overwrite: true);
        return path;
    }

    /// <summary>An import file: for each year, the given rows as that year's answers.</summary>
    public static void WriteCsv(string path, IEnumerable<(int Year, List<(string Unit, string Item, string Value)> Rows)> rounds)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        writer.Write("unit,year,item,value\n");
        foreach (var (year, rows) in rounds)
        {
            var y = year.ToString(CultureInfo.InvariantCulture);
            foreach (var (unit, item, value) in rows)
            {
                writer.Write(unit); writer.Write(','); writer.Write(y); writer.Write(',');
                writer.Write(item); writer.Write(','); writer.Write(DgBot.Core.Text.Csv.Escape(value)); writer.Write('\n');
            }
        }
    }
}

/// <summary>A clock fixed at one moment, so the importer accepts rounds up to the year after it.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
