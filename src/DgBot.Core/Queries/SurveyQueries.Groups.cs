using DgBot.Core.Reference;

namespace DgBot.Core.Queries;

/// <summary>
/// One group's figures (or the whole filtered population's, Group null with GroupBy null): how many units responded, the mean,
/// median, lowest and highest score, and how many are at the levels asked. Statistics are null when withheld (access) or empty.
/// </summary>
public sealed record GroupStats(string? Group, int Units, double? Mean, double? Median, double? Min, double? Max, int AtLevels);

/// <summary>
/// group_summary: per group (or for the filtered population), ordered so the group with the most of <see cref="Statistic"/>
/// comes first (the lowest first for "min"). <see cref="Levels"/> are the levels counted in AtLevels (all five when none was
/// asked). <see cref="Overall"/> is the whole filtered population, so a grouped answer can say what the groups add up to.
/// </summary>
public sealed record GroupSummary(string Population, int Year, ScoreKey Key, string? GroupBy, UnitFilter Filter, IReadOnlyList<int> Levels,
    string Statistic, QueryIssue Issue, GroupStats? Overall, IReadOnlyList<GroupStats> Groups)
{
    /// <summary>True when the question narrowed the levels (so AtLevels is a count worth showing).</summary>
    public bool LevelsAsked => Levels.Count < 5;
}

/// <summary>One score of a unit against its group: the unit's score and level, the group's mean and median, and the unit's rank in it.</summary>
public sealed record VersusLine(ScoreKey Key, double Score, int Level, double? GroupMean, double? GroupMedian, int Rank)
{
    /// <summary>The rank with ties broken by the fixed hidden order (see <see cref="ListedUnit.OrdinalRank"/>).</summary>
    public int OrdinalRank { get; init; } = Rank;

    public double? Difference => GroupMean is { } m ? Math.Round(Score - m, 2, MidpointRounding.AwayFromZero) : null;
}

/// <summary>
/// unit_vs_group: a unit against the units of its group that responded that round, the unit itself included (Size counts it).
/// Group is the canonical name of the ministry, type, mission code or region (null for all). Lines: the key asked; with none
/// asked, overall first and then each pillar.
/// </summary>
public sealed record UnitVersusGroup(UnitRef? Unit, int Year, RankScope Scope, string? Group, QueryIssue Issue, int Size, IReadOnlyList<VersusLine> Lines);

public sealed partial class SurveyQueries
{
    public static readonly IReadOnlyList<string> Statistics = ["mean", "median", "min", "max", "count"];

    /// <summary>The levels a question admits: one level, a range (either end open), or a set; all five when nothing narrows them.</summary>
    public static IReadOnlyList<int> LevelsOf(int? level, int? minLevel, int? maxLevel, IReadOnlyList<int>? levels = null)
    {
        if (levels is { Count: > 0 }) return levels.Where(l => l is >= 1 and <= 5).Distinct().Order().ToList();
        if (level is { } only) return only is >= 1 and <= 5 ? [only] : [];
        var lo = Math.Max(1, minLevel ?? 1);
        var hi = Math.Min(5, maxLevel ?? 5);
        return lo <= hi ? Enumerable.Range(lo, hi - lo + 1).ToList() : [];
    }

    public GroupSummary GroupSummary(string population, string? statistic = null, string? groupBy = null, int? pillar = null, string? subIndicator = null,
        IReadOnlyList<int>? levels = null, UnitFilter? filter = null, int? year = null) =>
        Cached(nameof(GroupSummary), s => GroupSummaryUncached(s, population, statistic, groupBy, pillar, subIndicator, levels, filter, year),
            population, statistic, groupBy, pillar, subIndicator, levels is null ? null : string.Join(",", levels), filter, year);

    private static GroupSummary GroupSummaryUncached(SurveySnapshot s, string population, string? statistic, string? groupBy, int? pillar,
        string? subIndicator, IReadOnlyList<int>? levels, UnitFilter? filter, int? year)
    {
        if (!QueryText.IsPopulation(population)) throw new ArgumentException($"unknown population '{population}'", nameof(population));
        var y = year ?? LatestYear(s);
        var key = ScoreKey.From(pillar, subIndicator);
        filter ??= UnitFilter.None;
        var admitted = levels is { Count: > 0 } ? LevelsOf(null, null, null, levels) : [1, 2, 3, 4, 5];
        // With levels asked and no statistic, "กระทรวงไหนมีหน่วยงานระดับ 4 มากที่สุด" is a count; otherwise the mean score.
        var stat = statistic ?? (admitted.Count < 5 ? "count" : "mean");
        if (!Statistics.Contains(stat)) throw new ArgumentException($"statistic must be one of {string.Join(", ", Statistics)}, not '{statistic}'", nameof(statistic));
        var column = GroupByColumn(groupBy);
        GroupSummary Result(QueryIssue issue, GroupStats? overall, IReadOnlyList<GroupStats> groups) =>
            new(population, y, key, groupBy, filter, admitted, stat, issue, overall, groups);
        if (KeyIssue(s, pillar, subIndicator) is { } ki && ki != QueryIssue.None) return Result(ki, null, []);
        if (admitted.Count == 0) return Result(QueryIssue.UnknownLevel, null, []);
        var rows = s.Pool(y, key).Where(e => e.Unit.Kind == population && Matches(e.Unit, filter)).ToList();
        if (rows.Count == 0 && !s.RoundExists(y)) return Result(QueryIssue.UnknownYear, null, []);
        GroupStats Stats(string? group, IReadOnlyCollection<SurveySnapshot.Entry> members)
        {
            var scores = members.Select(m => m.Score).ToArray();
            return new GroupStats(group, members.Count,
                scores.Length == 0 ? null : Math.Round(scores.Average(), 2, MidpointRounding.AwayFromZero),
                Median(scores), scores.Length == 0 ? null : scores.Min(), scores.Length == 0 ? null : scores.Max(),
                members.Count(m => admitted.Contains(m.Level)));
        }
        var groups = column is null
            ? []
            : rows.GroupBy(r => GroupOf(r.Unit, column)).Select(g => Stats(g.Key, g.ToList())).ToList();
        double Value(GroupStats g) => stat switch
        {
            "count" => g.AtLevels,
            "median" => g.Median ?? double.MinValue,
            "min" => -(g.Min ?? double.MaxValue),
            "max" => g.Max ?? double.MinValue,
            _ => g.Mean ?? double.MinValue,
        };
        // Ties keep a stable, readable order: the larger group, then the name (a group without a name, such as independent
        // agencies outside any ministry, last).
        var ordered = groups.OrderByDescending(Value).ThenByDescending(g => g.Units)
            .ThenBy(g => g.Group is null).ThenBy(g => g.Group, StringComparer.Ordinal).ToList();
        return Result(QueryIssue.None, Stats(null, rows), ordered);
    }

    public UnitVersusGroup UnitVersusGroup(string unitId, RankScope? scope = null, int? pillar = null, string? subIndicator = null, int? year = null) =>
        Cached(nameof(UnitVersusGroup), s => UnitVersusGroupUncached(s, unitId, scope, pillar, subIndicator, year), unitId, scope, pillar, subIndicator, year);

    /// <summary>The group a unit is compared with when none is named: its ministry (a department; its type when it has no
    /// ministry), its region (a province).</summary>
    public static RankScope DefaultScope(string kind, string? ministry) =>
        kind == Population.Province ? RankScope.Region : ministry is null ? RankScope.Type : RankScope.Ministry;

    private static UnitVersusGroup UnitVersusGroupUncached(SurveySnapshot s, string unitId, RankScope? scope, int? pillar, string? subIndicator, int? year)
    {
        var y = year ?? LatestYear(s);
        var found = s.FindUnit(unitId);
        var chosen = scope ?? (found is null ? RankScope.All : DefaultScope(found.Kind, found.Ministry));
        UnitVersusGroup Miss(QueryIssue issue, string? group = null) => new(found?.Ref, y, chosen, group, issue, 0, []);
        if (found is null) return Miss(QueryIssue.UnknownUnit);
        if (KeyIssue(s, pillar, subIndicator) is { } ki && ki != QueryIssue.None) return Miss(ki);
        var (column, applies) = GroupColumn(chosen, found.Kind);
        if (!applies) return Miss(QueryIssue.ScopeNotApplicable);
        var group = column is null ? null : GroupOf(found, column);
        if (column is not null && group is null) return Miss(QueryIssue.ScopeNotApplicable);
        bool InGroup(SurveySnapshot.Unit u) => u.Kind == found.Kind && (column is null || GroupOf(u, column) == group);
        if (s.UnitRound(found.Id, y).Length == 0) return Miss(s.RoundExists(y) ? QueryIssue.NotResponded : QueryIssue.UnknownYear, group);
        var asked = ScoreKey.From(pillar, subIndicator);
        IEnumerable<ScoreKey> keys = asked.Scope != ScoreScope.Overall
            ? [asked]
            : [ScoreKey.Overall, .. s.PillarIds.Order().Select(ScoreKey.Pillar)];
        var lines = new List<VersusLine>();
        var size = 0;
        foreach (var key in keys)
        {
            var pool = s.Pool(y, key).Where(e => InGroup(e.Unit)).ToList();
            var mine = pool.FirstOrDefault(e => e.Unit.Id == found.Id);
            if (mine.Unit is null) continue;
            if (key == asked) size = pool.Count;
            var scores = pool.Select(e => e.Score).ToArray();
            var ordinal = OrdinalRanks(pool, y, key);
            lines.Add(new VersusLine(key, mine.Score, mine.Level, Math.Round(scores.Average(), 2, MidpointRounding.AwayFromZero), Median(scores),
                1 + pool.Count(e => e.Score > mine.Score)) { OrdinalRank = ordinal[pool.FindIndex(e => e.Unit.Id == found.Id)] });
        }
        return new UnitVersusGroup(found.Ref, y, chosen, group, QueryIssue.None, size, lines);
    }

    /// <summary>
    /// One national partition of a population (by "ministry", "type", "region" or "mission"): how many units are in each group,
    /// counting units with a score for the key in that round, or, for an item, the units that answered it. Units with no value
    /// (no ministry) form the group "". What the disclosure rule (<see cref="Access.Disclosure"/>) is applied to.
    /// </summary>
    public IReadOnlyDictionary<string, int> PartitionSizes(string population, string dimension, int? year = null, ScoreKey? key = null, string? item = null) =>
        Cached(nameof(PartitionSizes), s =>
        {
            var y = year ?? LatestYear(s);
            var column = GroupByColumn(dimension) ?? throw new ArgumentException("a partition needs a dimension", nameof(dimension));
            IEnumerable<SurveySnapshot.Unit> units = item is not null
                ? s.Answers(y, item).Select(a => a.Unit)
                : s.Pool(y, key ?? ScoreKey.Overall).Select(e => e.Unit);
            return (IReadOnlyDictionary<string, int>)units.Where(u => u.Kind == population).GroupBy(u => GroupOf(u, column) ?? "")
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        }, population, dimension, year, key?.ScopeName + ":" + key?.Key, item);

    private static string? GroupByColumn(string? groupBy) => groupBy switch
    {
        null or "" => null,
        "type" => "agency_type",
        "ministry" => "ministry",
        "region" => "region",
        "mission" => "mission",
        _ => throw new ArgumentException($"unknown group_by '{groupBy}'", nameof(groupBy)),
    };
}
