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
        Cached(nameof(UnitGaps), data => UnitGapsUncached(data, unitId, pillar, subIndicator, year), unitId, pillar, subIndicator, year);

    private static UnitGaps UnitGapsUncached(SurveySnapshot data, string unitId, int? pillar, string? subIndicator, int? year)
    {
        var y = year ?? LatestYear(data);
        var unit = data.FindUnit(unitId)?.Ref;
        if (unit is null) return new UnitGaps(null, y, QueryIssue.UnknownUnit, [], []);
        if (KeyIssue(data, pillar, subIndicator) is { } ki && ki != QueryIssue.None) return new UnitGaps(unit, y, ki, [], []);
        var scores = data.UnitRound(unit.Id, y);
        if (scores.Length == 0)
            return new UnitGaps(unit, y, data.RoundExists(y) ? QueryIssue.NotResponded : QueryIssue.UnknownYear, [], []);
        var bands = data.Bands;
        (int? Next, double? Min) NextBand(int level) => level >= bands[^1].Level ? (null, null) : (level + 1, bands.Single(b => b.Level == level + 1).Min);
        var subPillar = data.PillarOfSub;
        var subMax = data.SubMax(unit.Kind);
        var subsPerPillar = subMax.Keys.GroupBy(s => subPillar[s]).ToDictionary(g => g.Key, g => g.Count());
        // The missed items that the unit's form has (item_score joined to item), with the unit's answer where it gave one.
        var items = new List<(string Item, string Sub, int Points, int Max, string Text, string? Answer)>();
        foreach (var g in data.Gaps(unit.Id, y))
            if (data.Item(unit.Kind, g.Item) is { } meta) items.Add((g.Item, g.Sub, g.Points, g.Max, meta.Text, g.Answer));

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
