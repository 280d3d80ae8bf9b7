using System.Globalization;
using DgBot.Core.Formatting;
using DgBot.Core.Queries;

namespace DgBot.Web.Charts;

/// <summary>A trend with the lower bounds of levels 2–5, for its level bands.</summary>
public sealed record TrendChart(UnitTrend Trend, IReadOnlyList<double> LevelMins);

/// <summary>
/// Re-runs the query a chart spec names, through SurveyQueries, so a chart shows what the database says now and a link carries
/// no numbers. Only the three chart queries, each with its own arguments, are accepted; anything else is no chart.
/// </summary>
public sealed class ChartSource(SurveyQueries queries)
{
    public const string Distribution = "distribution", Profile = "profile", Trend = "trend";

    /// <summary>The "peers" argument of a profile chart drawn without its peers' medians.</summary>
    public const string HiddenPeers = "hidden";

    private static readonly Dictionary<(string Kind, string Function), (string[] Required, string[] Optional)> Shapes = new()
    {
        [(Distribution, "level_distribution")] = (["population"], ["year", "pillar", "sub_indicator", "group_by", "ministry", "agency_type", "region"]),
        [(Profile, "unit_profile")] = (["unit"], ["year", "peers"]),
        [(Trend, "unit_trend")] = (["unit"], ["pillar", "sub_indicator"]),
    };

    private const int MaxValueLength = 200;

    /// <summary>Whether a spec is one this source can draw (without running it): the answer builder and the endpoint agree on this.</summary>
    public static bool IsDrawable(ChartSpec spec) =>
        Shapes.TryGetValue((spec.Kind, spec.Function), out var shape)
        && shape.Required.All(spec.Arguments.ContainsKey)
        && spec.Arguments.All(a => (shape.Required.Contains(a.Key) || shape.Optional.Contains(a.Key)) && a.Value.Length is > 0 and <= MaxValueLength);

    /// <summary>The query's record (LevelDistribution, PeerComparison or TrendChart), or null when the spec is not drawable or the query has nothing to show.</summary>
    public object? Load(ChartSpec spec)
    {
        if (!IsDrawable(spec)) return null;
        var a = spec.Arguments;
        string? Str(string name) => a.GetValueOrDefault(name);
        if (!TryInt(a, "year", out var year) || !TryInt(a, "pillar", out var pillar)) return null;
        switch (spec.Kind)
        {
            case Distribution:
                if (!QueryText.IsPopulation(Str("population")) || Str("group_by") is { } g && g is not ("type" or "ministry" or "region" or "mission")) return null;
                var distribution = queries.LevelDistribution(Str("population")!, pillar, Str("sub_indicator"), year, Str("group_by"),
                    new UnitFilter(Str("ministry"), Str("agency_type"), Str("region")));
                return distribution.Issue == QueryIssue.None && distribution.Groups.Count > 0 ? distribution : null;
            case Profile:
                var peers = queries.PeerComparison(Str("unit")!, year);
                if (peers.Issue != QueryIssue.None || peers.Pillars.Count == 0) return null;
                // Drawn for a caller who may not see other units' scores: a median of a few peers is one or two of their scores.
                return Str("peers") == HiddenPeers ? peers with { PeerBy = HiddenPeers, Pillars = peers.Pillars.Select(p => p with { PeerMedian = null }).ToList() } : peers;
            case Trend:
                var trend = queries.UnitTrend(Str("unit")!, pillar, Str("sub_indicator"));
                if (trend.Issue != QueryIssue.None || !trend.Rounds.Any(r => r.Responded)) return null;
                return new TrendChart(trend, queries.Describe().Levels.Where(l => l.Level > 1).OrderBy(l => l.Level).Select(l => l.MinScore).ToList());
            default:
                return null;
        }
    }

    private static bool TryInt(IReadOnlyDictionary<string, string> args, string name, out int? value)
    {
        value = null;
        if (!args.TryGetValue(name, out var text)) return true;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)) return false;
        value = parsed;
        return true;
    }
}
