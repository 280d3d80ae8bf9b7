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
    private static GroupStats Withhold(GroupStats s) => s.Units < AccessLimits.MinimumGroup
        ? s with { Mean = null, Median = null, Min = null, Max = null }
        : s with { Min = null, Max = null };

    public static object? ForCaller(Caller caller, object? value)
    {
        if (caller.SeesEverything) return value;
        var own = caller.Unit?.Id;
        bool Mine(UnitRef? unit) => own is not null && unit?.Id == own;
        return value switch
        {
            UnitList l when l.Units.Any(u => u.Score is not null && !Mine(u.Unit)) =>
                l with { Units = l.Units.Select(u => Mine(u.Unit) ? u : u with { Score = null }).ToList() },
            UnitRank r when (r.Score is not null && !Mine(r.Unit)) || r.Neighbours.Any(n => n.Score is not null && !Mine(n.Unit)) =>
                r with
                {
                    Score = Mine(r.Unit) ? r.Score : null,
                    Neighbours = r.Neighbours.Select(n => Mine(n.Unit) ? n : n with { Score = null }).ToList(),
                },
            // Narrowed by ministry, type or region, a share can come down to one or two units: their answers, not an aggregate.
            ItemStatistic { Issue: QueryIssue.None } s when s.Answered < AccessLimits.MinimumGroup =>
                s with { Issue = QueryIssue.TooFewUnits, Answers = [], Sum = null },
            // A group's lowest or highest score is one unit's score; a mean over fewer than four units is a few units' scores.
            GroupSummary g => g with
            {
                Overall = g.Overall is null ? null : Withhold(g.Overall),
                Groups = g.Groups.Select(Withhold).ToList(),
            },
            UnitVersusGroup { Issue: QueryIssue.None } v when v.Size < AccessLimits.MinimumGroup =>
                v with { Issue = QueryIssue.TooFewUnits, Lines = [] },
            _ => value,
        };
    }
}
