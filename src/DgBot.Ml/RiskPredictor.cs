using DgBot.Core.Queries;
using DgBot.Core.Risk;

namespace DgBot.Ml;

/// <summary>
/// Scores the latest round with a loaded model: each unit's probability of a lower overall level next round, and the
/// facts behind it. The history comes from a source that reloads when the database changes; every unit is scored once
/// per version of the data, and the two risk functions read those scores.
/// </summary>
public sealed class RiskPredictor(RiskModel model, Func<SurveyHistory> history)
{
    public const int DefaultWatchlistSize = 10;
    public const int MaxWatchlistSize = 50;

    private sealed record Scored(SurveyHistory History, RiskFeatureBuilder Builder, string? Problem, IReadOnlyDictionary<string, UnitRiskEstimate> ByUnit,
        IReadOnlyList<UnitRiskEstimate> Ranked);

    private Scored? _scored;

    public RiskPredictor(RiskModel model, SurveyHistory history) : this(model, () => history) { }

    public RiskModel Model { get; } = model;

    public RiskModelInfo Info { get; } = InfoOf(model.Card);

    public static RiskModelInfo InfoOf(RiskModelCard c) => new(c.Trainer, c.Synthetic, c.TestTransition, c.TestUnits, c.BaseRate,
        c.Model.PrecisionAt10, c.Model.PrecisionAt20, c.Model.RecallAt10, c.Model.RecallAt20, c.Model.AucPr, c.Model.AucRoc);

    /// <summary>Why this model cannot score this database (its features differ), or null when it can.</summary>
    public string? Problem => Current().Problem;

    /// <summary>One unit scored from scratch (features, model, reasons), as the benchmark times it; null when it did not answer the latest round.</summary>
    public UnitRiskEstimate? Estimate(string unitId)
    {
        var s = Current();
        return s.Problem is null ? Estimate(s.Builder, s.History.AsOf(s.History.LatestYear), unitId) : null;
    }

    /// <summary>Every unit scored for the latest round, most likely to drop first, with the history scored; null when the model cannot score it.</summary>
    public (SurveyHistory History, IReadOnlyList<UnitRiskEstimate> Ranked)? Scores()
    {
        var s = Current();
        return s.Problem is null ? (s.History, s.Ranked) : null;
    }

    public UnitRisk UnitRisk(string unitId)
    {
        var s = Current();
        var unit = s.History.Unit(unitId);
        if (unit is null) return new UnitRisk(RiskStatus.UnknownUnit, new UnitRef(unitId, unitId, ""), null, null);
        if (s.Problem is not null) return Core.Risk.UnitRisk.NotAvailable(unit.Ref);
        return s.ByUnit.TryGetValue(unitId, out var estimate)
            ? new UnitRisk(RiskStatus.Ok, unit.Ref, estimate, Info, s.History.LatestYear)
            : new UnitRisk(RiskStatus.NotResponded, unit.Ref, null, Info, s.History.LatestYear);
    }

    public RiskWatchlist Watchlist(string? population = null, int? n = null, string? ministry = null, string? region = null, double? minProbability = null)
    {
        var size = Math.Clamp(n ?? DefaultWatchlistSize, 1, MaxWatchlistSize);
        var filter = new UnitFilter(ministry, null, region);
        var s = Current();
        if (s.Problem is not null) return RiskWatchlist.NotAvailable(population, filter, minProbability, size);
        var pool = s.Ranked.Where(e =>
        {
            var u = s.History.Unit(e.Unit.Id)!;
            return (population is null || u.Kind == population) && (ministry is null || u.Ministry == ministry) && (region is null || u.Region == region);
        }).ToList();
        var listed = pool.Where(e => minProbability is not { } min || e.Probability >= min).Take(size).ToList();
        var latest = s.History.LatestYear;
        return new RiskWatchlist(RiskStatus.Ok, population, filter, minProbability, size, latest, latest + 1, pool.Count, listed, Info);
    }

    private string? Compatible(RiskFeatureBuilder builder) =>
        builder.Features.Select(f => f.Name).SequenceEqual(Model.Card.Features)
            ? null
            : "the model was trained with different features (units, ministries or sub-indicators changed); retrain with `dgbot train`";

    private UnitRiskEstimate? Estimate(RiskFeatureBuilder builder, HistoryAsOf asOf, string unitId)
    {
        var features = builder.Build(asOf, unitId);
        if (features is null) return null;
        var (probability, contributions) = Model.Predict(features.Values);
        var cur = features.Facts.Current;
        return new UnitRiskEstimate(features.Facts.Unit.Ref, asOf.Year, asOf.Year + 1, probability, cur.Level, Math.Round(cur.Overall, 2),
            RiskReasons.Explain(builder, features, contributions));
    }

    private Scored Current()
    {
        var h = history();
        var s = Volatile.Read(ref _scored);
        if (s is not null && ReferenceEquals(s.History, h)) return s;
        var builder = new RiskFeatureBuilder(h);
        var problem = Compatible(builder);
        var byUnit = new Dictionary<string, UnitRiskEstimate>(StringComparer.Ordinal);
        if (problem is null && h.Years.Count > 0)
        {
            var asOf = h.AsOf(h.LatestYear);
            foreach (var u in h.Units)
                if (Estimate(builder, asOf, u.Id) is { } e) byUnit[u.Id] = e;
        }
        var ranked = byUnit.Values.OrderByDescending(e => e.Probability).ThenBy(e => e.Unit.Id, StringComparer.Ordinal).ToList();
        s = new Scored(h, builder, problem, byUnit, ranked);
        Volatile.Write(ref _scored, s);
        return s;
    }
}

/// <summary>The history of a database file, reloaded when the file changes (an import or a re-score while serving).</summary>
public sealed class SurveyHistoryFile(string path)
{
    private (string Version, SurveyHistory History)? _current;
    private readonly Lock _gate = new();

    public string Path { get; } = path;

    public SurveyHistory Current
    {
        get
        {
            var file = new FileInfo(Path);
            var version = $"{file.LastWriteTimeUtc.Ticks}:{(file.Exists ? file.Length : 0)}";
            lock (_gate)
            {
                if (_current is { } c && c.Version == version) return c.History;
                var loaded = SurveyHistory.Load(Path);
                _current = (version, loaded);
                return loaded;
            }
        }
    }
}
