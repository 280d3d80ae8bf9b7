using System.Text.Json.Serialization;
using DgBot.Core.Queries;
using DgBot.Core.Risk;

namespace DgBot.Core.Formatting;

/// <summary>
/// A channel-neutral structured answer: channels render it richer than text (an Adaptive Card in Teams, a Flex bubble in LINE,
/// HTML on the web page). Every string is already Thai and every number comes from the query record, like the text answer.
/// </summary>
public sealed record RichAnswer(
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("subtitle")] string? Subtitle,
    [property: JsonPropertyName("headline")] string? Headline,
    [property: JsonPropertyName("facts")] IReadOnlyList<RichFact> Facts,
    [property: JsonPropertyName("table")] RichTable? Table,
    [property: JsonPropertyName("chart")] ChartSpec? Chart,
    [property: JsonPropertyName("note")] string? Note);

public sealed record RichFact(
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("value")] string Value,
    [property: JsonPropertyName("level")] int? Level = null);

public sealed record RichTable(
    [property: JsonPropertyName("columns")] IReadOnlyList<string> Columns,
    [property: JsonPropertyName("rows")] IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>
/// What a chart shows, as the query that produces it: kind "distribution" (units per level), "profile" (a unit's pillar
/// scores against its peers' median) or "trend" (scores over every round). The chart endpoint re-runs the query, so a chart
/// URL carries no numbers of its own.
/// </summary>
public sealed record ChartSpec(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("function")] string Function,
    [property: JsonPropertyName("arguments")] IReadOnlyDictionary<string, string> Arguments);

/// <summary>Builds the <see cref="RichAnswer"/> for a query record, with the same wording as <see cref="AnswerRenderer"/>.</summary>
public sealed class RichAnswerBuilder(ThaiFormatter f)
{
    private const int MaxRows = 15;

    public RichAnswer? Build(object? record) => record switch
    {
        UnitProfile { Issue: QueryIssue.None } p => Profile(p),
        UnitRank { Issue: QueryIssue.None } r => Rank(r),
        UnitGaps { Issue: QueryIssue.None } g => Gaps(g),
        UnitTrend { Issue: QueryIssue.None } t => Trend(t),
        UnitComparison c => Compare(c),
        LevelDistribution { Issue: QueryIssue.None } d => Distribution(d),
        UnitList { Issue: QueryIssue.None } l => List(l),
        GroupSummary { Issue: QueryIssue.None, Overall.Units: > 0 } g => Summary(g),
        UnitVersusGroup { Issue: QueryIssue.None, Lines.Count: > 0 } v => Versus(v),
        Movers { Issue: QueryIssue.None } m => Movers(m),
        ItemStatistic { Issue: QueryIssue.None } s => Item(s),
        UnitRisk { Status: RiskStatus.Ok } r => Risk(r),
        RiskWatchlist { Status: RiskStatus.Ok, Units.Count: > 0 } w => Watchlist(w),
        _ => null,
    };

    private static string S(double score) => ThaiFormatter.Score(score);
    private static string Y(int year) => year.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static Dictionary<string, string> KeyArgs(ScoreKey key)
    {
        var args = new Dictionary<string, string>();
        if (key.Scope == ScoreScope.Pillar) args["pillar"] = key.Key;
        if (key.Scope == ScoreScope.SubIndicator) args["sub_indicator"] = key.Key;
        return args;
    }

    private RichAnswer Profile(UnitProfile p)
    {
        var o = p.Overall!;
        var change = o.Change is { } ch && p.PreviousYear is { } prev ? $" ({(ch >= 0 ? "+" : "")}{S(ch)} จากปี {prev})" : "";
        var lines = p.SubIndicators.Count <= 4 && p.Pillars.Count <= 1 ? p.Pillars.Concat(p.SubIndicators) : p.Pillars;
        var facts = lines.Select(l => new RichFact(f.Key(l.Key), $"{f.Level(l.Level)} · {S(l.Score)}", l.Level)).ToList();
        var chart = p.Pillars.Count > 1
            ? new ChartSpec("profile", "unit_profile", new Dictionary<string, string> { ["unit"] = p.Unit!.Id, ["year"] = Y(p.Year) })
            : null;
        return new RichAnswer(p.Unit!.NameTh, $"ปี {p.Year}", $"{f.Key(ScoreKey.Overall)} {f.Level(o.Level)} · คะแนน {S(o.Score)}{change}", facts, null, chart, null);
    }

    private RichAnswer Rank(UnitRank r)
    {
        var scope = r.Group is null ? f.T("scope.all") : f.T("scope.group", ("group", r.Group));
        var facts = new List<RichFact>
        {
            new("อันดับ", f.Rank(r.Rank!.Value, r.OutOf) + (r.TiedWith > 0 ? f.T("tied", ("n", r.TiedWith)) : "")),
            new("กลุ่ม", scope),
            r.Score is { } score ? new("คะแนน", $"{S(score)} ({f.Level(r.Level!.Value)})", r.Level) : new("ระดับ", f.Level(r.Level!.Value), r.Level),
            new("สูงกว่า", $"{ThaiFormatter.Percent(r.Percentile!.Value)}% ของหน่วยงานอื่นในกลุ่ม"),
        };
        // Neighbours whose scores the caller may not see are shown by level instead, so no column is half empty.
        var scores = r.Neighbours.All(n => n.Score is not null);
        var table = new RichTable(["อันดับ", "หน่วยงาน", scores ? "คะแนน" : "ระดับ"],
            r.Neighbours.Select(n => (IReadOnlyList<string>)[n.Rank.ToString(System.Globalization.CultureInfo.InvariantCulture), n.Unit.NameTh,
                scores ? S(n.Score!.Value) : n.Score is { } own ? $"{f.Level(n.Level)} · {S(own)}" : f.Level(n.Level)]).ToList());
        return new RichAnswer(r.Unit!.NameTh, $"{f.Key(r.Key)} ปี {r.Year}", f.Rank(r.Rank.Value, r.OutOf), facts, table.Rows.Count > 0 ? table : null, null, null);
    }

    private RichAnswer Gaps(UnitGaps g)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var s in g.SubIndicators.Where(s => s.NextLevel is not null).Take(3))
            foreach (var i in s.Items.Where(i => s.Plan.Contains(i.Item)).Take(3))
                rows.Add([s.Code, $"ข้อ {i.Item} {Short(i.TextTh)}", $"+{i.Gain}"]);
        var facts = g.SubIndicators.Where(s => s.NextLevel is not null).Take(3)
            .Select(s => new RichFact(f.Key(ScoreKey.SubIndicator(s.Code)), $"{f.Level(s.Level)} · {S(s.Score)} → {f.Level(s.NextLevel!.Value)}", s.Level)).ToList();
        return new RichAnswer(g.Unit!.NameTh, $"ปี {g.Year}", "จุดที่ควรปรับก่อน", facts, rows.Count > 0 ? new RichTable(["ตัวชี้วัด", "ข้อที่ควรทำ", "คะแนนดิบ"], rows) : null, null, null);
    }

    private RichAnswer Trend(UnitTrend t)
    {
        var rows = t.Rounds.Select(r => (IReadOnlyList<string>)(r.Responded
            ? [Y(r.Year), f.Level(r.Level!.Value), S(r.Score!.Value)]
            : [Y(r.Year), "ไม่ได้ตอบแบบสำรวจ", "-"])).ToList();
        var args = KeyArgs(t.Key);
        args["unit"] = t.Unit!.Id;
        return new RichAnswer(t.Unit.NameTh, f.Key(t.Key), null, [], new RichTable(["ปี", "ระดับ", "คะแนน"], rows), new ChartSpec("trend", "unit_trend", args), null);
    }

    private RichAnswer Compare(UnitComparison c)
    {
        var rows = c.Units.OrderByDescending(u => u.Score ?? -1).Select(u => (IReadOnlyList<string>)(u.Responded
            ? [u.Unit.NameTh, f.Level(u.Level!.Value), S(u.Score!.Value)]
            : [u.Unit.NameTh, "ไม่ได้ตอบแบบสำรวจ", "-"])).ToList();
        return new RichAnswer("เปรียบเทียบ", $"{f.Key(c.Key)} ปี {c.Year}", null, [], new RichTable(["หน่วยงาน", "ระดับ", "คะแนน"], rows), null,
            c.UnknownUnits.Count > 0 ? string.Join(", ", c.UnknownUnits.Select(u => f.T("unknown_unit", ("unit", u)))) : null);
    }

    private RichAnswer Distribution(LevelDistribution d)
    {
        var args = KeyArgs(d.Key);
        args["population"] = d.Population;
        args["year"] = Y(d.Year);
        foreach (var (name, value) in new[] { ("ministry", d.Filter.Ministry), ("agency_type", d.Filter.AgencyType), ("region", d.Filter.Region) })
            if (value is not null) args[name] = value;
        if (d.GroupBy is null)
        {
            var g = d.Groups[0];
            var rows = g.Levels.Select(l => (IReadOnlyList<string>)[f.Level(l.Level), l.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), ThaiFormatter.Percent(l.Share) + "%"]).ToList();
            return new RichAnswer(f.Population(d.Population), $"{f.Key(d.Key)} ปี {d.Year}",
                f.T("distribution.atleast3", ("count", g.AtLeastLevel3), ("share", ThaiFormatter.Percent(g.ShareAtLeastLevel3))),
                [new RichFact("ตอบแบบสำรวจ", $"{g.Respondents} แห่ง")], new RichTable(["ระดับ", "จำนวน", "สัดส่วน"], rows),
                new ChartSpec("distribution", "level_distribution", args), null);
        }
        args["group_by"] = d.GroupBy;
        var grouped = d.Groups.Take(MaxRows).Select(g => (IReadOnlyList<string>)[g.Group ?? "-", g.Respondents.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"{g.AtLeastLevel3} ({ThaiFormatter.Percent(g.ShareAtLeastLevel3)}%)"]).ToList();
        return new RichAnswer(f.Population(d.Population), $"{f.Key(d.Key)} ปี {d.Year}", null, [], new RichTable(["กลุ่ม", "ตอบ", "ระดับ 3 ขึ้นไป"], grouped),
            new ChartSpec("distribution", "level_distribution", args), null);
    }

    private RichAnswer List(UnitList l)
    {
        var shown = l.Units.Take(MaxRows).ToList();
        string Rank(ListedUnit u) => u.Rank.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var more = l.Units.Count > MaxRows ? $"และอีก {l.Units.Count - MaxRows} แห่ง" : null;
        if (l.Units.Any(u => u.Score is null))
        {
            // A caller who may see ranks and levels only gets no score column; their own unit's score, if listed, joins its level.
            var levels = shown.Select(u => (IReadOnlyList<string>)[Rank(u), u.Unit.NameTh, u.Score is { } own ? $"{f.Level(u.Level)} · {S(own)}" : f.Level(u.Level)]).ToList();
            return new RichAnswer(f.Population(l.Population), $"{f.Key(l.Key)} ปี {l.Year}", $"{l.Total} แห่ง", [], new RichTable(["#", "หน่วยงาน", "ระดับ"], levels), null,
                (more is null ? "" : more + " · ") + f.T("access.scores_hidden"));
        }
        var rows = shown.Select(u => (IReadOnlyList<string>)[Rank(u), u.Unit.NameTh, f.Level(u.Level), S(u.Score!.Value)]).ToList();
        return new RichAnswer(f.Population(l.Population), $"{f.Key(l.Key)} ปี {l.Year}", $"{l.Total} แห่ง", [], new RichTable(["#", "หน่วยงาน", "ระดับ", "คะแนน"], rows), null, more);
    }

    private static string N(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string S(double? score) => score is { } v ? S(v) : "-";

    private RichAnswer Summary(GroupSummary g)
    {
        var all = g.Overall!;
        var levels = f.LevelsPhrase(g.Levels)?.Replace("ที่อยู่", "", StringComparison.Ordinal);
        if (g.GroupBy is null)
        {
            var facts = new List<RichFact> { new("จำนวน", $"{N(all.Units)} แห่ง"), new("เฉลี่ย", S(all.Mean)), new("มัธยฐาน", S(all.Median)) };
            // Withheld for a caller who may not see single units' scores: no empty facts.
            if (all.Min is not null) facts.Add(new("ต่ำสุด", S(all.Min)));
            if (all.Max is not null) facts.Add(new("สูงสุด", S(all.Max)));
            if (g.LevelsAsked) facts.Add(new(levels!, $"{N(all.AtLevels)} แห่ง"));
            return new RichAnswer(f.Who(g.Population, g.Filter), $"{f.Key(g.Key)} ปี {g.Year}", null, facts, null, null, null);
        }
        var rows = g.Groups.Take(MaxRows).Select((x, i) => (IReadOnlyList<string>)(g.LevelsAsked
            ? [N(i + 1), f.GroupName(g.GroupBy, x.Group), N(x.AtLevels), N(x.Units), S(x.Mean)]
            : [N(i + 1), f.GroupName(g.GroupBy, x.Group), N(x.Units), S(x.Mean), S(x.Median)])).ToList();
        IReadOnlyList<string> columns = g.LevelsAsked ? ["#", "กลุ่ม", levels!, "ทั้งหมด", "เฉลี่ย"] : ["#", "กลุ่ม", "จำนวน", "เฉลี่ย", "มัธยฐาน"];
        return new RichAnswer(f.Who(g.Population, g.Filter), $"{f.Key(g.Key)} ปี {g.Year}", null, [], new RichTable(columns, rows), null,
            g.Groups.Count > MaxRows ? $"และอีก {g.Groups.Count - MaxRows} กลุ่ม" : null);
    }

    private RichAnswer Versus(UnitVersusGroup v)
    {
        var rows = v.Lines.Select(l => (IReadOnlyList<string>)[f.Key(l.Key), $"{S(l.Score)} ({f.Level(l.Level)})", S(l.GroupMean),
            l.Difference is { } d ? (d > 0 ? "+" : "") + S(d) : "-"]).ToList();
        return new RichAnswer(v.Unit!.NameTh, $"ปี {v.Year}", null, [new RichFact("กลุ่มที่เทียบ", $"{N(v.Size)} แห่ง")],
            new RichTable(["ด้าน", "คะแนน", "เฉลี่ยกลุ่ม", "ต่างจากเฉลี่ย"], rows), null, null);
    }

    private RichAnswer Movers(Movers m)
    {
        var rows = m.Units.Take(MaxRows).Select(u => (IReadOnlyList<string>)[u.Unit.NameTh, $"{u.FromLevel}→{u.ToLevel}", (u.Change >= 0 ? "+" : "") + S(u.Change)]).ToList();
        var word = m.Direction == "improved" ? "ระดับสูงขึ้น" : "ระดับลดลง";
        return new RichAnswer($"{f.Population(m.Population)}ที่{word}", $"{f.Key(m.Key)} ปี {m.FromYear}→{m.ToYear}", $"{m.Units.Count} จาก {m.Compared} แห่ง", [],
            new RichTable(["หน่วยงาน", "ระดับ", "คะแนน"], rows), null, m.Units.Count > MaxRows ? $"และอีก {m.Units.Count - MaxRows} แห่ง" : null);
    }

    private RichAnswer Item(ItemStatistic s)
    {
        var rows = s.Answers.Select(a => (IReadOnlyList<string>)[a.LabelTh, a.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), ThaiFormatter.Percent(a.Share) + "%"]).ToList();
        return new RichAnswer($"ข้อ {s.Item}", $"ปี {s.Year}", Short(s.TextTh ?? "", 90), [new RichFact("ตอบข้อนี้", $"{s.Answered} จาก {s.Respondents} แห่ง")],
            new RichTable(["คำตอบ", "จำนวน", "สัดส่วน"], rows), null, null);
    }

    private RichAnswer Risk(UnitRisk r)
    {
        var e = r.Estimate!;
        var facts = new List<RichFact> { new($"ปี {Y(e.Year)}", $"{f.Level(e.Level)} · {S(e.Score)}", e.Level) };
        facts.AddRange(e.Reasons.Select(reason => new RichFact(f.T("risk.reasons.label"), f.RiskReason(reason))));
        return new RichAnswer(e.Unit.NameTh, f.T("risk.unit.title", ("next", e.NextYear)), ThaiFormatter.Probability(e.Probability) + "%", facts, null, null,
            AnswerRenderer.RiskNoteOf(f, r.Model!));
    }

    private RichAnswer Watchlist(RiskWatchlist w)
    {
        var rows = w.Units.Take(MaxRows).Select((e, i) => (IReadOnlyList<string>)[(i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), e.Unit.NameTh,
            ThaiFormatter.Probability(e.Probability) + "%", AnswerRenderer.LeadReason(e) is { } lead ? f.RiskReason(lead) : "-"]).ToList();
        return new RichAnswer(f.T("risk.watchlist.title", ("population", AnswerRenderer.RiskPopulation(f, w.Population)), ("next", w.NextYear)),
            $"ปี {Y(w.Year)}{AnswerRenderer.RiskFilter(f, w)}", $"{w.Units.Count} จาก {w.Scored} แห่ง", [],
            new RichTable(f.T("risk.watchlist.columns").Split('|'), rows), null, AnswerRenderer.RiskNoteOf(f, w.Model!));
    }

    private static string Short(string text, int max = 60) => text.Length <= max ? text : text[..max].TrimEnd() + "…";
}
