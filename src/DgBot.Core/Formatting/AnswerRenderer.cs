using System.Text;
using DgBot.Core.Access;
using DgBot.Core.Queries;
using DgBot.Core.Risk;

namespace DgBot.Core.Formatting;

/// <summary>Turns a query record into the short Thai answer a DCIO reads on a phone. Every number comes from the record.</summary>
public sealed class AnswerRenderer(ThaiFormatter f)
{
    private const int MaxLines = 12;

    public string Render(object? record) => record switch
    {
        UnitProfile p => Profile(p),
        UnitRank r => Rank(r),
        UnitGaps g => Gaps(g),
        UnitTrend t => Trend(t),
        UnitComparison c => Compare(c),
        LevelDistribution d => Distribution(d),
        UnitList l => List(l),
        Movers m => Movers(m),
        ItemStatistic s => Item(s),
        PublishedFigures p => Figures(p),
        Recommendations r => Recommendations(r),
        FrameworkDescription d => Describe(d),
        UnitRisk r => Risk(r),
        RiskWatchlist w => Watchlist(w),
        _ => f.T("out_of_scope"),
    };

    private string? Issue(QueryIssue issue, UnitRef? unit, int year) => issue switch
    {
        QueryIssue.None => null,
        QueryIssue.NotResponded => f.T("not_responded", ("unit", unit?.NameTh), ("year", year)),
        QueryIssue.UnknownYear => f.T("unknown_year", ("year", year)),
        QueryIssue.UnknownUnit => f.T("unknown_unit", ("unit", unit?.NameTh ?? "")),
        _ => f.T("help"),
    };

    private string Profile(UnitProfile p)
    {
        if (Issue(p.Issue, p.Unit, p.Year) is { } miss) return miss;
        var o = p.Overall!;
        var change = o.Change is { } ch && p.PreviousYear is { } prev ? f.T("profile.change", ("sign", ch >= 0 ? "+" : ""), ("change", ThaiFormatter.Score(ch)), ("previous", prev)) : "";
        var sb = new StringBuilder(f.T("profile.head", ("unit", p.Unit!.NameTh), ("year", p.Year), ("key", f.Key(ScoreKey.Overall)),
            ("level", f.Level(o.Level)), ("score", ThaiFormatter.Score(o.Score)), ("change", change)));
        var lines = p.SubIndicators.Count <= 4 && p.Pillars.Count <= 1 ? p.Pillars.Concat(p.SubIndicators) : p.Pillars;
        foreach (var l in lines) sb.Append('\n').Append(f.T("profile.line", ("key", f.Key(l.Key)), ("level", f.Level(l.Level)), ("score", ThaiFormatter.Score(l.Score))));
        return sb.ToString();
    }

    private string Rank(UnitRank r)
    {
        if (r.Issue == QueryIssue.ScopeNotApplicable) return f.T("help");
        if (Issue(r.Issue, r.Unit, r.Year) is { } miss) return miss;
        var scope = r.Group is null ? f.T("scope.all") : f.T("scope.group", ("group", r.Group));
        (string, object?)[] values = [("unit", r.Unit!.NameTh), ("rank", f.Rank(r.Rank!.Value, r.OutOf)), ("tied", r.TiedWith > 0 ? f.T("tied", ("n", r.TiedWith)) : ""),
            ("scope", scope), ("key", f.Key(r.Key)), ("year", r.Year), ("level", f.Level(r.Level!.Value)), ("percentile", ThaiFormatter.Percent(r.Percentile!.Value))];
        // No score: the caller may see this unit's rank and level only (a dcio asking about another unit).
        return r.Score is { } score
            ? f.T("rank.head", [.. values, ("score", ThaiFormatter.Score(score))])
            : f.T("rank.head.no_score", values);
    }

    private string Gaps(UnitGaps g)
    {
        if (Issue(g.Issue, g.Unit, g.Year) is { } miss) return miss;
        var sb = new StringBuilder(f.T("gaps.head", ("unit", g.Unit!.NameTh), ("year", g.Year)));
        foreach (var s in g.SubIndicators.Where(s => s.NextLevel is not null).Take(3))
        {
            sb.Append('\n').Append(f.T("gaps.sub", ("key", f.Key(ScoreKey.SubIndicator(s.Code))), ("level", f.Level(s.Level)), ("score", ThaiFormatter.Score(s.Score)),
                ("needed", s.PointsNeeded), ("next", f.Level(s.NextLevel!.Value))));
            foreach (var i in s.Items.Where(i => s.Plan.Contains(i.Item)).DefaultIfEmpty().Where(i => i is not null).Take(3))
                sb.Append('\n').Append(f.T("gaps.item", ("item", i!.Item), ("text", Short(i.TextTh)), ("gain", i.Gain)));
        }
        return sb.ToString();
    }

    private string Trend(UnitTrend t)
    {
        if (Issue(t.Issue, t.Unit, 0) is { } miss) return miss;
        var sb = new StringBuilder(f.T("trend.head", ("unit", t.Unit!.NameTh), ("key", f.Key(t.Key))));
        foreach (var r in t.Rounds)
            sb.Append('\n').Append(r.Responded
                ? f.T("trend.line", ("year", r.Year), ("level", f.Level(r.Level!.Value)), ("score", ThaiFormatter.Score(r.Score!.Value)))
                : f.T("trend.not_responded", ("year", r.Year)));
        return sb.ToString();
    }

    private string Compare(UnitComparison c)
    {
        var sb = new StringBuilder(f.T("compare.head", ("key", f.Key(c.Key)), ("year", c.Year)));
        foreach (var u in c.Units.OrderByDescending(u => u.Score ?? -1))
            sb.Append('\n').Append(u.Responded
                ? f.T("compare.line", ("unit", u.Unit.NameTh), ("level", f.Level(u.Level!.Value)), ("score", ThaiFormatter.Score(u.Score!.Value)))
                : f.T("compare.not_responded", ("unit", u.Unit.NameTh)));
        foreach (var unknown in c.UnknownUnits) sb.Append('\n').Append(f.T("unknown_unit", ("unit", unknown)));
        return sb.ToString();
    }

    private string Distribution(LevelDistribution d)
    {
        if (Issue(d.Issue, null, d.Year) is { } miss) return miss;
        var sb = new StringBuilder();
        foreach (var g in d.Groups.Take(d.GroupBy is null ? 1 : 8))
        {
            if (sb.Length > 0) sb.Append("\n");
            sb.Append(f.T("distribution.head", ("population", (g.Group is null ? "" : g.Group + " ") + f.Population(d.Population)), ("year", d.Year), ("key", f.Key(d.Key)), ("n", g.Respondents)));
            if (d.GroupBy is null)
                foreach (var l in g.Levels) sb.Append('\n').Append(f.T("distribution.line", ("level", f.Level(l.Level)), ("count", l.Count), ("share", ThaiFormatter.Percent(l.Share))));
            sb.Append('\n').Append(f.T("distribution.atleast3", ("count", g.AtLeastLevel3), ("share", ThaiFormatter.Percent(g.ShareAtLeastLevel3))));
        }
        return sb.ToString();
    }

    private string List(UnitList l)
    {
        if (Issue(l.Issue, null, l.Year) is { } miss) return miss;
        var sb = new StringBuilder(f.T("list.head", ("population", f.Population(l.Population)), ("key", f.Key(l.Key)), ("year", l.Year), ("total", l.Total)));
        foreach (var u in l.Units.Take(MaxLines))
            sb.Append('\n').Append(u.Score is { } score
                ? f.T("list.line", ("rank", u.Rank), ("unit", u.Unit.NameTh), ("level", f.Level(u.Level)), ("score", ThaiFormatter.Score(score)))
                : f.T("list.line.no_score", ("rank", u.Rank), ("unit", u.Unit.NameTh), ("level", f.Level(u.Level))));
        if (l.Units.Count > MaxLines) sb.Append('\n').Append(f.T("list.more", ("n", l.Units.Count - MaxLines)));
        if (l.Units.Any(u => u.Score is null)) sb.Append('\n').Append(f.T("access.scores_hidden"));
        return sb.ToString();
    }

    private string Movers(Movers m)
    {
        if (Issue(m.Issue, null, m.ToYear) is { } miss) return miss;
        var sb = new StringBuilder(f.T("movers.head", ("population", f.Population(m.Population)), ("direction", f.T("movers." + m.Direction)), ("key", f.Key(m.Key)),
            ("from", m.FromYear), ("to", m.ToYear), ("n", m.Units.Count), ("compared", m.Compared)));
        foreach (var u in m.Units.Take(MaxLines))
            sb.Append('\n').Append(f.T("movers.line", ("unit", u.Unit.NameTh), ("from", u.FromLevel), ("to", u.ToLevel),
                ("change", (u.Change >= 0 ? "+" : "") + ThaiFormatter.Score(u.Change))));
        return sb.ToString();
    }

    private string Item(ItemStatistic s)
    {
        if (s.Issue == QueryIssue.TooFewUnits) return f.T("access.too_few_units", ("n", s.Answered), ("minimum", AccessLimits.MinimumGroup));
        if (s.Issue != QueryIssue.None) return f.T("help");
        var sb = new StringBuilder(f.T("item.head", ("item", s.Item), ("text", Short(s.TextTh ?? "")), ("year", s.Year), ("answered", s.Answered), ("respondents", s.Respondents)));
        if (s.Sum is { } sum) sb.Append('\n').Append(f.T("item.sum", ("sum", sum.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture))));
        foreach (var a in s.Answers) sb.Append('\n').Append(f.T("item.line", ("label", a.LabelTh), ("count", a.Count), ("share", ThaiFormatter.Percent(a.Share))));
        return sb.ToString();
    }

    private string Figures(PublishedFigures p)
    {
        if (p.Figures.Count == 0) return f.T("figure.none", ("topic", p.Topic));
        var topic = p.MatchedTopic ?? p.Topic;
        // Thai runs on into a Thai word ("เรื่องอัตรา…") but not into a Latin one ("เรื่อง DCIO").
        if (topic.Length > 0 && char.IsAsciiLetterOrDigit(topic[0])) topic = " " + topic;
        var sb = new StringBuilder(f.T("figure.head", ("topic", topic)));
        foreach (var x in p.Figures.DistinctBy(x => x.ThaiText.Length > 8 ? x.ThaiText : x.Id).Take(6))
        {
            sb.Append('\n').Append(f.T("figure.line", ("text", x.ThaiText.Length > 8 ? Short(Tidy(x.ThaiText), 110) : $"{f.FigureLabel(x.Id, x.Metric)}: {Tidy(x.ThaiText)}"), ("line", x.SourceLine)));
            if (x.CaveatTh is not null) sb.Append('\n').Append(f.T("figure.caveat", ("caveat", x.CaveatTh)));
        }
        return sb.ToString();
    }

    private string Recommendations(Recommendations r)
    {
        var sb = new StringBuilder(f.T("recommendations.head"));
        foreach (var x in r.Items) sb.Append('\n').Append(f.T("recommendations.line", ("code", x.Code), ("title", x.TitleTh), ("line", x.SourceLine)));
        return sb.ToString();
    }

    private string Describe(FrameworkDescription d)
    {
        if (d.Issue != QueryIssue.None) return f.T("help");
        if (d is { Pillar: null, SubIndicator: null, Levels: [var only], PillarLabels: not null }) return DescribeLevel(only, d.PillarLabels);
        var key = d.SubIndicator is not null ? f.Key(ScoreKey.SubIndicator(d.SubIndicator)) : d.Pillar is { } p ? f.Key(ScoreKey.Pillar(p)) : d.NameTh!;
        var sb = new StringBuilder(f.T("describe.head", ("key", key), ("description", d.DescriptionTh ?? d.NameEn)));
        foreach (var c in d.Children) sb.Append('\n').Append($"• {c.Code} {c.NameTh} ({c.NameEn})");
        foreach (var l in d.Levels) sb.Append('\n').Append(f.T("describe.level", ("level", f.Level(l.Level)), ("stage", l.PillarLabelEn ?? l.StageEn)));
        return sb.ToString();
    }

    private string DescribeLevel(LevelDescription l, IReadOnlyList<PillarLevelLabel> pillars)
    {
        var sb = new StringBuilder(f.T("describe.level_only.head", ("level", f.Level(l.Level)), ("name", l.NameEn), ("stage", l.StageEn)));
        sb.Append('\n').Append(l.Below is { } below
            ? f.T("describe.level_only.band", ("min", ThaiFormatter.Score(l.MinScore)), ("below", ThaiFormatter.Score(below)))
            : f.T("describe.level_only.band_top", ("min", ThaiFormatter.Score(l.MinScore))));
        if (pillars.Count > 0) sb.Append('\n').Append(f.T("describe.level_only.pillars"));
        foreach (var p in pillars) sb.Append('\n').Append(f.T("describe.level_only.pillar", ("key", f.Key(ScoreKey.Pillar(p.Pillar))), ("label", p.LabelEn)));
        return sb.ToString();
    }

    private string Risk(UnitRisk r)
    {
        switch (r.Status)
        {
            case RiskStatus.NotAvailable: return f.T("risk.not_available");
            case RiskStatus.UnknownUnit: return f.T("unknown_unit", ("unit", r.Unit?.NameTh ?? ""));
            case RiskStatus.NotResponded: return f.T("risk.not_responded", ("unit", r.Unit!.NameTh), ("year", r.LatestYear));
        }
        var e = r.Estimate!;
        var sb = new StringBuilder(f.T("risk.unit.head", ("unit", e.Unit.NameTh), ("next", e.NextYear), ("probability", ThaiFormatter.Probability(e.Probability)),
            ("year", e.Year), ("level", f.Level(e.Level)), ("score", ThaiFormatter.Score(e.Score))));
        sb.Append('\n').Append(e.Reasons.Count == 0 ? f.T("risk.reasons.none") : f.T("risk.reasons.head"));
        foreach (var reason in e.Reasons) sb.Append('\n').Append(f.T("risk.reason.line", ("text", f.RiskReason(reason))));
        sb.Append('\n').Append(RiskNote(r.Model!));
        return sb.ToString();
    }

    private string Watchlist(RiskWatchlist w)
    {
        if (w.Status != RiskStatus.Ok) return f.T("risk.not_available");
        var population = RiskPopulation(f, w.Population);
        var filter = RiskFilter(f, w);
        string text;
        if (w.Units.Count == 0)
            text = w.Scored == 0 || w.MinProbability is null
                ? f.T("risk.watchlist.empty", ("population", population), ("filter", filter), ("year", w.Year))
                : f.T("risk.watchlist.none", ("population", population), ("filter", filter), ("next", w.NextYear), ("min", ThaiFormatter.Probability(w.MinProbability.Value)));
        else
        {
            var sb = new StringBuilder(f.T("risk.watchlist.head", ("population", population), ("next", w.NextYear), ("count", w.Units.Count),
                ("filter", filter + (w.MinProbability is { } min ? f.T("risk.watchlist.filter.min", ("min", ThaiFormatter.Probability(min))) : "")),
                ("scored", w.Scored), ("year", w.Year)));
            int rank = 0;
            foreach (var e in w.Units.Take(MaxLines))
            {
                rank++;
                var values = new (string, object?)[] { ("rank", rank), ("unit", e.Unit.NameTh), ("probability", ThaiFormatter.Probability(e.Probability)), ("level", f.Level(e.Level)) };
                sb.Append('\n').Append(LeadReason(e) is { } lead
                    ? f.T("risk.watchlist.line", [.. values, ("reason", f.RiskReason(lead))])
                    : f.T("risk.watchlist.line.plain", values));
            }
            text = sb.ToString();
        }
        return text + "\n" + RiskNote(w.Model!);
    }

    /// <summary>
    /// The one reason a list line has room for: the strongest one about the unit's own results and answers; context (how
    /// many rounds it answered, its type or ministry) only when nothing else pushed the estimate up.
    /// </summary>
    internal static RiskReason? LeadReason(UnitRiskEstimate e) => e.Reasons.FirstOrDefault(r => r.Kind is not ("rounds" or "group")) ?? e.Reasons.FirstOrDefault();

    internal static string RiskPopulation(ThaiFormatter f, string? population) => population is null ? f.T("risk.population.all") : f.Population(population);

    internal static string RiskFilter(ThaiFormatter f, RiskWatchlist w)
    {
        var groups = new[] { w.Filter.Ministry, w.Filter.Region }.OfType<string>().ToList();
        return groups.Count == 0 ? "" : f.T("risk.watchlist.filter.group", ("group", string.Join(" ", groups)));
    }

    /// <summary>Says the number is a model estimate, quotes the card's forward-test precision@k, and flags synthetic data.</summary>
    internal static string RiskNoteOf(ThaiFormatter f, RiskModelInfo m)
    {
        var note = f.T("risk.note", ("test", m.TestTransition.Replace("->", "→", StringComparison.Ordinal)), ("p10", ThaiFormatter.Probability(m.PrecisionAt10)),
            ("p20", ThaiFormatter.Probability(m.PrecisionAt20)), ("base", ThaiFormatter.Probability(m.BaseRate)));
        return m.Synthetic ? note + "\n" + f.SyntheticLine : note;
    }

    private string RiskNote(RiskModelInfo m) => RiskNoteOf(f, m);

    /// <summary>Report text lifted from a table keeps its tab ("รวม\t45"); a chat line wants one space.</summary>
    private static string Tidy(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Short(string text, int max = 70) => text.Length <= max ? text : text[..max].TrimEnd() + "…";
}
