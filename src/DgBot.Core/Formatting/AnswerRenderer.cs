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
        GroupSummary g => Summary(g),
        UnitVersusGroup v => Versus(v),
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
        var sb = new StringBuilder(f.T("gaps.head", ("unit", g.Unit!.NameTh), ("year", g.Year), ("key", f.Key(GapsKey(g)))));
        foreach (var s in g.SubIndicators.Where(s => s.NextLevel is not null).Take(3))
        {
            sb.Append('\n').Append(f.T("gaps.sub", ("key", f.Key(ScoreKey.SubIndicator(s.Code))), ("level", f.Level(s.Level)), ("score", ThaiFormatter.Score(s.Score)),
                ("needed", s.PointsNeeded), ("next", f.Level(s.NextLevel!.Value))));
            foreach (var i in s.Items.Where(i => s.Plan.Contains(i.Item)).DefaultIfEmpty().Where(i => i is not null).Take(3))
                sb.Append('\n').Append(f.T("gaps.item", ("item", i!.Item), ("text", Short(i.TextTh)), ("gain", i.Gain)));
        }
        return sb.ToString();
    }

    /// <summary>What a gaps answer covers: the one sub-indicator or pillar asked about, else the whole unit.</summary>
    private static ScoreKey GapsKey(UnitGaps g) =>
        g.SubIndicators is [var only] ? ScoreKey.SubIndicator(only.Code) : g.Pillars is [var pillar] ? ScoreKey.Pillar(pillar.Pillar) : ScoreKey.Overall;

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
        var sb = new StringBuilder(f.T("compare.head", ("units", string.Join(", ", c.Units.Select(u => u.Unit.NameTh))), ("frame", f.Frame(c.Key, c.Year))));
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
        var who = f.Who(d.Population, d.Filter);
        var total = d.Groups.Sum(g => g.Respondents);
        if (d.GroupBy is null)
        {
            var sb = new StringBuilder(f.T("distribution.head", ("who", who), ("frame", f.Frame(d.Key, d.Year)), ("n", total)));
            if (d.Groups.FirstOrDefault() is { } g)
            {
                foreach (var l in g.Levels) sb.Append('\n').Append(f.T("distribution.line", ("level", f.Level(l.Level)), ("count", l.Count), ("share", ThaiFormatter.Percent(l.Share))));
                sb.Append('\n').Append(f.T("distribution.atleast3", ("count", g.AtLeastLevel3), ("share", ThaiFormatter.Percent(g.ShareAtLeastLevel3))));
            }
            return sb.ToString();
        }
        // Every group gets a line with all five levels, largest first, until the answer would be too long for a phone; the
        // rest are named, never dropped in silence.
        var grouped = new StringBuilder(f.T("distribution.head.grouped", ("who", who), ("by", f.T("group_by." + d.GroupBy)), ("frame", f.Frame(d.Key, d.Year)),
            ("n", total), ("groups", d.Groups.Count)));
        var ordered = d.Groups.OrderByDescending(g => g.Respondents).ThenBy(g => g.Group is null).ThenBy(g => g.Group, StringComparer.Ordinal).ToList();
        foreach (var g in ordered.Take(MaxLines))
            grouped.Append('\n').Append(f.T("distribution.group", ("group", f.GroupName(d.GroupBy, g.Group)), ("n", g.Respondents),
                ("levels", string.Join(" · ", g.Levels.Select(l => f.T("distribution.group.level", ("level", l.Level), ("count", l.Count)))))));
        AppendMoreGroups(grouped, ordered.Skip(MaxLines).Select(g => f.GroupName(d.GroupBy, g.Group)).ToList());
        return grouped.ToString();
    }

    private void AppendMoreGroups(StringBuilder sb, IReadOnlyList<string> rest)
    {
        if (rest.Count > 0) sb.Append('\n').Append(f.T("groups.more", ("n", rest.Count), ("names", string.Join(", ", rest))));
    }

    private string List(UnitList l)
    {
        if (Issue(l.Issue, null, l.Year) is { } miss) return miss;
        if (l.Issue == QueryIssue.UnknownLevel) return f.T("help");
        var frame = f.Frame(l.Key, l.Year);
        var sb = new StringBuilder(l.Order is { } order
            ? f.T("top.head." + order, ("who", f.Who(l.Population, l.Filter)), ("n", l.Units.Count), ("frame", frame), ("ranked", l.Ranked))
            : f.T("list.head", ("who", f.Who(l.Population, l.Filter, l.Levels)), ("frame", frame), ("total", l.Total)));
        if (l.Units.Count == 0)
        {
            sb.Append('\n').Append(Nearest(l) is { } nearest ? f.T("list.empty.nearest", ("nearest", nearest)) : f.T("list.empty.none", ("who", f.Who(l.Population, l.Filter))));
            return sb.ToString();
        }
        foreach (var u in l.Units.Take(MaxLines))
            sb.Append('\n').Append(u.Score is { } score
                ? f.T("list.line", ("rank", u.Rank), ("unit", u.Unit.NameTh), ("level", f.Level(u.Level)), ("score", ThaiFormatter.Score(score)))
                : f.T("list.line.no_score", ("rank", u.Rank), ("unit", u.Unit.NameTh), ("level", f.Level(u.Level))));
        if (l.Units.Count > MaxLines) sb.Append('\n').Append(f.T("list.more", ("n", l.Units.Count - MaxLines)));
        if (l.TiedAtCut > 0) sb.Append('\n').Append(f.T("top.tied", ("rank", l.Units[^1].Rank), ("n", l.TiedAtCut)));
        // A list by level numbers its units by their rank among all the units the filters allow, which is not 1, 2, 3...
        if (l.Order is null && l.Levels.Count < 5)
            sb.Append('\n').Append(f.T("list.rank_note", ("key", f.Key(l.Key)), ("who", f.Who(l.Population, l.Filter)), ("ranked", l.Ranked)));
        if (l.Units.Any(u => u.Score is null)) sb.Append('\n').Append(f.T("access.scores_hidden"));
        return sb.ToString();
    }

    /// <summary>For an empty list by level: the levels nearest to those asked that do have units, with how many.</summary>
    private string? Nearest(UnitList l)
    {
        if (l.CountsByLevel.Count != 5 || l.Levels.Count == 0) return null;
        var distance = Enumerable.Range(1, 5).Where(level => l.CountsByLevel[level - 1] > 0)
            .Select(level => (level, d: l.Levels.Min(asked => Math.Abs(asked - level)))).ToList();
        if (distance.Count == 0) return null;
        var best = distance.Min(x => x.d);
        return string.Join(", ", distance.Where(x => x.d == best).Select(x => f.T("list.empty.nearest.one", ("level", x.level), ("count", l.CountsByLevel[x.level - 1]))));
    }

    private string Summary(GroupSummary g)
    {
        if (Issue(g.Issue, null, g.Year) is { } miss) return miss;
        if (g.Issue == QueryIssue.TooNarrow) return f.T("access.too_narrow");
        if (g.Issue != QueryIssue.None || g.Overall is null) return f.T("help");
        var count = g.Statistic == "count";
        // A count names its levels with the units ("หน่วยงานระดับกรมที่อยู่ระดับ 4"); a score statistic is over every unit of the group.
        var who = count ? f.Who(g.Population, g.Filter, g.Levels) : f.Who(g.Population, g.Filter);
        var levels = f.LevelsPhrase(g.Levels) ?? "";
        var statistic = f.T("summary.statistic." + g.Statistic);
        var frame = f.Frame(g.Key, g.Year);
        var all = g.Overall;
        string Head(string value) => count
            ? f.T("summary.head.count", ("who", who), ("frame", frame), ("value", value))
            : f.T("summary.head", ("statistic", statistic), ("who", who), ("frame", frame), ("value", value));
        if (all.Units == 0) return Head("0") + "\n" + f.T("summary.empty", ("who", f.Who(g.Population, g.Filter)));
        if (g.GroupBy is null)
        {
            var sb = new StringBuilder(Head(Value(g, all)));
            // Withheld for a caller who may see aggregates only: the group is too small, or would tell a few units by difference.
            if (all.Mean is null && !count) return sb.Append('\n').Append(f.T("access.group_withheld", ("n", all.Units), ("minimum", AccessLimits.MinimumGroup))).ToString();
            sb.Append('\n').Append(Detail(all));
            if (g.LevelsAsked && !count) sb.Append('\n').Append(f.T("summary.detail.levels", ("levels", levels.Trim()), ("count", all.AtLevels)));
            return sb.ToString();
        }
        var grouped = new StringBuilder(f.T(count ? "summary.head.count.grouped" : "summary.head.grouped", ("statistic", statistic), ("who", who),
            ("by", f.T("group_by." + g.GroupBy)), ("frame", frame), ("groups", g.Groups.Count), ("n", all.Units),
            ("order", f.T(g.Statistic == "min" ? "summary.order.asc" : "summary.order.desc"))));
        var rank = 0;
        foreach (var group in g.Groups.Take(MaxLines))
        {
            rank++;
            var name = f.GroupName(g.GroupBy, group.Group);
            grouped.Append('\n').Append(group.Mean is null
                ? f.T("summary.group.too_few", ("rank", rank), ("group", name), ("n", group.Units))
                : g.Statistic == "count"
                    ? f.T("summary.group.count", ("rank", rank), ("group", name), ("count", group.AtLevels), ("n", group.Units), ("mean", ThaiFormatter.Score(group.Mean.Value)))
                    : f.T("summary.group.score", ("rank", rank), ("group", name), ("value", Stat(g.Statistic, group)), ("n", group.Units)));
        }
        AppendMoreGroups(grouped, g.Groups.Skip(MaxLines).Select(x => f.GroupName(g.GroupBy, x.Group)).ToList());
        return grouped.ToString();
    }

    private string Value(GroupSummary g, GroupStats s) => g.Statistic == "count"
        ? f.T("summary.value.count", ("count", s.AtLevels), ("n", s.Units))
        : f.T("summary.value.score", ("value", Stat(g.Statistic, s)), ("n", s.Units));

    private static string Stat(string statistic, GroupStats s) => (statistic switch
    {
        "median" => s.Median,
        "min" => s.Min,
        "max" => s.Max,
        _ => s.Mean,
    }) is { } v ? ThaiFormatter.Score(v) : "-";

    private string Detail(GroupStats s)
    {
        string S(double? v) => v is { } x ? ThaiFormatter.Score(x) : "-";
        return s.Min is null && s.Mean is not null
            ? f.T("summary.detail.hidden", ("mean", S(s.Mean)), ("median", S(s.Median)))
            : f.T("summary.detail", ("mean", S(s.Mean)), ("median", S(s.Median)), ("min", S(s.Min)), ("max", S(s.Max)));
    }

    private string Versus(UnitVersusGroup v)
    {
        if (Issue(v.Issue, v.Unit, v.Year) is { } miss) return miss;
        var group = VersusGroup(v);
        if (v.Issue == QueryIssue.ScopeNotApplicable) return f.T("versus.not_applicable", ("unit", v.Unit?.NameTh ?? ""));
        if (v.Issue == QueryIssue.TooFewUnits) return f.T("versus.too_few", ("group", group), ("size", v.Size), ("minimum", AccessLimits.MinimumGroup));
        if (v.Issue != QueryIssue.None || v.Lines.Count == 0) return f.T("help");
        var sb = new StringBuilder(f.T("versus.head", ("unit", v.Unit!.NameTh), ("group", group), ("frame", f.Frame(v.Lines[0].Key, v.Year)), ("size", v.Size)));
        foreach (var line in v.Lines)
        {
            var diff = line.Difference switch
            {
                null => "-",
                > 0 and var d => f.T("versus.above", ("diff", ThaiFormatter.Score(d))),
                < 0 and var d => f.T("versus.below", ("diff", ThaiFormatter.Score(-d))),
                _ => f.T("versus.equal"),
            };
            sb.Append('\n').Append(f.T("versus.line", ("key", f.Key(line.Key)), ("score", ThaiFormatter.Score(line.Score)), ("level", f.Level(line.Level)),
                ("mean", line.GroupMean is { } m ? ThaiFormatter.Score(m) : "-"), ("median", line.GroupMedian is { } md ? ThaiFormatter.Score(md) : "-"),
                ("diff", diff), ("rank", line.Rank), ("size", v.Size)));
        }
        return sb.ToString();
    }

    /// <summary>"หน่วยงานในกระทรวงมหาดไทย", "จังหวัดในภาคเหนือ", "รัฐวิสาหกิจด้วยกัน", "หน่วยงานระดับกรมทั้งหมด".</summary>
    internal string VersusGroup(UnitVersusGroup v) => v.Scope switch
    {
        RankScope.All => f.T("versus.group.all", ("population", f.Population(v.Unit?.Kind ?? "department"))),
        RankScope.Region => f.T("versus.group.region", ("group", v.Group ?? "")),
        RankScope.Type => f.T("versus.group.type", ("group", v.Group ?? "")),
        RankScope.Mission => f.T("versus.group.mission", ("group", f.GroupName("mission", v.Group))),
        _ => f.T("versus.group.named", ("group", v.Group ?? "")),
    };

    private string Movers(Movers m)
    {
        if (Issue(m.Issue, null, m.ToYear) is { } miss) return miss;
        var sb = new StringBuilder(f.T("movers.head", ("who", f.Who(m.Population, m.Filter)), ("direction", f.T("movers." + m.Direction)), ("key", f.Key(m.Key)),
            ("from", m.FromYear), ("to", m.ToYear), ("n", m.Units.Count), ("compared", m.Compared)));
        foreach (var u in m.Units.Take(MaxLines))
            sb.Append('\n').Append(f.T("movers.line", ("unit", u.Unit.NameTh), ("from", u.FromLevel), ("to", u.ToLevel),
                ("change", (u.Change >= 0 ? "+" : "") + ThaiFormatter.Score(u.Change))));
        if (m.Units.Count > MaxLines) sb.Append('\n').Append(f.T("list.more", ("n", m.Units.Count - MaxLines)));
        return sb.ToString();
    }

    private string Item(ItemStatistic s)
    {
        if (s.Issue == QueryIssue.TooFewUnits) return f.T("access.too_few_units", ("n", s.Answered), ("minimum", AccessLimits.MinimumGroup));
        if (s.Issue == QueryIssue.TooNarrow) return f.T("access.too_narrow");
        if (s.Issue != QueryIssue.None) return f.T("help");
        var sb = new StringBuilder(f.T("item.head", ("item", s.Item), ("text", Short(s.TextTh ?? "")), ("who", f.Who(s.Population, s.Filter)), ("year", s.Year),
            ("answered", s.Answered), ("respondents", s.Respondents)));
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
