using System.Globalization;
using DgBot.Core.Reference;
using DgBot.Core.Storage;
using Microsoft.Data.Sqlite;

namespace DgBot.Core.Queries;

public sealed record ScoreLine(ScoreKey Key, double Score, int Level, double? PreviousScore, int? PreviousLevel)
{
    public double? Change => PreviousScore is { } p ? Math.Round(Score - p, 2, MidpointRounding.AwayFromZero) : null;
}

/// <summary>A unit's levels and scores in one round, with the change from the round before (null where it did not respond then).</summary>
public sealed record UnitProfile(UnitRef? Unit, int Year, QueryIssue Issue, int? PreviousYear, bool RespondedPreviously,
    ScoreLine? Overall, IReadOnlyList<ScoreLine> Pillars, IReadOnlyList<ScoreLine> SubIndicators);

/// <summary>A neighbour in a rank; Score is null when the caller may see only ranks and levels of this unit (DESIGN §9).</summary>
public sealed record RankedUnit(UnitRef Unit, double? Score, int Level, int Rank)
{
    /// <summary>The rank with ties broken by a fixed hidden order (see <see cref="ListedUnit.OrdinalRank"/>).</summary>
    public int OrdinalRank { get; init; } = Rank;
}

/// <summary>
/// Competition ranking ("1224"): rank = 1 + the number of units in the group with a strictly higher score.
/// Percentile = the share of the other units in the group that score strictly lower (0–100).
/// </summary>
public sealed record UnitRank(UnitRef? Unit, int Year, ScoreKey Key, RankScope Scope, string? Group, QueryIssue Issue,
    int? Rank, int OutOf, int TiedWith, double? Percentile, double? Score, int? Level, IReadOnlyList<RankedUnit> Neighbours)
{
    /// <summary>The unit's rank with ties broken by the fixed hidden order, and its neighbours in that order: what a caller who
    /// may not see other units' scores gets instead of <see cref="Rank"/>, <see cref="TiedWith"/> and <see cref="Neighbours"/>.</summary>
    public int? OrdinalRank { get; init; }
    public IReadOnlyList<RankedUnit> OrdinalNeighbours { get; init; } = [];
}

public sealed record LevelCount(int Level, int Count, double Share);

public sealed record DistributionGroup(string? Group, int Respondents, IReadOnlyList<LevelCount> Levels, int AtLeastLevel3, double ShareAtLeastLevel3);

/// <summary>Counts and shares (percent, 2 decimals as the report prints them) of units at each level.</summary>
public sealed record LevelDistribution(string Population, int Year, ScoreKey Key, string? GroupBy, UnitFilter Filter, QueryIssue Issue,
    IReadOnlyList<DistributionGroup> Groups);

/// <summary>
/// The typed query layer over the survey database: numbers only, no wording. Queries answer from an in-memory snapshot of
/// the database (<see cref="SurveySnapshot"/>), loaded once per version of the data; answers are cached by function and
/// arguments on top of that. Both are dropped together when the version changes.
/// </summary>
/// <param name="connect">Opens a connection to the database (read-only is enough).</param>
/// <param name="version">
/// A token that changes whenever the data does (ForFile: the file's time and size). Without one the data may change at any
/// time, so every call loads a fresh snapshot and nothing is cached: fine for a one-off question, slow for many.
/// </param>
public sealed partial class SurveyQueries(Func<SqliteConnection> connect, Func<string>? version = null)
{
    /// <summary>Queries over a database file, cached until the file changes (an import, a re-score or a rebuild).</summary>
    public static SurveyQueries ForFile(string path) => ForFile(path, cacheResults: true);

    /// <summary>
    /// As ForFile; without the answer cache when cacheResults is false, so every call computes its answer from the snapshot
    /// (benchmarks measure the query work this way).
    /// </summary>
    internal static SurveyQueries ForFile(string path, bool cacheResults) => new(() => Database.Open(path, readOnly: true), () =>
    {
        var file = new FileInfo(path);
        return file.Exists ? $"{file.LastWriteTimeUtc.Ticks}:{file.Length}" : "";
    })
    { CacheResults = cacheResults };

    internal bool CacheResults { get; init; } = true;

    /// <summary>One version of the data: its snapshot and the answers computed from it, replaced together.</summary>
    private sealed class State(string version, Func<SqliteConnection> connect)
    {
        public string Version { get; } = version;
        public Once<SurveySnapshot> Snapshot { get; } = new(() => SurveySnapshot.Load(connect));
        public System.Collections.Concurrent.ConcurrentDictionary<string, object> Results { get; } = new();
    }

    private State? _state;

    private State Current()
    {
        if (version is null) return new State("", connect);
        var current = version();
        var state = Volatile.Read(ref _state);
        if (state?.Version == current) return state;
        var fresh = new State(current, connect);
        // Whoever loses a race for the same version uses the winner's state, so a snapshot is loaded once per version.
        var seen = Interlocked.CompareExchange(ref _state, fresh, state);
        return seen == state ? fresh : seen!.Version == current ? seen : fresh;
    }

    /// <summary>The snapshot of the current version, loaded now if it is not yet (start-up warming, benchmarks).</summary>
    internal SurveySnapshot Snapshot() => Current().Snapshot.Value;

    /// <summary>Results are immutable records, so one computed answer serves every caller with the same arguments.</summary>
    private T Cached<T>(string function, Func<SurveySnapshot, T> compute, params object?[] args) where T : class
    {
        var state = Current();
        if (version is null || !CacheResults) return compute(state.Snapshot.Value);
        var key = function + "|" + string.Join("|", args.Select(a => a switch
        {
            null => "",
            IEnumerable<string> list when a is not string => string.Join(",", list),
            _ => Convert.ToString(a, CultureInfo.InvariantCulture),
        }));
        return (T)state.Results.GetOrAdd(key, _ => compute(state.Snapshot.Value));
    }

    public int LatestYear() => LatestYear(Current().Snapshot.Value);

    public UnitProfile UnitProfile(string unitId, int? year = null, int? pillar = null, string? subIndicator = null) =>
        Cached(nameof(UnitProfile), s => UnitProfileUncached(s, unitId, year, pillar, subIndicator), unitId, year, pillar, subIndicator);

    private static UnitProfile UnitProfileUncached(SurveySnapshot s, string unitId, int? year, int? pillar, string? subIndicator)
    {
        var y = year ?? LatestYear(s);
        var unit = s.FindUnit(unitId)?.Ref;
        if (unit is null) return new UnitProfile(null, y, QueryIssue.UnknownUnit, null, false, null, [], []);
        if (KeyIssue(s, pillar, subIndicator) is { } keyIssue && keyIssue != QueryIssue.None)
            return new UnitProfile(unit, y, keyIssue, null, false, null, [], []);
        var previous = s.PreviousYear(y);
        var now = s.UnitRound(unit.Id, y);
        if (now.Length == 0)
            return new UnitProfile(unit, y, s.RoundExists(y) ? QueryIssue.NotResponded : QueryIssue.UnknownYear, previous, false, null, [], []);
        var before = (previous is { } py ? s.UnitRound(unit.Id, py) : []).ToDictionary(r => (r.Scope, r.Key));
        ScoreLine Line(SurveySnapshot.ScoreRow r)
        {
            var key = r.Scope switch { "overall" => ScoreKey.Overall, "pillar" => new ScoreKey(ScoreScope.Pillar, r.Key), _ => new ScoreKey(ScoreScope.SubIndicator, r.Key) };
            var had = before.TryGetValue((r.Scope, r.Key), out var b);
            return new ScoreLine(key, r.Score, r.Level, had ? b.Score : null, had ? b.Level : null);
        }
        var pillarOfSub = s.PillarOfSub;
        var pillars = now.Where(r => r.Scope == "pillar").Select(Line)
            .Where(l => pillar is null && subIndicator is null || pillar is { } p && l.Key.Key == p.ToString(CultureInfo.InvariantCulture)
                        || subIndicator is not null && pillarOfSub[subIndicator].ToString(CultureInfo.InvariantCulture) == l.Key.Key)
            .OrderBy(l => int.Parse(l.Key.Key, CultureInfo.InvariantCulture)).ToList();
        var subs = now.Where(r => r.Scope == "sub_indicator").Select(Line)
            .Where(l => subIndicator is not null ? l.Key.Key == subIndicator : pillar is not { } p || pillarOfSub[l.Key.Key] == p)
            .OrderBy(l => l.Key.Key, Comparer<string>.Create(Scoring.CompiledForm.CompareCodes)).ToList();
        var overall = Line(now.Single(r => r.Scope == "overall"));
        return new UnitProfile(unit, y, QueryIssue.None, previous, previous is not null && before.Count > 0, overall, pillars, subs);
    }

    public UnitRank UnitRank(string unitId, RankScope scope = RankScope.All, int? pillar = null, string? subIndicator = null, int? year = null) =>
        Cached(nameof(UnitRank), s => UnitRankUncached(s, unitId, scope, pillar, subIndicator, year), unitId, scope, pillar, subIndicator, year);

    private static UnitRank UnitRankUncached(SurveySnapshot s, string unitId, RankScope scope, int? pillar, string? subIndicator, int? year)
    {
        var y = year ?? LatestYear(s);
        var key = ScoreKey.From(pillar, subIndicator);
        var found = s.FindUnit(unitId);
        var unit = found?.Ref;
        UnitRank Miss(QueryIssue issue, string? group = null, int outOf = 0) => new(unit, y, key, scope, group, issue, null, outOf, 0, null, null, null, []);
        if (found is null || unit is null) return Miss(QueryIssue.UnknownUnit);
        if (KeyIssue(s, pillar, subIndicator) is { } ki && ki != QueryIssue.None) return Miss(ki);
        var (column, applies) = GroupColumn(scope, unit.Kind);
        if (!applies) return Miss(QueryIssue.ScopeNotApplicable);
        var group = column is null ? null : GroupOf(found, column);
        if (column is not null && group is null) return Miss(QueryIssue.ScopeNotApplicable);
        var rows = s.Pool(y, key).Where(e => e.Unit.Kind == unit.Kind && (column is null || GroupOf(e.Unit, column) == group)).ToList();
        if (rows.Count == 0) return Miss(QueryIssue.UnknownYear, group);
        var mineAt = rows.FindIndex(r => r.Unit.Id == unit.Id);
        if (mineAt < 0) return Miss(QueryIssue.NotResponded, group, rows.Count);
        var mine = rows[mineAt];
        var ranks = CompetitionRanks(rows.Select(r => r.Score).ToArray());
        var ranked = rows.Select((r, i) => new RankedUnit(r.Unit.Ref, r.Score, r.Level, ranks[i]))
            .OrderBy(r => r.Rank).ThenBy(r => r.Unit.Id, StringComparer.Ordinal).ToList();
        var position = ranked.FindIndex(r => r.Unit.Id == unit.Id);
        var me = ranked[position];
        var below = rows.Count(r => r.Score < mine.Score);
        var percentile = rows.Count > 1 ? Math.Round(100.0 * below / (rows.Count - 1), 2, MidpointRounding.AwayFromZero) : 100.0;
        var neighbours = ranked.Skip(Math.Max(0, position - 2)).Take(Math.Min(position, 2) + 3).Where(r => r.Unit.Id != unit.Id).ToList();
        var ordinal = OrdinalRanks(rows, y, key);
        var inOrder = rows.Select((r, i) => new RankedUnit(r.Unit.Ref, r.Score, r.Level, ordinal[i]) { OrdinalRank = ordinal[i] }).OrderBy(r => r.Rank).ToList();
        var at = inOrder.FindIndex(r => r.Unit.Id == unit.Id);
        return new UnitRank(unit, y, key, scope, group, QueryIssue.None, me.Rank, rows.Count, rows.Count(r => r.Score == mine.Score) - 1,
            percentile, mine.Score, mine.Level, neighbours)
        {
            OrdinalRank = ordinal[mineAt],
            OrdinalNeighbours = inOrder.Skip(Math.Max(0, at - 2)).Take(Math.Min(at, 2) + 3).Where(r => r.Unit.Id != unit.Id).ToList(),
        };
    }

    public LevelDistribution LevelDistribution(string population, int? pillar = null, string? subIndicator = null, int? year = null,
        string? groupBy = null, UnitFilter? filter = null) =>
        Cached(nameof(LevelDistribution), s => LevelDistributionUncached(s, population, pillar, subIndicator, year, groupBy, filter), population, pillar, subIndicator, year, groupBy, filter);

    private static LevelDistribution LevelDistributionUncached(SurveySnapshot s, string population, int? pillar, string? subIndicator, int? year,
        string? groupBy, UnitFilter? filter)
    {
        var y = year ?? LatestYear(s);
        var key = ScoreKey.From(pillar, subIndicator);
        filter ??= UnitFilter.None;
        if (!QueryText.IsPopulation(population)) throw new ArgumentException($"unknown population '{population}'", nameof(population));
        if (KeyIssue(s, pillar, subIndicator) is { } ki && ki != QueryIssue.None)
            return new LevelDistribution(population, y, key, groupBy, filter, ki, []);
        var groupColumn = GroupByColumn(groupBy);
        var rows = s.Pool(y, key).Where(e => e.Unit.Kind == population && Matches(e.Unit, filter))
            .Select(e => (Grp: groupColumn is null ? null : GroupOf(e.Unit, groupColumn), e.Level)).ToList();
        var issue = rows.Count == 0 && !s.RoundExists(y) ? QueryIssue.UnknownYear : QueryIssue.None;
        var groups = rows.GroupBy(r => r.Grp).Select(g =>
        {
            var total = g.Count();
            var levels = Enumerable.Range(1, 5).Select(l =>
            {
                var n = g.Count(r => r.Level == l);
                return new LevelCount(l, n, Share(n, total));
            }).ToList();
            var atLeast3 = levels.Where(l => l.Level >= 3).Sum(l => l.Count);
            return new DistributionGroup(g.Key, total, levels, atLeast3, Share(atLeast3, total));
        }).OrderBy(g => g.Group, StringComparer.Ordinal).ToList();
        return new LevelDistribution(population, y, key, groupBy, filter, issue, groups);
    }

    private static double Share(int n, int total) => total == 0 ? 0 : Math.Round(100.0 * n / total, 2, MidpointRounding.AwayFromZero);

    private static int LatestYear(SurveySnapshot s) => int.Parse(s.LatestYearMeta ?? "0", CultureInfo.InvariantCulture);

    private static QueryIssue? KeyIssue(SurveySnapshot s, int? pillar, string? subIndicator)
    {
        if (!string.IsNullOrEmpty(subIndicator))
            return s.PillarOfSub.ContainsKey(subIndicator) ? QueryIssue.None : QueryIssue.UnknownSubIndicator;
        if (pillar is { } p)
            return s.PillarIds.Contains(p) ? QueryIssue.None : QueryIssue.UnknownPillar;
        return QueryIssue.None;
    }

    /// <summary>The unit column a rank scope groups by, and whether the scope makes sense for the unit's population.</summary>
    private static (string? Column, bool Applies) GroupColumn(RankScope scope, string kind) => scope switch
    {
        RankScope.All => (null, true),
        RankScope.Ministry => ("ministry", kind == Population.Department),
        RankScope.Type => ("agency_type", kind == Population.Department),
        RankScope.Mission => ("mission", kind == Population.Department),
        RankScope.Region => ("region", kind == Population.Province),
        _ => (null, false),
    };

    private static string? GroupOf(SurveySnapshot.Unit unit, string column) => column switch
    {
        "ministry" => unit.Ministry,
        "agency_type" => unit.AgencyType,
        "mission" => unit.Mission,
        "region" => unit.Region,
        _ => throw new ArgumentOutOfRangeException(nameof(column), column, null),
    };

    /// <summary>The unit filter as SQL applied it: a null field matches any unit, otherwise the unit's value must equal it.</summary>
    private static bool Matches(SurveySnapshot.Unit unit, UnitFilter f) =>
        (f.Ministry is null || unit.Ministry == f.Ministry) && (f.AgencyType is null || unit.AgencyType == f.AgencyType)
        && (f.Region is null || unit.Region == f.Region) && (f.Mission is null || unit.Mission == f.Mission);

    /// <summary>
    /// Ranks 1..n with tied scores put in a fixed order that is hidden from users (a hash of unit, round and score key), the
    /// same in every answer. A caller who may not see other units' scores is shown these: with competition ranks ("1224"), a
    /// unit ranked level with the caller's own would tell its score.
    /// </summary>
    internal static int[] OrdinalRanks(IReadOnlyList<SurveySnapshot.Entry> rows, int year, ScoreKey key)
    {
        var order = Enumerable.Range(0, rows.Count).OrderByDescending(i => rows[i].Score).ThenBy(i => TieOrder(rows[i].Unit.Ref.Id, year, key)).ToArray();
        var ranks = new int[rows.Count];
        for (int k = 0; k < order.Length; k++) ranks[order[k]] = k + 1;
        return ranks;
    }

    private static ulong TieOrder(string unitId, int year, ScoreKey key) =>
        BitConverter.ToUInt64(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"dgbot-tie|{unitId}|{year}|{key.ScopeName}|{key.Key}"))));

    /// <summary>Competition ranks ("1224"): 1 + the number of scores strictly higher, by binary search rather than by pairs.</summary>
    private static int[] CompetitionRanks(double[] scores)
    {
        var sorted = (double[])scores.Clone();
        Array.Sort(sorted);
        var ranks = new int[scores.Length];
        for (int i = 0; i < scores.Length; i++)
        {
            // The first position holding a score above this one; everything from there on is strictly higher.
            int lo = 0, hi = sorted.Length;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (sorted[mid] > scores[i]) hi = mid; else lo = mid + 1;
            }
            ranks[i] = 1 + sorted.Length - lo;
        }
        return ranks;
    }
}
