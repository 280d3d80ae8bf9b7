using System.Globalization;
using Dapper;
using DgBot.Core.Reference;
using Microsoft.Data.Sqlite;

namespace DgBot.Core.Queries;

/// <summary>One round of a unit's trend: no score or level when it did not respond that round.</summary>
public sealed record TrendPoint(int Year, bool Responded, double? Score, int? Level);

public sealed record UnitTrend(UnitRef? Unit, ScoreKey Key, QueryIssue Issue, IReadOnlyList<TrendPoint> Rounds);

public sealed record ComparedUnit(UnitRef Unit, bool Responded, double? Score, int? Level);

public sealed record UnitComparison(int Year, ScoreKey Key, QueryIssue Issue, IReadOnlyList<string> UnknownUnits, IReadOnlyList<ComparedUnit> Units);

public sealed record ListedUnit(UnitRef Unit, double Score, int Level, int Rank);

/// <summary>Units matching a level band and filters, best first; Rank is the competition rank among the matching units.</summary>
public sealed record UnitList(string Population, int Year, ScoreKey Key, UnitFilter Filter, QueryIssue Issue, int Total, IReadOnlyList<ListedUnit> Units);

public sealed record Mover(UnitRef Unit, double FromScore, int FromLevel, double ToScore, int ToLevel, double Change);

/// <summary>Units whose level rose (improved) or fell (regressed) between two rounds, largest change first.</summary>
public sealed record Movers(string Population, int FromYear, int ToYear, ScoreKey Key, string Direction, UnitFilter Filter, QueryIssue Issue,
    int Compared, IReadOnlyList<Mover> Units);

public sealed record AnswerShare(string Option, string LabelTh, int Count, double Share);

/// <summary>How units answered one item: each option's count and share among those who answered it.</summary>
public sealed record ItemStatistic(string Population, int Year, string Item, string? TextTh, UnitFilter Filter, QueryIssue Issue,
    int Respondents, int Answered, IReadOnlyList<AnswerShare> Answers, double? Sum);

public sealed partial class SurveyQueries
{
    public const int MaxCompared = 5;

    private const string FilterSql = """
        AND (@ministry IS NULL OR u.ministry = @ministry) AND (@type IS NULL OR u.agency_type = @type)
        AND (@region IS NULL OR u.region = @region) AND (@mission IS NULL OR u.mission = @mission)
        """;

    private static object FilterArgs(UnitFilter f) => new { ministry = f.Ministry, type = f.AgencyType, region = f.Region, mission = f.Mission };

    public UnitTrend UnitTrend(string unitId, int? pillar = null, string? subIndicator = null) =>
        Cached(nameof(UnitTrend), () => UnitTrendUncached(unitId, pillar, subIndicator), unitId, pillar, subIndicator);

    private UnitTrend UnitTrendUncached(string unitId, int? pillar = null, string? subIndicator = null)
    {
        using var c = connect();
        var key = ScoreKey.From(pillar, subIndicator);
        var unit = FindUnit(c, unitId);
        if (unit is null) return new UnitTrend(null, key, QueryIssue.UnknownUnit, []);
        if (KeyIssue(c, pillar, subIndicator) is { } ki && ki != QueryIssue.None) return new UnitTrend(unit, key, ki, []);
        var years = c.Query<int>("SELECT year FROM survey_source WHERE year IN (SELECT year FROM score WHERE scope = 'overall' AND key = '' AND year = survey_source.year LIMIT 1) ORDER BY year").ToList();
        var mine = c.Query<(int Year, double Score, int Level)>("SELECT year, score, level FROM score WHERE unit_id = @id AND scope = @s AND key = @k",
            new { id = unit.Id, s = key.ScopeName, k = key.Key }).ToDictionary(r => r.Year);
        var rounds = years.Select(y => mine.TryGetValue(y, out var r) ? new TrendPoint(y, true, r.Score, r.Level) : new TrendPoint(y, false, null, null)).ToList();
        return new UnitTrend(unit, key, QueryIssue.None, rounds);
    }

    public UnitComparison CompareUnits(IReadOnlyList<string> unitIds, int? pillar = null, string? subIndicator = null, int? year = null) =>
        Cached(nameof(CompareUnits), () => CompareUnitsUncached(unitIds, pillar, subIndicator, year), unitIds, pillar, subIndicator, year);

    private UnitComparison CompareUnitsUncached(IReadOnlyList<string> unitIds, int? pillar = null, string? subIndicator = null, int? year = null)
    {
        using var c = connect();
        var y = year ?? LatestYear(c);
        var key = ScoreKey.From(pillar, subIndicator);
        if (KeyIssue(c, pillar, subIndicator) is { } ki && ki != QueryIssue.None) return new UnitComparison(y, key, ki, [], []);
        var ids = unitIds.Distinct(StringComparer.Ordinal).Take(MaxCompared).ToList();
        var units = ids.Select(id => (id, unit: FindUnit(c, id))).ToList();
        var unknown = units.Where(u => u.unit is null).Select(u => u.id).ToList();
        var compared = units.Where(u => u.unit is not null).Select(u =>
        {
            var row = c.QuerySingleOrDefault<(double Score, int Level)?>("SELECT score, level FROM score WHERE unit_id = @id AND year = @y AND scope = @s AND key = @k",
                new { id = u.unit!.Id, y, s = key.ScopeName, k = key.Key });
            return new ComparedUnit(u.unit, row is not null, row?.Score, row?.Level);
        }).ToList();
        return new UnitComparison(y, key, unknown.Count > 0 ? QueryIssue.UnknownUnit : QueryIssue.None, unknown, compared);
    }

    public UnitList ListUnits(string population, int? pillar = null, string? subIndicator = null, int? level = null, int? minLevel = null,
        int? maxLevel = null, UnitFilter? filter = null, int? year = null) =>
        Ranked(population, pillar, subIndicator, year, filter, level is { } l ? l : minLevel ?? 1, level is { } l2 ? l2 : maxLevel ?? 5, int.MaxValue, best: true);

    public UnitList TopUnits(string population, string order = "best", int n = 10, int? pillar = null, string? subIndicator = null,
        UnitFilter? filter = null, int? year = null)
    {
        if (order is not ("best" or "worst")) throw new ArgumentException($"order must be best or worst, not '{order}'", nameof(order));
        return Ranked(population, pillar, subIndicator, year, filter, 1, 5, Math.Clamp(n, 1, 100), order == "best");
    }

    private UnitList Ranked(string population, int? pillar, string? subIndicator, int? year, UnitFilter? filter, int minLevel, int maxLevel, int take, bool best) =>
        Cached(nameof(Ranked), () => RankedUncached(population, pillar, subIndicator, year, filter, minLevel, maxLevel, take, best),
            population, pillar, subIndicator, year, filter, minLevel, maxLevel, take, best);

    private UnitList RankedUncached(string population, int? pillar, string? subIndicator, int? year, UnitFilter? filter, int minLevel, int maxLevel, int take, bool best)
    {
        if (!QueryText.IsPopulation(population)) throw new ArgumentException($"unknown population '{population}'", nameof(population));
        using var c = connect();
        var y = year ?? LatestYear(c);
        var key = ScoreKey.From(pillar, subIndicator);
        filter ??= UnitFilter.None;
        if (KeyIssue(c, pillar, subIndicator) is { } ki && ki != QueryIssue.None) return new UnitList(population, y, key, filter, ki, 0, []);
        var args = new DynamicParameters(FilterArgs(filter));
        args.AddDynamicParams(new { y, s = key.ScopeName, k = key.Key, population });
        var rows = c.Query<(string Id, string NameTh, string Kind, double Score, int Level)>(
            $"SELECT u.id, u.name_th, u.kind, s.score, s.level FROM score s JOIN unit u ON u.id = s.unit_id " +
            $"WHERE s.year = @y AND s.scope = @s AND s.key = @k AND u.kind = @population {FilterSql}", args).ToList();
        var issue = rows.Count == 0 && !RoundExists(c, y) ? QueryIssue.UnknownYear : QueryIssue.None;
        var ranked = rows.Select(r => new ListedUnit(new UnitRef(r.Id, r.NameTh, r.Kind), r.Score, r.Level, 1 + rows.Count(o => o.Score > r.Score)))
            .Where(r => r.Level >= minLevel && r.Level <= maxLevel);
        ranked = best
            ? ranked.OrderBy(r => r.Rank).ThenBy(r => r.Unit.Id, StringComparer.Ordinal)
            : ranked.OrderByDescending(r => r.Rank).ThenBy(r => r.Unit.Id, StringComparer.Ordinal);
        var list = ranked.ToList();
        return new UnitList(population, y, key, filter, issue, list.Count, list.Take(take).ToList());
    }

    public Movers Movers(string population, string direction, int? pillar = null, string? subIndicator = null, int? fromYear = null,
        int? toYear = null, UnitFilter? filter = null) =>
        Cached(nameof(Movers), () => MoversUncached(population, direction, pillar, subIndicator, fromYear, toYear, filter), population, direction, pillar, subIndicator, fromYear, toYear, filter);

    private Movers MoversUncached(string population, string direction, int? pillar = null, string? subIndicator = null, int? fromYear = null,
        int? toYear = null, UnitFilter? filter = null)
    {
        if (!QueryText.IsPopulation(population)) throw new ArgumentException($"unknown population '{population}'", nameof(population));
        if (direction is not ("improved" or "regressed")) throw new ArgumentException($"direction must be improved or regressed, not '{direction}'", nameof(direction));
        using var c = connect();
        var to = toYear ?? LatestYear(c);
        var from = fromYear ?? c.ExecuteScalar<int?>("SELECT MAX(year) FROM score WHERE year < @to", new { to }) ?? to - 1;
        var key = ScoreKey.From(pillar, subIndicator);
        filter ??= UnitFilter.None;
        if (KeyIssue(c, pillar, subIndicator) is { } ki && ki != QueryIssue.None) return new Movers(population, from, to, key, direction, filter, ki, 0, []);
        if (!RoundExists(c, from) || !RoundExists(c, to)) return new Movers(population, from, to, key, direction, filter, QueryIssue.UnknownYear, 0, []);
        var args = new DynamicParameters(FilterArgs(filter));
        args.AddDynamicParams(new { from, to, s = key.ScopeName, k = key.Key, population });
        var rows = c.Query<(string Id, string NameTh, string Kind, double FromScore, int FromLevel, double ToScore, int ToLevel)>(
            $"""
            SELECT u.id, u.name_th, u.kind, a.score, a.level, b.score, b.level
            FROM score a JOIN score b ON b.unit_id = a.unit_id AND b.scope = a.scope AND b.key = a.key AND b.year = @to
            JOIN unit u ON u.id = a.unit_id
            WHERE a.year = @from AND a.scope = @s AND a.key = @k AND u.kind = @population {FilterSql}
            """, args).ToList();
        var moved = rows.Where(r => direction == "improved" ? r.ToLevel > r.FromLevel : r.ToLevel < r.FromLevel)
            .Select(r => new Mover(new UnitRef(r.Id, r.NameTh, r.Kind), r.FromScore, r.FromLevel, r.ToScore, r.ToLevel,
                Math.Round(r.ToScore - r.FromScore, 2, MidpointRounding.AwayFromZero)))
            .OrderByDescending(m => Math.Abs(m.ToLevel - m.FromLevel)).ThenByDescending(m => Math.Abs(m.Change)).ThenBy(m => m.Unit.Id, StringComparer.Ordinal)
            .ToList();
        return new Movers(population, from, to, key, direction, filter, QueryIssue.None, rows.Count, moved);
    }

    public ItemStatistic ItemStatistic(string item, string population, int? year = null, UnitFilter? filter = null) =>
        Cached(nameof(ItemStatistic), () => ItemStatisticUncached(item, population, year, filter), item, population, year, filter);

    private ItemStatistic ItemStatisticUncached(string item, string population, int? year = null, UnitFilter? filter = null)
    {
        if (!QueryText.IsPopulation(population)) throw new ArgumentException($"unknown population '{population}'", nameof(population));
        using var c = connect();
        var y = year ?? LatestYear(c);
        filter ??= UnitFilter.None;
        var meta = c.QuerySingleOrDefault<(string Text, string Type)?>("SELECT text_th, answer_type FROM item WHERE population = @population AND code = @item", new { population, item });
        if (meta is null) return new ItemStatistic(population, y, item, null, filter, QueryIssue.UnknownItem, 0, 0, [], null);
        var args = new DynamicParameters(FilterArgs(filter));
        args.AddDynamicParams(new { y, population, item });
        // A unit has score rows for a round exactly when it responded, and the overall rows are indexed by year.
        var respondents = c.ExecuteScalar<int>($"SELECT COUNT(*) FROM score s JOIN unit u ON u.id = s.unit_id WHERE s.year = @y AND s.scope = 'overall' AND u.kind = @population {FilterSql}", args);
        if (respondents == 0 && !RoundExists(c, y)) return new ItemStatistic(population, y, item, meta.Value.Text, filter, QueryIssue.UnknownYear, 0, 0, [], null);
        var answers = c.Query<string>($"SELECT r.value FROM response r JOIN unit u ON u.id = r.unit_id WHERE r.year = @y AND u.kind = @population AND r.item = @item {FilterSql}", args).ToList();
        if (meta.Value.Type == "number")
        {
            var sum = answers.Sum(a => double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0);
            return new ItemStatistic(population, y, item, meta.Value.Text, filter, QueryIssue.None, respondents, answers.Count, [], sum);
        }
        var options = c.Query<(string Code, string Label)>("SELECT code, label_th FROM item_option WHERE population = @population AND item = @item ORDER BY ordinal", new { population, item });
        var shares = options.Select(o =>
        {
            var n = answers.Count(a => a == o.Code);
            return new AnswerShare(o.Code, o.Label, n, answers.Count == 0 ? 0 : Math.Round(100.0 * n / answers.Count, 2, MidpointRounding.AwayFromZero));
        }).ToList();
        return new ItemStatistic(population, y, item, meta.Value.Text, filter, QueryIssue.None, respondents, answers.Count, shares, null);
    }

    private static bool RoundExists(SqliteConnection c, int year) => c.ExecuteScalar<long>("SELECT COUNT(*) FROM score WHERE year = @year", new { year }) > 0;
}
