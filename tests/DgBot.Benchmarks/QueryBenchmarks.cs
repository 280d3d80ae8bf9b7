// Query-layer latency with BenchmarkDotNet: every catalog function, uncached and cached, on the demo and the 100× database,
// and the one-time snapshot load:
//   dotnet run -c Release --project tests/DgBot.Benchmarks -- --bdn [BenchmarkDotNet options, e.g. --filter *QueryBenchmarks*]
// The databases are built on first use and kept (BenchDatabases: DGBOT_BENCH_DIR, or dgbot-bench-dbs in the temp folder);
// building the 100× one takes a few minutes. Everything runs in-process (no generated projects to build) and takes about
// ten minutes on two cores. Each measured iteration is ONE call, so the P50/P95/P99 columns are per-call latencies; outliers
// are kept and garbage collections are not forced between calls, so a p99 includes the pauses a real caller would see.
// "Uncached" bypasses the answer cache on every call; the database's in-memory snapshot is loaded in the global setup, before
// measuring, and each call is made once there too, so the answers and missed items it reads are in memory (they are read per
// item and per unit on first use). SnapshotLoadBenchmarks measures the load; FirstCallBenchmarks the calls that read them.
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using DgBot.Core.Queries;
using DgBot.Core.Storage;
using Perfolizer.Horology;

namespace DgBot.Benchmarks;

[Config(typeof(PerCallConfig))]
public class QueryBenchmarks
{
    /// <summary>The calls both benchmarks time (the Stopwatch one in Program.cs too), by catalog function name.</summary>
    public static readonly IReadOnlyList<(string Name, Func<SurveyQueries, object> Call)> Cases =
    [
        ("unit_profile", q => q.UnitProfile("TH-50")),
        ("unit_rank", q => q.UnitRank("D116", RankScope.Ministry, year: 2566)),
        ("unit_gaps", q => q.UnitGaps("TH-50")),
        ("unit_trend", q => q.UnitTrend("TH-50", pillar: 6)),
        ("compare_units", q => q.CompareUnits(["TH-50", "TH-51", "TH-57"])),
        ("level_distribution", q => q.LevelDistribution("department", pillar: 7, groupBy: "type")),
        ("list_units", q => q.ListUnits("province", subIndicator: "6.2", level: 1)),
        ("top_units", q => q.TopUnits("department", "best", 10)),
        ("movers", q => q.Movers("department", "regressed")),
        ("item_statistic", q => q.ItemStatistic("3.1", "department")),
        ("published_figure", q => q.PublishedFigure("อัตราการตอบกลับ")),
        ("recommendations", q => q.Recommendations("ข้อมูล")),
        ("describe", q => q.Describe(pillar: 6)),
    ];

    private static object Call(SurveyQueries q, string name) => Cases.Single(c => c.Name == name).Call(q);

    [Params("demo", "100x")]
    public string Db { get; set; } = "demo";

    [Params(false, true)]
    public bool Cached { get; set; }

    private SurveyQueries _q = null!;

    [GlobalSetup]
    public void Setup()
    {
        _q = SurveyQueries.ForFile(QueryBenchmarksPaths.Of(Db), cacheResults: Cached);
        WarmUp(_q);
    }

    /// <summary>
    /// Every call made often enough, with pauses, that the JIT's tier-1 code is in place before measuring (tiering waits for a
    /// quiet 100 ms); a server answers with that code after its first seconds. The first round also reads, once, the answers
    /// and missed items these calls need.
    /// </summary>
    public static void WarmUp(SurveyQueries q)
    {
        for (int round = 0; round < 3; round++)
        {
            foreach (var (_, call) in Cases)
                for (int i = 0; i < 60; i++) call(q);
            Thread.Sleep(250);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _q = null!;
        GC.Collect();
    }

    [Benchmark] public object unit_profile() => _q.UnitProfile("TH-50");
    [Benchmark] public object unit_rank() => _q.UnitRank("D116", RankScope.Ministry, year: 2566);
    [Benchmark] public object unit_gaps() => _q.UnitGaps("TH-50");
    [Benchmark] public object unit_trend() => _q.UnitTrend("TH-50", pillar: 6);
    [Benchmark] public object compare_units() => _q.CompareUnits(["TH-50", "TH-51", "TH-57"]);
    [Benchmark] public object level_distribution() => _q.LevelDistribution("department", pillar: 7, groupBy: "type");
    [Benchmark] public object list_units() => _q.ListUnits("province", subIndicator: "6.2", level: 1);
    [Benchmark] public object top_units() => _q.TopUnits("department", "best", 10);
    [Benchmark] public object movers() => _q.Movers("department", "regressed");
    [Benchmark] public object item_statistic() => _q.ItemStatistic("3.1", "department");
    [Benchmark] public object published_figure() => _q.PublishedFigure("อัตราการตอบกลับ");
    [Benchmark] public object recommendations() => _q.Recommendations("ข้อมูล");
    [Benchmark] public object describe() => _q.Describe(pillar: 6);

    /// <summary>Builds the databases if needed (before BenchmarkDotNet starts timing anything), then runs the benchmarks.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        // The parser needs no database: "--filter *ParserBenchmarks*" alone skips building them; the risk model needs the demo only.
        var filter = args.SkipWhile(a => a != "--filter").Skip(1).FirstOrDefault();
        if (filter is null || !filter.Contains("Parser", StringComparison.Ordinal))
            Console.WriteLine($"demo: {await BenchDatabases.Demo()}");
        if (filter is null || !filter.Contains("Parser", StringComparison.Ordinal) && !filter.Contains("Risk", StringComparison.Ordinal))
            Console.WriteLine($"100x: {await BenchDatabases.Hundred(log: Console.Out)}");
        // The same calls through the two benchmark classes must agree with the Stopwatch list; a renamed case would otherwise
        // silently time something else.
        var names = typeof(QueryBenchmarks).GetMethods().Where(m => m.IsDefined(typeof(BenchmarkAttribute), false)).Select(m => m.Name).Order();
        if (!names.SequenceEqual(Cases.Select(c => c.Name).Order())) throw new InvalidOperationException("QueryBenchmarks methods and Cases differ");
        if (!args.Contains("--filter")) args = [.. args, "--filter", "*"];
        var summaries = BenchmarkSwitcher.FromTypes([typeof(QueryBenchmarks), typeof(FirstCallBenchmarks), typeof(SnapshotLoadBenchmarks), typeof(ParserBenchmarks), typeof(RiskBenchmarks)]).Run(args);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}

/// <summary>
/// The calls the uncached numbers leave out: the first unit_gaps of a unit and the first item_statistic of an item in a round,
/// which read that unit's missed items or that item's answers from the database. Every call asks about a unit or item not
/// asked before (the lists are longer than warm-up plus iterations), answer cache bypassed, snapshot loaded.
/// </summary>
[Config(typeof(FirstCallConfig))]
public class FirstCallBenchmarks
{
    // Warm-up and measured calls, and a few more for BenchmarkDotNet's jitting and memory-diagnoser runs.
    public const int Calls = FirstCallConfig.Warmup + FirstCallConfig.Iterations + 10;

    [Params("demo", "100x")]
    public string Db { get; set; } = "demo";

    private SurveyQueries _q = null!;
    private List<string> _units = [];
    private List<(string Item, string Population)> _items = [];
    private int _unit, _item;

    [GlobalSetup]
    public void Setup()
    {
        var path = QueryBenchmarksPaths.Of(Db);
        _q = SurveyQueries.ForFile(path, cacheResults: false);
        var latest = _q.LatestYear();
        using (var c = Database.Open(path, readOnly: true))
        {
            _units = Dapper.SqlMapper.Query<string>(c, "SELECT unit_id FROM score WHERE year = @latest AND scope = 'overall' ORDER BY unit_id", new { latest }).ToList();
            _items = Dapper.SqlMapper.Query<(string, string)>(c, "SELECT code, population FROM item ORDER BY population, code").ToList();
        }
        if (_units.Count < Calls || _items.Count < Calls) throw new InvalidOperationException($"{_units.Count} units, {_items.Count} items: too few for {Calls} first calls");
        _q.Snapshot();
        _unit = _item = 0;
    }

    [GlobalCleanup]
    public void Cleanup() => _q = null!;

    [Benchmark] public object unit_gaps_first_call() => _q.UnitGaps(_units[_unit++]);

    [Benchmark] public object item_statistic_first_call()
    {
        var (item, population) = _items[_item++];
        return _q.ItemStatistic(item, population);
    }
}

/// <summary>The one-time cost the uncached numbers leave out: loading a database's snapshot, what the first question of a version waits for.</summary>
[Config(typeof(LoadConfig))]
public class SnapshotLoadBenchmarks
{
    [Params("demo", "100x")]
    public string Db { get; set; } = "demo";

    private SurveyQueries _q = null!;

    // A fresh SurveyQueries has no snapshot yet, as if the file had just changed.
    [IterationSetup]
    public void Fresh() => _q = SurveyQueries.ForFile(QueryBenchmarksPaths.Of(Db), cacheResults: false);

    /// <summary>Units, framework, every score row, figures and recommendations.</summary>
    [Benchmark]
    public object snapshot_load() => _q.Snapshot();
}

public static class QueryBenchmarksPaths
{
    public static string Of(string db) => db switch
    {
        "demo" => BenchDatabases.DemoPath,
        "100x" => BenchDatabases.HundredPath(),
        _ => throw new ArgumentException($"unknown database '{db}'", nameof(db)),
    } is var path && File.Exists(path) ? path : throw new FileNotFoundException($"run with --bdn so the {db} database is built first", path);
}

/// <summary>Per-call latency: one call per iteration, many iterations, every measurement kept; µs; P50/P95/P99 columns.</summary>
public sealed class PerCallConfig : ManualConfig
{
    public PerCallConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithStrategy(RunStrategy.Throughput)
            .WithInvocationCount(1).WithUnrollFactor(1)
            .WithLaunchCount(1).WithWarmupCount(50).WithIterationCount(500)
            .WithGcForce(false)
            .WithOutlierMode(Perfolizer.Mathematics.OutlierDetection.OutlierMode.DontRemove)
            .WithId("PerCall"));
        AddColumn(StatisticColumn.Mean, StatisticColumn.P50, StatisticColumn.P95, new PercentileColumn(99), StatisticColumn.Max);
        AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default);
        WithSummaryStyle(SummaryStyle.Default.WithTimeUnit(TimeUnit.Microsecond));
    }
}

/// <summary>As PerCallConfig, with as many calls as there are distinct units or items to ask about first.</summary>
public sealed class FirstCallConfig : ManualConfig
{
    public const int Warmup = 5, Iterations = 200;

    public FirstCallConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithStrategy(RunStrategy.Throughput)
            .WithInvocationCount(1).WithUnrollFactor(1)
            .WithLaunchCount(1).WithWarmupCount(Warmup).WithIterationCount(Iterations)
            .WithGcForce(false)
            .WithOutlierMode(Perfolizer.Mathematics.OutlierDetection.OutlierMode.DontRemove)
            .WithId("FirstCall"));
        AddColumn(StatisticColumn.Mean, StatisticColumn.P50, StatisticColumn.P95, new PercentileColumn(99), StatisticColumn.Max);
        AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default);
        WithSummaryStyle(SummaryStyle.Default.WithTimeUnit(TimeUnit.Microsecond));
    }
}

/// <summary>Loads take up to seconds each: a few of them, one per iteration.</summary>
public sealed class LoadConfig : ManualConfig
{
    public LoadConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithStrategy(RunStrategy.Monitoring)
            .WithInvocationCount(1).WithUnrollFactor(1)
            .WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5)
            .WithId("Load"));
        AddColumn(StatisticColumn.Mean, StatisticColumn.P50, StatisticColumn.Max);
        AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default);
        WithSummaryStyle(SummaryStyle.Default.WithTimeUnit(TimeUnit.Millisecond));
    }
}

/// <summary>Any percentile of the per-call measurements (BenchmarkDotNet's own columns stop at P95, then P100).</summary>
public sealed class PercentileColumn(int percentile) : IColumn
{
    public string Id => $"{nameof(PercentileColumn)}.P{percentile}";
    public string ColumnName => $"P{percentile}";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Statistics;
    public int PriorityInCategory => 10;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Time;
    public string Legend => $"{percentile}th percentile of the per-call times";
    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var statistics = summary[benchmarkCase]?.ResultStatistics;
        if (statistics is null) return "NA";
        var ns = statistics.Percentiles.Percentile(percentile);
        // The summaries here are in µs (PerCallConfig), like BenchmarkDotNet's own columns.
        return (ns / 1000).ToString("N1", System.Globalization.CultureInfo.InvariantCulture) + (style.PrintUnitsInContent ? " μs" : "");
    }
}
