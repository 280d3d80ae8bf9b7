using Dapper;
using DgBot.Core.Scoring;

namespace DgBot.Core.Queries;

/// <summary>An item the unit did not get full points for, and what completing it would add.</summary>
public sealed record GapItem(string Item, string SubIndicator, string TextTh, string? Answer, int Points, int MaxPoints, int Gain,
    double SubIndicatorGain, double PillarGain, bool LiftsSubIndicatorAlone);

/// <summary>
/// A sub-indicator's distance to its next level: the points still needed, the items that would supply them (largest gain
/// first) and the smallest set of items, taken in that order, that reaches the next level.
/// </summary>
public sealed record SubIndicatorGap(string Code, int Pillar, double Score, int Level, int? NextLevel, double? NextLevelMinScore,
    int PointsNeeded, IReadOnlyList<GapItem> Items, IReadOnlyList<string> Plan);

public sealed record PillarGap(int Pillar, double Score, int Level, int? NextLevel, double? ScoreNeeded);

public sealed record UnitGaps(UnitRef? Unit, int Year, QueryIssue Issue, IReadOnlyList<PillarGap> Pillars, IReadOnlyList<SubIndicatorGap> SubIndicators);

public sealed partial class SurveyQueries
{
    /// <summary>
    /// Weakest pillars and sub-indicators first (all of them, ordered), each sub-indicator with the items whose completion lifts
    /// it to the next level. With a pillar or sub-indicator, only that area.
    /// </summary>
    public UnitGaps UnitGaps(string unitId, int? pillar = null, string? subIndicator = null, int? year = null) =>
        Cached(nameof(UnitGaps), () => UnitGapsUncached(unitId, pillar, subIndicator, year), unitId, pillar, subIndicator, year);

    private UnitGaps UnitGapsUncached(string unitId, int? pillar = null, string? subIndicator = null, int? year = null)
    {
        using var c = connect();
        var y = year ?? LatestYear(c);
        var unit = FindUnit(c, unitId);
        if (unit is null) return new UnitGaps(null, y, QueryIssue.UnknownUnit, [], []);
        if (KeyIssue(c, pillar, subIndicator) is { } ki && ki != QueryIssue.None) return new UnitGaps(unit, y, ki, [], []);
        var scores = c.Query<(string Scope, string Key, double Score, int Level)>(
            "SELECT scope, key, score, level FROM score WHERE unit_id = @id AND year = @y", new { id = unit.Id, y }).ToList();
        if (scores.Count == 0)
            return new UnitGaps(unit, y, RoundExists(c, y) ? QueryIssue.NotResponded : QueryIssue.UnknownYear, [], []);
        var bands = c.Query<(int Level, double Min)>("SELECT level, min_score FROM level ORDER BY level").ToList();
        (int? Next, double? Min) NextBand(int level) => level >= bands[^1].Level ? (null, null) : (level + 1, bands.Single(b => b.Level == level + 1).Min);
        var subPillar = c.Query<(string Code, int Pillar)>("SELECT code, pillar FROM sub_indicator").ToDictionary(x => x.Code, x => x.Pillar);
        var subMax = c.Query<(string Sub, int Max)>("SELECT sub_indicator, max_points FROM sub_indicator_max WHERE population = @k", new { k = unit.Kind })
            .ToDictionary(x => x.Sub, x => x.Max);
        var subsPerPillar = subMax.Keys.GroupBy(s => subPillar[s]).ToDictionary(g => g.Key, g => g.Count());
        var items = c.Query<(string Item, string Sub, int Points, int Max, string Outcome, string Text, string? Answer)>(
            """
            SELECT s.item, s.sub_indicator, s.points, s.max_points, s.outcome, i.text_th, r.value
            FROM item_score s JOIN item i ON i.population = @kind AND i.code = s.item
            LEFT JOIN response r ON r.unit_id = s.unit_id AND r.year = s.year AND r.item = s.item
            WHERE s.unit_id = @id AND s.year = @y AND s.points < s.max_points AND s.outcome <> 'notasked'
            """, new { id = unit.Id, y, kind = unit.Kind }).ToList();

        var pillarGaps = scores.Where(s => s.Scope == "pillar")
            .Select(s => (s, p: int.Parse(s.Key, System.Globalization.CultureInfo.InvariantCulture)))
            .Where(x => pillar is null && subIndicator is null || x.p == (pillar ?? subPillar[subIndicator!]))
            .Select(x =>
            {
                var (next, min) = NextBand(x.s.Level);
                return new PillarGap(x.p, x.s.Score, x.s.Level, next, min is { } m ? Math.Round(m - x.s.Score, 2, MidpointRounding.AwayFromZero) : null);
            })
            .OrderBy(p => p.Score).ThenBy(p => p.Pillar).ToList();

        var subGaps = scores.Where(s => s.Scope == "sub_indicator")
            .Where(s => subIndicator is not null ? s.Key == subIndicator : pillar is not { } p || subPillar[s.Key] == p)
            .Select(s =>
            {
                var max = subMax[s.Key];
                var (next, min) = NextBand(s.Level);
                var earned = (int)Math.Round(s.Score * max / 100.0);
                var needed = min is { } m ? Math.Max(0, (int)Math.Ceiling(m * max / 100.0 - 1e-9) - earned) : 0;
                var gaps = items.Where(i => i.Sub == s.Key).Select(i =>
                {
                    var gain = i.Max - i.Points;
                    var subGain = Math.Round(Math.Min(100 - s.Score, 100.0 * gain / max), 2, MidpointRounding.AwayFromZero);
                    return new GapItem(i.Item, i.Sub, i.Text, i.Answer, i.Points, i.Max, gain, subGain,
                        Math.Round(subGain / subsPerPillar[subPillar[s.Key]], 2, MidpointRounding.AwayFromZero), next is not null && gain >= needed);
                }).OrderByDescending(g => g.Gain).ThenBy(g => g.Item, Comparer<string>.Create(CompiledForm.CompareCodes)).ToList();
                var plan = new List<string>();
                var sum = 0;
                foreach (var g in gaps)
                {
                    if (next is null || sum >= needed) break;
                    plan.Add(g.Item);
                    sum += g.Gain;
                }
                if (sum < needed) plan.Clear();
                return new SubIndicatorGap(s.Key, subPillar[s.Key], s.Score, s.Level, next, min, needed, gaps, plan);
            })
            .OrderBy(g => g.Score).ThenBy(g => g.Code, Comparer<string>.Create(CompiledForm.CompareCodes)).ToList();
        return new UnitGaps(unit, y, QueryIssue.None, pillarGaps, subGaps);
    }
}
