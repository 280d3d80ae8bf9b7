using DgBot.Core.Access;
using DgBot.Core.Queries;

namespace DgBot.Web.Access;

/// <summary>
/// DESIGN §9 gives a dcio other units "only as aggregates and ranks". The rank and list functions are open to a dcio about any
/// unit, but their records carry every listed unit's exact score; this takes out the scores of units other than the caller's own,
/// in the function layer, so neither the renderer, the /api/ask trace nor a language model ever holds them. Levels stay: a list
/// by level (which any registered user may ask for) already tells them. An item statistic over too few units is withheld.
/// </summary>
public static class AccessRedaction
{
    /// <summary>A group's lowest, highest and middle score are each one unit's score (the median too, for an odd count or a tie in
    /// the middle); a mean over fewer than four units is a few units' scores.</summary>
    private static GroupStats Withhold(GroupStats s) => s.Units < AccessLimits.MinimumGroup
        ? s with { Mean = null, Median = null, Min = null, Max = null }
        : s with { Median = null, Min = null, Max = null };

    public static object? ForCaller(Caller caller, object? value, SurveyQueries queries)
    {
        if (caller.SeesEverything) return value;
        value = Disclosed(value, queries);
        var own = caller.Unit?.Id;
        bool Mine(UnitRef? unit) => own is not null && unit?.Id == own;
        return value switch
        {
            // Ranks are shown with ties broken in a fixed hidden order: a unit ranked level with the caller's own would tell its score.
            UnitList l => l with
            {
                Units = l.Units.Select(u => u with { Rank = u.OrdinalRank, Score = Mine(u.Unit) ? u.Score : null })
                    .OrderBy(u => l.Order == "worst" ? -u.Rank : u.Rank).ToList(),
                TiedAtCut = 0,
            },
            UnitRank { Issue: QueryIssue.None } r => r with
            {
                Rank = r.OrdinalRank,
                TiedWith = 0,
                Percentile = r.OutOf > 1 && r.OrdinalRank is { } ordinal ? Math.Round(100.0 * (r.OutOf - ordinal) / (r.OutOf - 1), 2, MidpointRounding.AwayFromZero) : r.Percentile,
                Score = Mine(r.Unit) ? r.Score : null,
                Neighbours = r.OrdinalNeighbours.Select(n => Mine(n.Unit) ? n : n with { Score = null }).ToList(),
            },
            // Narrowed by ministry, type or region, a share can come down to one or two units: their answers, not an aggregate.
            ItemStatistic { Issue: QueryIssue.None } s when s.Answered < AccessLimits.MinimumGroup =>
                s with { Issue = QueryIssue.TooFewUnits, Answers = [], Sum = null },
            GroupSummary g => g with
            {
                Overall = g.Overall is null ? null : Withhold(g.Overall),
                Groups = g.Groups.Select(Withhold).ToList(),
            },
            UnitVersusGroup { Issue: QueryIssue.None } v when v.Size < AccessLimits.MinimumGroup =>
                v with { Issue = QueryIssue.TooFewUnits, Lines = [] },
            UnitVersusGroup v => v with { Lines = v.Lines.Select(l => l with { Rank = l.OrdinalRank, GroupMedian = null }).ToList() },
            _ => value,
        };
    }

    /// <summary>The filter dimensions an aggregate is narrowed by ("ministry", "type", "region", "mission").</summary>
    private static List<(string Dimension, string Value)> Dimensions(UnitFilter f) =>
        new (string Dimension, string? Value)[] { ("ministry", f.Ministry), ("type", f.AgencyType), ("region", f.Region), ("mission", f.Mission) }
            .Where(d => d.Value is not null).Select(d => (d.Dimension, d.Value!)).ToList();

    /// <summary>
    /// <see cref="Disclosure"/> applied to the aggregates a restricted caller gets: one partition at a time, and the groups the
    /// rule withholds shown by size only.
    /// </summary>
    private static object? Disclosed(object? value, SurveyQueries queries)
    {
        static GroupStats SizeOnly(GroupStats s) => s with { Mean = null, Median = null, Min = null, Max = null };
        switch (value)
        {
            case ItemStatistic { Issue: QueryIssue.None } s:
            {
                var dims = Dimensions(s.Filter);
                if (dims.Count > 1) return s with { Issue = QueryIssue.TooNarrow, Answers = [], Sum = null };
                if (dims is [var d] && Disclosure.Withheld(queries.PartitionSizes(s.Population, d.Dimension, s.Year, item: s.Item)).Contains(d.Value))
                    return s with { Issue = QueryIssue.TooFewUnits, Answers = [], Sum = null };
                return s;
            }
            case GroupSummary { Issue: QueryIssue.None } g:
            {
                var dims = Dimensions(g.Filter);
                if (dims.Count > 1 || dims.Count == 1 && g.GroupBy is not null) return g with { Issue = QueryIssue.TooNarrow, Overall = null, Groups = [] };
                if (g.GroupBy is { } by)
                {
                    var withheld = Disclosure.Withheld(queries.PartitionSizes(g.Population, by, g.Year, g.Key));
                    return g with { Groups = g.Groups.Select(x => withheld.Contains(x.Group ?? "") ? SizeOnly(x) : x).ToList() };
                }
                if (dims is [var d] && g.Overall is { } all && Disclosure.Withheld(queries.PartitionSizes(g.Population, d.Dimension, g.Year, g.Key)).Contains(d.Value))
                    return g with { Overall = SizeOnly(all) };
                return g;
            }
            case UnitVersusGroup { Issue: QueryIssue.None, Group: { } group, Unit: { } unit } v when v.Scope != RankScope.All:
            {
                var dimension = v.Scope switch { RankScope.Ministry => "ministry", RankScope.Type => "type", RankScope.Region => "region", _ => "mission" };
                var key = v.Lines.Count > 0 ? v.Lines[0].Key : ScoreKey.Overall;
                return Disclosure.Withheld(queries.PartitionSizes(unit.Kind, dimension, v.Year, key)).Contains(group)
                    ? v with { Issue = QueryIssue.TooFewUnits, Lines = [] }
                    : v;
            }
            default:
                return value;
        }
    }
}
