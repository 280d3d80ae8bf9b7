using System.Globalization;
using DgBot.Core.Reference;

namespace DgBot.Core.Queries;

/// <summary>One round of a unit's trend: no score or level when it did not respond that round.</summary>
public sealed record TrendPoint(int Year, bool Responded, double? Score, int? Level);

public sealed record UnitTrend(UnitRef? Unit, ScoreKey Key, QueryIssue Issue, IReadOnlyList<TrendPoint> Rounds);

public sealed record ComparedUnit(UnitRef Unit, bool Responded, double? Score, int? Level);

public sealed record UnitComparison(int Year, ScoreKey Key, QueryIssue Issue, IReadOnlyList<string> UnknownUnits, IReadOnlyList<ComparedUnit> Units);

/// <summary>One line of a ranked list; Score is null when the caller may see only ranks and levels of this unit (DESIGN §9).</summary>
public sealed record ListedUnit(UnitRef Unit, double? Score, int Level, int Rank)
{
    /// <summary>The rank with ties broken by a fixed hidden order (<see cref="SurveyQueries.OrdinalRanks"/>): what a caller who may not
    /// see other units' scores is shown, so a tie with their own score tells them nothing.</summary>
    public int OrdinalRank { get; init; } = Rank;
}

/// <summary>
/// Units matching levels and filters, best first (worst first for a bottom list); Rank is the competition rank among every unit
/// that matches the filters, whatever its level, so a list of level-2 units says where they stand among their peers.
/// </summary>
public sealed record UnitList(string Population, int Year, ScoreKey Key, UnitFilter Filter, QueryIssue Issue, int Total, IReadOnlyList<ListedUnit> Units)
{
    /// <summary>The levels admitted (all five when the question named none).</summary>
    public IReadOnlyList<int> Levels { get; init; } = [1, 2, 3, 4, 5];

    /// <summary>How many units that match the filters are at each level 1–5 (index 0 is level 1): what an empty list explains itself with.</summary>
    public IReadOnlyList<int> CountsByLevel { get; init; } = [];

    /// <summary>For a cut list (top n): how many units left out share the last shown unit's rank.</summary>
    public int TiedAtCut { get; init; }

    /// <summary>"best" or "worst" for a top-n list (top_units); null for a list by level (list_units).</summary>
    public string? Order { get; init; }

    /// <summary>How many units match the filters at any level (the field the ranks are taken over).</summary>
    public int Ranked => CountsByLevel.Sum();
}

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

    public UnitTrend UnitTrend(string unitId, int? pillar = null, string? subIndicator = null) =>
        Cached(nameof(UnitTrend), s => UnitTrendUncached(s, unitId, pillar, subIndicator), unitId, pillar, subIndicator);

    private static UnitTrend UnitTrendUncached(SurveySnapshot s, string unitId, int? pillar, string? subIndicator)
    {
        var key = ScoreKey.From(pillar, subIndicator);
        var unit = s.FindUnit(unitId)?.Ref;
        if (unit is null) return new UnitTrend(null, key, QueryIssue.UnknownUnit, []);
        if (KeyIssue(s, pillar, subIndicator) is { } ki && ki != QueryIssue.None) return new UnitTrend(unit, key, ki, []);
        var rounds = s.TrendYears.Select(y => ScoreOf(s, unit.Id, y, key) is { } r ? new TrendPoint(y, true, r.Score, r.Level) : new TrendPoint(y, false, null, null)).ToList();
        return new UnitTrend(unit, key, QueryIssue.None, rounds);
    }

    /// <summary>A unit's score row for one key in one round, or null where it has none.</summary>
    private static SurveySnapshot.ScoreRow? ScoreOf(SurveySnapshot s, string unitId, int year, ScoreKey key)
    {
        var scope = key.ScopeName;
        foreach (var r in s.UnitRound(unitId, year))
            if (r.Scope == scope && r.Key == key.Key) return r;
        return null;
    }

    public UnitComparison CompareUnits(IReadOnlyList<string> unitIds, int? pillar = null, string? subIndicator = null, int? year = null) =>
        Cached(nameof(CompareUnits), s => CompareUnitsUncached(s, unitIds, pillar, subIndicator, year), unitIds, pillar, subIndicator, year);

    private static UnitComparison CompareUnitsUncached(SurveySnapshot s, IReadOnlyList<string> unitIds, int? pillar, string? subIndicator, int? year)
    {
        var y = year ?? LatestYear(s);
        var key = ScoreKey.From(pillar, subIndicator);
        if (KeyIssue(s, pillar, subIndicator) is { } ki && ki != QueryIssue.None) return new UnitComparison(y, key, ki, [], []);
        var ids = unitIds.Distinct(StringComparer.Ordinal).Take(MaxCompared).ToList();
        var units = ids.Select(id => (id, unit: s.FindUnit(id)?.Ref)).ToList();
        var unknown = units.Where(u => u.unit is null).Select(u => u.id).ToList();
        var compared = units.Where(u => u.unit is not null).Select(u =>
        {
            var row = ScoreOf(s, u.unit!.Id, y, key);
            return new ComparedUnit(u.unit, row is not null, row?.Score, row?.Level);
        }).ToList();
        return new UnitComparison(y, key, unknown.Count > 0 ? QueryIssue.UnknownUnit : QueryIssue.None, unknown, compared);
    }

    public UnitList ListUnits(string population, int? pillar = null, string? subIndicator = null, int? level = null, int? minLevel = null,
        int? maxLevel = null, UnitFilter? filter = null, int? year = null, IReadOnlyList<int>? levels = null) =>
        Ranked(population, pillar, subIndicator, year, filter, LevelsOf(level, minLevel, maxLevel, levels), int.MaxValue, best: true);

    public UnitList TopUnits(string population, string order = "best", int n = 10, int? pillar = null, string? subIndicator = null,
        UnitFilter? filter = null, int? year = null)
    {
        if (order is not ("best" or "worst")) throw new ArgumentException($"order must be best or worst, not '{order}'", nameof(order));
        return Ranked(population, pillar, subIndicator, year, filter, [1, 2, 3, 4, 5], Math.Clamp(n, 1, 100), order == "best") with { Order = order };
    }

    private UnitList Ranked(string population, int? pillar, string? subIndicator, int? year, UnitFilter? filter, IReadOnlyList<int> levels, int take, bool best) =>
        Cached(nameof(Ranked), s => RankedUncached(s, population, pillar, subIndicator, year, filter, levels, take, best),
            population, pillar, subIndicator, year, filter, string.Join(",", levels), take, best);

    private static UnitList RankedUncached(SurveySnapshot s, string population, int? pillar, string? subIndicator, int? year, UnitFilter? filter,
        IReadOnlyList<int> levels, int take, bool best)
    {
        if (!QueryText.IsPopulation(population)) throw new ArgumentException($"unknown population '{population}'", nameof(population));
        var y = year ?? LatestYear(s);
        var key = ScoreKey.From(pillar, subIndicator);
        filter ??= UnitFilter.None;
        if (KeyIssue(s, pillar, subIndicator) is { } ki && ki != QueryIssue.None) return new UnitList(population, y, key, filter, ki, 0, []) { Levels = levels };
        if (levels.Count == 0) return new UnitList(population, y, key, filter, QueryIssue.UnknownLevel, 0, []) { Levels = levels };
        var rows = s.Pool(y, key).Where(e => e.Unit.Kind == population && Matches(e.Unit, filter)).ToList();
        var issue = rows.Count == 0 && !s.RoundExists(y) ? QueryIssue.UnknownYear : QueryIssue.None;
        var ranks = CompetitionRanks(rows.Select(r => r.Score).ToArray());
        var ordinal = OrdinalRanks(rows, y, key);
        var ranked = rows.Select((r, i) => new ListedUnit(r.Unit.Ref, r.Score, r.Level, ranks[i]) { OrdinalRank = ordinal[i] })
            .Where(r => levels.Contains(r.Level));
        // Tied units in the fixed hidden order, so a top-n cut through a tie keeps the same units whoever asks, and ordinal ranks
        // (what a dcio sees) run 1, 2, 3 … down the list.
        ranked = best
            ? ranked.OrderBy(r => r.OrdinalRank)
            : ranked.OrderByDescending(r => r.OrdinalRank);
        var list = ranked.ToList();
        var shown = list.Take(take).ToList();
        var tied = shown.Count < list.Count && shown.Count > 0 ? list.Skip(shown.Count).Count(r => r.Rank == shown[^1].Rank) : 0;
        var counts = Enumerable.Range(1, 5).Select(l => rows.Count(r => r.Level == l)).ToList();
        return new UnitList(population, y, key, filter, issue, list.Count, shown) { Levels = levels, CountsByLevel = counts, TiedAtCut = tied };
    }

    public Movers Movers(string population, string direction, int? pillar = null, string? subIndicator = null, int? fromYear = null,
        int? toYear = null, UnitFilter? filter = null) =>
        Cached(nameof(Movers), s => MoversUncached(s, population, direction, pillar, subIndicator, fromYear, toYear, filter), population, direction, pillar, subIndicator, fromYear, toYear, filter);

    private static Movers MoversUncached(SurveySnapshot s, string population, string direction, int? pillar, string? subIndicator, int? fromYear,
        int? toYear, UnitFilter? filter)
    {
        if (!QueryText.IsPopulation(population)) throw new ArgumentException($"unknown population '{population}'", nameof(population));
        if (direction is not ("improved" or "regressed")) throw new ArgumentException($"direction must be improved or regressed, not '{direction}'", nameof(direction));
        var to = toYear ?? LatestYear(s);
        var from = fromYear ?? s.PreviousYear(to) ?? to - 1;
        var key = ScoreKey.From(pillar, subIndicator);
        filter ??= UnitFilter.None;
        if (KeyIssue(s, pillar, subIndicator) is { } ki && ki != QueryIssue.None) return new Movers(population, from, to, key, direction, filter, ki, 0, []);
        if (!s.RoundExists(from) || !s.RoundExists(to)) return new Movers(population, from, to, key, direction, filter, QueryIssue.UnknownYear, 0, []);
        var rows = new List<(UnitRef Unit, double FromScore, int FromLevel, double ToScore, int ToLevel)>();
        foreach (var a in s.Pool(from, key))
            if (a.Unit.Kind == population && Matches(a.Unit, filter) && ScoreOf(s, a.Unit.Id, to, key) is { } b)
                rows.Add((a.Unit.Ref, a.Score, a.Level, b.Score, b.Level));
        var moved = rows.Where(r => direction == "improved" ? r.ToLevel > r.FromLevel : r.ToLevel < r.FromLevel)
            .Select(r => new Mover(r.Unit, r.FromScore, r.FromLevel, r.ToScore, r.ToLevel,
                Math.Round(r.ToScore - r.FromScore, 2, MidpointRounding.AwayFromZero)))
            .OrderByDescending(m => Math.Abs(m.ToLevel - m.FromLevel)).ThenByDescending(m => Math.Abs(m.Change)).ThenBy(m => m.Unit.Id, StringComparer.Ordinal)
            .ToList();
        return new Movers(population, from, to, key, direction, filter, QueryIssue.None, rows.Count, moved);
    }

    public ItemStatistic ItemStatistic(string item, string population, int? year = null, UnitFilter? filter = null) =>
        Cached(nameof(ItemStatistic), s => ItemStatisticUncached(s, item, population, year, filter), item, population, year, filter);

    private static ItemStatistic ItemStatisticUncached(SurveySnapshot s, string item, string population, int? year, UnitFilter? filter)
    {
        if (!QueryText.IsPopulation(population)) throw new ArgumentException($"unknown population '{population}'", nameof(population));
        var y = year ?? LatestYear(s);
        filter ??= UnitFilter.None;
        var meta = s.Item(population, item);
        if (meta is null) return new ItemStatistic(population, y, item, null, filter, QueryIssue.UnknownItem, 0, 0, [], null);
        // A unit has score rows for a round exactly when it responded.
        var respondents = s.OverallEntries(y).Count(e => e.Unit.Kind == population && Matches(e.Unit, filter));
        if (respondents == 0 && !s.RoundExists(y)) return new ItemStatistic(population, y, item, meta.Value.Text, filter, QueryIssue.UnknownYear, 0, 0, [], null);
        var answers = s.Answers(y, item).Where(a => a.Unit.Kind == population && Matches(a.Unit, filter)).Select(a => a.Value).ToList();
        if (meta.Value.Type == "number")
        {
            var sum = answers.Sum(a => double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0);
            return new ItemStatistic(population, y, item, meta.Value.Text, filter, QueryIssue.None, respondents, answers.Count, [], sum);
        }
        var shares = s.Options(population, item).Select(o =>
        {
            var n = answers.Count(a => a == o.Code);
            return new AnswerShare(o.Code, o.Label, n, answers.Count == 0 ? 0 : Math.Round(100.0 * n / answers.Count, 2, MidpointRounding.AwayFromZero));
        }).ToList();
        return new ItemStatistic(population, y, item, meta.Value.Text, filter, QueryIssue.None, respondents, answers.Count, shares, null);
    }
}
