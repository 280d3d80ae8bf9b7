using DgBot.Core.Reference;

namespace DgBot.Core.Queries;

/// <summary>One pillar of a unit against its peers: the unit's score and level, and the median of the peers' scores (null when none scored).</summary>
public sealed record PeerPillar(int Pillar, double Score, int Level, double? PeerMedian);

/// <summary>
/// A unit's pillar scores in one round against the median of its peers: the other units of its population that responded that
/// round and share its agency type (departments) or region (provinces). PeerBy is "type" or "region", or "population" when the
/// unit has no such group; PeerGroup is the canonical Thai name of the group (null for "population"). LevelMins are the
/// lower bounds of levels 2–5, for drawing the level bands.
/// </summary>
public sealed record PeerComparison(UnitRef? Unit, int Year, QueryIssue Issue, string PeerBy, string? PeerGroup, int Peers,
    IReadOnlyList<PeerPillar> Pillars, IReadOnlyList<double> LevelMins);

public sealed partial class SurveyQueries
{
    public PeerComparison PeerComparison(string unitId, int? year = null) =>
        Cached(nameof(PeerComparison), s => PeerComparisonUncached(s, unitId, year), unitId, year);

    private static PeerComparison PeerComparisonUncached(SurveySnapshot s, string unitId, int? year)
    {
        var y = year ?? LatestYear(s);
        var mins = s.Bands.Where(b => b.Level > 1).OrderBy(b => b.Level).Select(b => b.Min).ToList();
        var found = s.FindUnit(unitId);
        if (found is null) return new PeerComparison(null, y, QueryIssue.UnknownUnit, "population", null, 0, [], mins);
        var (by, group) = found.Kind == Population.Department
            ? (found.AgencyType is null ? "population" : "type", found.AgencyType)
            : (found.Region is null ? "population" : "region", found.Region);
        bool IsPeer(SurveySnapshot.Unit u) => u.Kind == found.Kind && u.Id != found.Id
            && (by == "population" || (by == "type" ? u.AgencyType : u.Region) == group);
        var mine = s.UnitRound(found.Id, y);
        if (mine.Length == 0)
            return new PeerComparison(found.Ref, y, s.RoundExists(y) ? QueryIssue.NotResponded : QueryIssue.UnknownYear, by, group, 0, [], mins);
        var peers = s.Pool(y, ScoreKey.Overall).Count(e => IsPeer(e.Unit));
        var pillars = mine.Where(r => r.Scope == "pillar")
            .Select(r =>
            {
                var pillar = int.Parse(r.Key, System.Globalization.CultureInfo.InvariantCulture);
                var scores = s.Pool(y, ScoreKey.Pillar(pillar)).Where(e => IsPeer(e.Unit)).Select(e => e.Score).ToArray();
                return new PeerPillar(pillar, r.Score, r.Level, Median(scores));
            })
            .OrderBy(p => p.Pillar).ToList();
        return new PeerComparison(found.Ref, y, QueryIssue.None, by, group, peers, pillars, mins);
    }

    /// <summary>The middle score, or the mean of the two middle ones, rounded to 2 decimals as every score is.</summary>
    private static double? Median(double[] values)
    {
        if (values.Length == 0) return null;
        Array.Sort(values);
        var mid = values.Length / 2;
        var median = values.Length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
        return Math.Round(median, 2, MidpointRounding.AwayFromZero);
    }
}
