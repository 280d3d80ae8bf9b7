// A plain timed benchmark of the survey pipeline (Stopwatch, not BenchmarkDotNet, so it finishes in minutes):
//   dotnet run -c Release --project tests/DgBot.Benchmarks [-- --runs N] [--years N] [--keep]
// (a) build-db from scratch, (b) `dgbot score` over every unit-round, (c) importing the 2567 round copied into N years.
// Query latency, Stopwatch: `-- --queries [--hundred]` (demo database; with --hundred also the 100× one, see BenchDatabases).
// Query latency, BenchmarkDotNet: `-- --bdn` (see QueryBenchmarks.cs).
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dapper;
using DgBot.Benchmarks;
using DgBot.Cli;
using DgBot.Core;
using DgBot.Core.Import;
using DgBot.Core.Storage;

if (args.Contains("--bdn")) return await QueryBenchmarks.RunAsync(args.Where(a => a != "--bdn").ToArray());
if (args.Contains("--risk")) return await RiskTiming.RunAsync(IntOption("--runs", 3));

var runs = IntOption("--runs", 3);
var years = IntOption("--years", 100);
var keep = args.Contains("--keep");
var work = Path.Combine(Path.GetTempPath(), "dgbot-bench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(work);
var dataDir = DataPaths.FindDataDirectory();
var inv = CultureInfo.InvariantCulture;
var results = new List<(string Name, string Time, string Rate)>();
Console.WriteLine($"data: {dataDir}\nwork: {work}\nruns: {runs}, import years: {years}, {Environment.ProcessorCount} cpus, {RuntimeInfoText()}\n");

if (args.Contains("--queries"))
{
    // Query-layer latency: each catalog query uncached (the answer cache bypassed; the in-memory snapshot of the database is
    // loaded before timing starts, and its load time and the first calls that read rows on demand are printed) and cached.
    var databases = new List<(string Name, string Path)> { ("demo", await BenchDatabases.Demo()) };
    if (args.Contains("--hundred")) databases.Add(("100x", await BenchDatabases.Hundred(years, log: Console.Out)));
    foreach (var (dbName, qdb) in databases)
    {
        var uncached = DgBot.Core.Queries.SurveyQueries.ForFile(qdb, cacheResults: false);
        var cached = DgBot.Core.Queries.SurveyQueries.ForFile(qdb);
        var load = Stopwatch.StartNew();
        uncached.Snapshot();
        var loadMs = load.Elapsed.TotalMilliseconds;
        // First calls: each unit's first unit_gaps and each item's first item_statistic read their rows from the file.
        var latest = uncached.LatestYear();
        List<string> respondents;
        List<(string Code, string Population)> items;
        using (var c = Database.Open(qdb, readOnly: true))
        {
            respondents = c.Query<string>("SELECT unit_id FROM score WHERE year = @latest AND scope = 'overall'", new { latest }).ToList();
            items = c.Query<(string, string)>("SELECT code, population FROM item").ToList();
        }
        double[] Firsts<T>(List<T> keys, Action<T> call)
        {
            var times = keys.Select(k => { var sw = Stopwatch.StartNew(); call(k); return sw.Elapsed.TotalMilliseconds * 1000; }).ToArray();
            Array.Sort(times);
            return times;
        }
        var firstGaps = Firsts(respondents, u => uncached.UnitGaps(u));
        var firstItems = Firsts(items, i => uncached.ItemStatistic(i.Code, i.Population));
        string Pc(double[] t, double p) => $"{t[(int)Math.Min(t.Length - 1, Math.Floor(p * t.Length))]:N0} µs";
        Console.WriteLine($"{dbName}: snapshot load {loadMs:F0} ms; first unit_gaps of each of {firstGaps.Length} units p50 {Pc(firstGaps, 0.5)} p99 {Pc(firstGaps, 0.99)}; " +
            $"first item_statistic of each of {firstItems.Length} items p50 {Pc(firstItems, 0.5)} p99 {Pc(firstItems, 0.99)}");
        QueryBenchmarks.WarmUp(uncached);
        QueryBenchmarks.WarmUp(cached);
        Console.WriteLine("| function | uncached p50 | uncached p99 | cached p50 | cached p99 |\n|---|---|---|---|---|");
        foreach (var (name, call) in QueryBenchmarks.Cases)
        {
            double[] Sample(DgBot.Core.Queries.SurveyQueries q, int n)
            {
                    var times = new double[n];
                for (int i = 0; i < n; i++) { var sw = Stopwatch.StartNew(); call(q); times[i] = sw.Elapsed.TotalMilliseconds * 1000; }
                Array.Sort(times);
                return times;
            }
            var u = Sample(uncached, 1000); var c = Sample(cached, 5000);
            string P(double[] t, double p) => $"{t[(int)Math.Min(t.Length - 1, Math.Floor(p * t.Length))]:N0} µs";
            Console.WriteLine($"| {name} | {P(u, 0.5)} | {P(u, 0.99)} | {P(c, 0.5)} | {P(c, 0.99)} |");
        }
        Console.WriteLine();
    }
    if (!keep) Directory.Delete(work, recursive: true);
    return 0;
}

// (a) build-db from scratch, the real command.
var db = Path.Combine(work, "bench.db");
var buildTimes = new List<double>();
for (int i = 0; i < runs; i++)
{
    var t = await Timed(() => Cli("build-db", "--db", db, "-q"));
    buildTimes.Add(t);
    Console.WriteLine($"  build-db run {i + 1}: {t:F2} s");
}
using (var c = Database.Open(db, readOnly: true))
{
    var responses = c.ExecuteScalar<long>("SELECT COUNT(*) FROM response");
    results.Add(("(a) build-db from scratch (median)", $"{Median(buildTimes):F2} s", $"{responses / Median(buildTimes):N0} responses/s"));
}

// (b) dgbot score: every unit-round re-scored from responses.
long unitRounds;
using (var c = Database.Open(db, readOnly: true)) unitRounds = c.ExecuteScalar<long>("SELECT COUNT(*) FROM (SELECT DISTINCT unit_id, year FROM response)");
var scoreTimes = new List<double>();
for (int i = 0; i < runs; i++)
{
    var t = await Timed(() => Cli("score", "--db", db, "-q"));
    scoreTimes.Add(t);
    Console.WriteLine($"  score run {i + 1}: {t:F2} s ({unitRounds:N0} unit-rounds)");
}
results.Add(("(b) dgbot score, all unit-rounds (median)", $"{Median(scoreTimes):F2} s", $"{unitRounds / Median(scoreTimes):N0} unit-rounds/s"));

// (b') the realistic import: the 2567 round as one CSV, through the real command.
var round = Path.Combine(work, "round-2567.csv");
List<(string Unit, string Item, string Value)> rows2567;
using (var c = Database.Open(db, readOnly: true))
    rows2567 = c.Query<(string, string, string)>("SELECT unit_id, item, value FROM response WHERE year = 2567 ORDER BY unit_id, item").ToList();
BenchDatabases.WriteCsv(round, [(2567, rows2567)]);
var roundDb = Path.Combine(work, "round.db");
var roundTimes = new List<double>();
for (int i = 0; i < runs; i++)
{
    File.Copy(db, roundDb, overwrite: true);
    var t = await Timed(() => Cli("import", round, "--db", roundDb, "-q"));
    roundTimes.Add(t);
    Console.WriteLine($"  import 2567 round run {i + 1}: {t:F2} s ({rows2567.Count:N0} rows)");
}
results.Add(($"(c1) dgbot import, the 2567 round ({rows2567.Count:N0} rows, median)", $"{Median(roundTimes):F2} s", $"{rows2567.Count / Median(roundTimes):N0} rows/s"));

// (c) 100× the dataset: the 2567 round's responding units in `years` distinct rounds. The accepted range ends at next year's
// round (BE 2560..now+1 = 11 rounds today), so the importer runs with a clock set far enough ahead that BE 2561..2560+years are all
// valid; validation, writing and re-scoring are the code the command runs.
var firstYear = 2561;
var lastYear = firstYear + years - 1;
var clock = new FixedClock(new DateTimeOffset(lastYear - 1 - 543, 6, 1, 0, 0, 0, TimeSpan.Zero));
var big = Path.Combine(work, "hundred-rounds.csv");
var genWatch = Stopwatch.StartNew();
BenchDatabases.WriteCsv(big, Enumerable.Range(firstYear, years).Select(y => (y, rows2567)));
var bigRows = (long)rows2567.Count * years;
var bigUnitRounds = rows2567.Select(r => r.Unit).Distinct().Count() * (long)years;
Console.WriteLine($"  generated {big}: {new FileInfo(big).Length / 1e6:F0} MB, {bigRows:N0} rows, {bigUnitRounds:N0} unit-rounds, years {firstYear}-{lastYear} in {genWatch.Elapsed.TotalSeconds:F1} s");
var bigDb = Path.Combine(work, "big.db");
File.Copy(db, bigDb, overwrite: true);
var definition = SurveyDefinition.Load(dataDir);
var importer = new SurveyImporter(definition, clock);
double validate, write = 0, rescore = 0;
using (var connection = Database.Open(bigDb))
{
    var watch = Stopwatch.StartNew();
    var source = CsvImportSource.FromFile(big);
    var plan = importer.Validate(connection, source);
    validate = watch.Elapsed.TotalSeconds;
    if (!plan.IsValid) throw new InvalidOperationException("benchmark file rejected: " + string.Join('\n', plan.Errors.Take(5)));
    Console.WriteLine($"  validated in {validate:F2} s");
    watch.Restart();
    double scoringStarted = -1;
    var result = importer.Write(connection, plan, new InlineProgress<(string Stage, double Fraction)>(p =>
    {
        if (p.Stage == "scoring" && scoringStarted < 0) scoringStarted = watch.Elapsed.TotalSeconds;
    }));
    var total = watch.Elapsed.TotalSeconds;
    write = scoringStarted;
    rescore = total - scoringStarted;
    Console.WriteLine($"  wrote {result.Answers:N0} responses in {write:F2} s, re-scored {result.Rescore.UnitRounds:N0} unit-rounds in {rescore:F2} s");
}
var all = validate + write + rescore;
results.Add(($"(c) import 100x: validate {bigRows:N0} rows", $"{validate:F2} s", $"{bigRows / validate:N0} rows/s"));
results.Add(("(c) import 100x: write (one transaction)", $"{write:F2} s", $"{bigRows / write:N0} rows/s"));
results.Add(($"(c) import 100x: re-score {bigUnitRounds:N0} unit-rounds", $"{rescore:F2} s", $"{bigUnitRounds / rescore:N0} unit-rounds/s"));
results.Add(("(c) import 100x: total", $"{all:F2} s", $"{bigRows / all:N0} rows/s"));

Console.WriteLine();
var w0 = results.Max(r => r.Name.Length);
var w1 = Math.Max(8, results.Max(r => r.Time.Length));
Console.WriteLine($"| {"benchmark".PadRight(w0)} | {"time".PadLeft(w1)} | rate |");
Console.WriteLine($"|{new string('-', w0 + 2)}|{new string('-', w1 + 2)}|------|");
foreach (var (name, time, rate) in results) Console.WriteLine($"| {name.PadRight(w0)} | {time.PadLeft(w1)} | {rate} |");

if (!keep)
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(work, recursive: true);
}
return 0;

int IntOption(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : fallback;
}

static async Task<double> Timed(Func<Task<int>> action)
{
    var watch = Stopwatch.StartNew();
    var exit = await action();
    if (exit != 0) throw new InvalidOperationException($"command failed with exit code {exit}");
    return watch.Elapsed.TotalSeconds;
}

static async Task<int> Cli(params string[] arguments)
{
    var stderr = new StringWriter();
    var exit = await CliApp.RunAsync(arguments, TextWriter.Null, stderr);
    if (exit != 0) Console.Error.WriteLine(stderr);
    return exit;
}

static double Median(List<double> xs)
{
    var s = xs.Order().ToList();
    return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
}

static string RuntimeInfoText() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;
