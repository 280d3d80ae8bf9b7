using System.Globalization;
using Dapper;
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

public sealed record RankedUnit(UnitRef Unit, double Score, int Level, int Rank);

/// <summary>
/// Competition ranking ("1224"): rank = 1 + the number of units in the group with a strictly higher score.
/// Percentile = the share of the other units in the group that score strictly lower (0–100).
/// </summary>
public sealed record UnitRank(UnitRef? Unit, int Year, ScoreKey Key, RankScope Scope, string? Group, QueryIssue Issue,
    int? Rank, int OutOf, int TiedWith, double? Percentile, double? Score, int? Level, IReadOnlyList<RankedUnit> Neighbours);

public sealed record LevelCount(int Level, int Count, double Share);

public sealed record DistributionGroup(string? Group, int Respondents, IReadOnlyList<LevelCount> Levels, int AtLeastLevel3, double ShareAtLeastLevel3);

/// <summary>Counts and shares (percent, 2 decimals as the report prints them) of units at each level.</summary>
public sealed record LevelDistribution(string Population, int Year, ScoreKey Key, string? GroupBy, UnitFilter Filter, QueryIssue Issue,
    IReadOnlyList<DistributionGroup> Groups);

/// <summary>The typed query layer over the survey database: numbers only, no wording.</summary>
public sealed partial class SurveyQueries(Func<SqliteConnection> connect, Func<string>? version = null)
{
    /// <summary>Queries over a database file, cached until the file changes (an import, a re-score or a rebuild).</summary>
    public static SurveyQueries ForFile(string path) => new(() => Database.Open(path, readOnly: true), () =>
    {
        var file = new FileInfo(path);
        return file.Exists ? $"{file.LastWriteTimeUtc.Ticks}:{file.Length}" : "";
    });

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, object> _cache = new();
    private string? _cacheVersion;

    /// <summary>Results are immutable records, so one computed answer serves every caller with the same arguments.</summary>
    private T Cached<T>(string function, Func<T> compute, params object?[] args) where T : class
    {
        if (version is null) return compute();
        var current = version();
        if (current != _cacheVersion)
        {
            _cache.Clear();
            _cacheVersion = current;
        }
        var key = function + "|" + string.Join("|", args.Select(a => a switch
        {
            null => "",
            IEnumerable<string> list when a is not string => string.Join(",", list),
            _ => Convert.ToString(a, CultureInfo.InvariantCulture),
        }));
        return (T)_cache.GetOrAdd(key, _ => compute());
    }

    public int LatestYear()
    {
        using var c = connect();
        return int.Parse(SurveyStore.GetMeta(c, "latest_year") ?? "0", CultureInfo.InvariantCulture);
    }

    public UnitProfile UnitProfile(string unitId, int? year = null, int? pillar = null, string? subIndicator = null) =>
        Cached(nameof(UnitProfile), () => UnitProfileUncached(unitId, year, pillar, subIndicator), unitId, year, pillar, subIndicator);

    private UnitProfile UnitProfileUncached(string unitId, int? year = null, int? pillar = null, string? subIndicator = null)
    {
        using var c = connect();
        var y = year ?? LatestYear(c);
        var unit = FindUnit(c, unitId);
        if (unit is null) return new UnitProfile(null, y, QueryIssue.UnknownUnit, null, false, null, [], []);
        if (KeyIssue(c, pillar, subIndicator) is { } keyIssue && keyIssue != QueryIssue.None)
            return new UnitProfile(unit, y, keyIssue, null, false, null, [], []);
        var previous = c.ExecuteScalar<int?>("SELECT MAX(year) FROM score WHERE year < @y", new { y });
        var rows = c.Query<(int Year, string Scope, string Key, double Score, int Level)>(
            "SELECT year, scope, key, score, level FROM score WHERE unit_id = @id AND year IN (@y, @p)",
            new { id = unit.Id, y, p = previous ?? -1 }).ToList();
        var now = rows.Where(r => r.Year == y).ToList();
        if (now.Count == 0)
        {
            var roundExists = c.ExecuteScalar<long>("SELECT COUNT(*) FROM score WHERE year = @y", new { y }) > 0;
            return new UnitProfile(unit, y, roundExists ? QueryIssue.NotResponded : QueryIssue.UnknownYear, previous, false, null, [], []);
        }
        var before = rows.Where(r => r.Year == previous).ToDictionary(r => (r.Scope, r.Key));
        ScoreLine Line((int Year, string Scope, string Key, double Score, int Level) r)
        {
            var key = r.Scope switch { "overall" => ScoreKey.Overall, "pillar" => new ScoreKey(ScoreScope.Pillar, r.Key), _ => new ScoreKey(ScoreScope.SubIndicator, r.Key) };
            var had = before.TryGetValue((r.Scope, r.Key), out var b);
            return new ScoreLine(key, r.Score, r.Level, had ? b.Score : null, had ? b.Level : null);
        }
        var pillarOfSub = c.Query<(string Code, int Pillar)>("SELECT code, pillar FROM sub_indicator").ToDictionary(x => x.Code, x => x.Pillar);
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
        Cached(nameof(UnitRank), () => UnitRankUncached(unitId, scope, pillar, subIndicator, year), unitId, scope, pillar, subIndicator, year);

    private UnitRank UnitRankUncached(string unitId, RankScope scope = RankScope.All, int? pillar = null, string? subIndicator = null, int? year = null)
    {
        using var c = connect();
        var y = year ?? LatestYear(c);
        var key = ScoreKey.From(pillar, subIndicator);
        var unit = FindUnit(c, unitId);
        UnitRank Miss(QueryIssue issue, string? group = null, int outOf = 0) => new(unit, y, key, scope, group, issue, null, outOf, 0, null, null, null, []);
        if (unit is null) return Miss(QueryIssue.UnknownUnit);
        if (KeyIssue(c, pillar, subIndicator) is { } ki && ki != QueryIssue.None) return Miss(ki);
        var (column, applies) = GroupColumn(scope, unit.Kind);
        if (!applies) return Miss(QueryIssue.ScopeNotApplicable);
        var group = column is null ? null : c.ExecuteScalar<string?>($"SELECT {column} FROM unit WHERE id = @id", new { id = unit.Id });
        if (column is not null && group is null) return Miss(QueryIssue.ScopeNotApplicable);
        var rows = c.Query<(string Id, string NameTh, string Kind, double Score, int Level)>(
            $"""
            SELECT u.id, u.name_th, u.kind, s.score, s.level FROM score s JOIN unit u ON u.id = s.unit_id
            WHERE s.year = @y AND s.scope = @scope AND s.key = @key AND u.kind = @kind {(column is null ? "" : $"AND u.{column} = @group")}
            """, new { y, scope = key.ScopeName, key = key.Key, kind = unit.Kind, group }).ToList();
        if (rows.Count == 0) return Miss(QueryIssue.UnknownYear, group);
        var mine = rows.FirstOrDefault(r => r.Id == unit.Id);
        if (mine.Id is null) return Miss(QueryIssue.NotResponded, group, rows.Count);
        var ranked = rows.Select(r => new RankedUnit(new UnitRef(r.Id, r.NameTh, r.Kind), r.Score, r.Level, 1 + rows.Count(o => o.Score > r.Score)))
            .OrderBy(r => r.Rank).ThenBy(r => r.Unit.Id, StringComparer.Ordinal).ToList();
        var me = ranked.Single(r => r.Unit.Id == unit.Id);
        var below = rows.Count(r => r.Score < mine.Score);
        var percentile = rows.Count > 1 ? Math.Round(100.0 * below / (rows.Count - 1), 2, MidpointRounding.AwayFromZero) : 100.0;
        var position = ranked.IndexOf(me);
        var neighbours = ranked.Skip(Math.Max(0, position - 2)).Take(Math.Min(position, 2) + 3).Where(r => r.Unit.Id != unit.Id).ToList();
        return new UnitRank(unit, y, key, scope, group, QueryIssue.None, me.Rank, rows.Count, rows.Count(r => r.Score == mine.Score) - 1,
            percentile, mine.Score, mine.Level, neighbours);
    }

    public LevelDistribution LevelDistribution(string population, int? pillar = null, string? subIndicator = null, int? year = null,
        string? groupBy = null, UnitFilter? filter = null) =>
        Cached(nameof(LevelDistribution), () => LevelDistributionUncached(population, pillar, subIndicator, year, groupBy, filter), population, pillar, subIndicator, year, groupBy, filter);

    private LevelDistribution LevelDistributionUncached(string population, int? pillar = null, string? subIndicator = null, int? year = null,
        string? groupBy = null, UnitFilter? filter = null)
    {
        using var c = connect();
        var y = year ?? LatestYear(c);
        var key = ScoreKey.From(pillar, subIndicator);
        filter ??= UnitFilter.None;
        if (!QueryText.IsPopulation(population)) throw new ArgumentException($"unknown population '{population}'", nameof(population));
        if (KeyIssue(c, pillar, subIndicator) is { } ki && ki != QueryIssue.None)
            return new LevelDistribution(population, y, key, groupBy, filter, ki, []);
        var groupColumn = groupBy switch
        {
            null or "" => null,
            "type" => "agency_type",
            "ministry" => "ministry",
            "region" => "region",
            "mission" => "mission",
            _ => throw new ArgumentException($"unknown group_by '{groupBy}'", nameof(groupBy)),
        };
        var rows = c.Query<(string? Grp, int Level, int N)>(
            $"""
            SELECT {(groupColumn is null ? "NULL" : "u." + groupColumn)} AS grp, s.level, COUNT(*) AS n
            FROM score s JOIN unit u ON u.id = s.unit_id
            WHERE s.year = @y AND s.scope = @scope AND s.key = @key AND u.kind = @population
              AND (@ministry IS NULL OR u.ministry = @ministry) AND (@type IS NULL OR u.agency_type = @type)
              AND (@region IS NULL OR u.region = @region) AND (@mission IS NULL OR u.mission = @mission)
            GROUP BY grp, s.level
            """,
            new { y, scope = key.ScopeName, key = key.Key, population, ministry = filter.Ministry, type = filter.AgencyType, region = filter.Region, mission = filter.Mission })
            .ToList();
        var issue = rows.Count == 0 && c.ExecuteScalar<long>("SELECT COUNT(*) FROM score WHERE year = @y", new { y }) == 0 ? QueryIssue.UnknownYear : QueryIssue.None;
        var groups = rows.GroupBy(r => r.Grp).Select(g =>
        {
            var total = g.Sum(r => r.N);
            var levels = Enumerable.Range(1, 5).Select(l =>
            {
                var n = g.Where(r => r.Level == l).Sum(r => r.N);
                return new LevelCount(l, n, Share(n, total));
            }).ToList();
            var atLeast3 = levels.Where(l => l.Level >= 3).Sum(l => l.Count);
            return new DistributionGroup(g.Key, total, levels, atLeast3, Share(atLeast3, total));
        }).OrderBy(g => g.Group, StringComparer.Ordinal).ToList();
        return new LevelDistribution(population, y, key, groupBy, filter, issue, groups);
    }

    private static double Share(int n, int total) => total == 0 ? 0 : Math.Round(100.0 * n / total, 2, MidpointRounding.AwayFromZero);

    private static int LatestYear(SqliteConnection c) => int.Parse(SurveyStore.GetMeta(c, "latest_year") ?? "0", CultureInfo.InvariantCulture);

    private static UnitRef? FindUnit(SqliteConnection c, string id) =>
        c.QuerySingleOrDefault<UnitRef>("SELECT id AS Id, name_th AS NameTh, kind AS Kind FROM unit WHERE id = @id", new { id });

    private static QueryIssue? KeyIssue(SqliteConnection c, int? pillar, string? subIndicator)
    {
        if (!string.IsNullOrEmpty(subIndicator))
            return c.ExecuteScalar<long>("SELECT COUNT(*) FROM sub_indicator WHERE code = @subIndicator", new { subIndicator }) == 0 ? QueryIssue.UnknownSubIndicator : QueryIssue.None;
        if (pillar is { } p)
            return c.ExecuteScalar<long>("SELECT COUNT(*) FROM pillar WHERE id = @p", new { p }) == 0 ? QueryIssue.UnknownPillar : QueryIssue.None;
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
}
