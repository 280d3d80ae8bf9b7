namespace DgBot.Core.Queries;

/// <summary>A figure as the report prints it, with its source line and, where the report is inconsistent, what is wrong with it.</summary>
public sealed record FigureHit(string Id, string Population, int Year, string Metric, double Value, string Unit, int SourceLine,
    string ThaiText, int? Pillar, string? SubIndicator, string? CaveatTh);

public sealed record PublishedFigures(string Topic, string? Population, string? MatchedTopic, int Total, IReadOnlyList<FigureHit> Figures);

public sealed record Recommendation(string Code, string Area, string AreaTh, string TitleTh, string BodyTh, int SourceLine);

public sealed record Recommendations(string? Area, IReadOnlyList<Recommendation> Items);

/// <summary>A maturity level; <see cref="Below"/> is the next level's lowest score (none for the top level).</summary>
public sealed record LevelDescription(int Level, string NameTh, string NameEn, string StageEn, double MinScore, string? PillarLabelEn, double? Below = null);

/// <summary>What the report's framework table calls one level in one pillar (e.g. pillar 1 at level 3: Constituent Value).</summary>
public sealed record PillarLevelLabel(int Pillar, string PillarNameTh, string LabelEn);

public sealed record FrameworkDescription(int? Pillar, string? SubIndicator, int? Level, QueryIssue Issue, string? NameTh, string? NameEn,
    string? DescriptionTh, int? SourceLine, IReadOnlyList<(string Code, string NameTh, string NameEn)> Children, IReadOnlyList<LevelDescription> Levels,
    IReadOnlyList<PillarLevelLabel>? PillarLabels = null);

public sealed partial class SurveyQueries
{
    public const int MaxFigures = 20;

    /// <summary>
    /// The report's own figures for a topic: first by the Thai topic words of figure_topic (อัตราการตอบกลับ, บุคลากรไอที,
    /// อุปสรรค, คลาวด์, DCIO ...), then by words in the figure's description or Thai text.
    /// </summary>
    public PublishedFigures PublishedFigure(string topic, string? population = null) =>
        Cached(nameof(PublishedFigure), s => PublishedFigureUncached(s, topic, population), topic, population);

    private static PublishedFigures PublishedFigureUncached(SurveySnapshot s, string topic, string? population)
    {
        var text = (topic ?? "").Trim();
        var pop = population switch { "department" => "dept_%", "province" => "prov_%", _ => "%" };
        var match = s.FigureTopics
            .Select((t, i) => (t, i, term: t.Terms.Split('|').Where(term => text.Contains(term, StringComparison.OrdinalIgnoreCase)).MaxBy(term => term.Length)))
            .Where(x => x.term is not null).OrderByDescending(x => x.term!.Length).Select(x => (x.t.Topic, Index: x.i)).FirstOrDefault();
        // The figures are in (source_line, id) order already; what follows is the WHERE clause the figures were once read with.
        bool OfPopulation(SurveySnapshot.Figure f) => SqliteLike.Matches(f.LikeId, pop) || pop == "%";
        List<FigureHit> hits;
        if (match.Topic is not null)
            hits = s.TopicFigures[match.Index].Where(OfPopulation).Select(ToHit).ToList();
        else
        {
            var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length >= 2).Take(5).ToList();
            if (words.Count == 0) return new PublishedFigures(text, population, null, 0, []);
            var patterns = words.Select(w => SqliteLike.Fold("%" + w + "%")).ToList();
            hits = s.Figures.Where(f => patterns.All(p => SqliteLike.Matches(f.LikeMetric, p) || SqliteLike.Matches(f.LikeThaiText, p) || SqliteLike.Matches(f.LikeSubIndicator, p))
                && OfPopulation(f)).Select(ToHit).ToList();
        }
        return new PublishedFigures(text, population, match.Topic, hits.Count, hits.Take(MaxFigures).ToList());
    }

    private static FigureHit ToHit(SurveySnapshot.Figure f) =>
        new(f.Id, f.Population, f.Year, f.Metric, f.Value, f.Unit, f.SourceLine, f.ThaiText, f.Pillar, f.SubIndicator, f.CaveatTh);

    public Recommendations Recommendations(string? area = null) =>
        Cached(nameof(Recommendations), s => RecommendationsUncached(s, area), area);

    private static Recommendations RecommendationsUncached(SurveySnapshot s, string? area)
    {
        var all = s.Recommendations;
        // An area named outright wins; then a recommendation whose title says it; then the area's everyday words.
        var wanted = all;
        if (!string.IsNullOrWhiteSpace(area))
        {
            var a = area.Trim();
            wanted = all.Where(r => r.Area.Equals(a, StringComparison.OrdinalIgnoreCase) || r.AreaTh.Contains(a) || a.Contains(r.AreaTh)).ToList();
            if (wanted.Count == 0) wanted = all.Where(r => r.Title.Contains(a, StringComparison.OrdinalIgnoreCase)).ToList();
            if (wanted.Count == 0) wanted = all.Where(r => r.Terms.Split('|').Any(t => a.Contains(t, StringComparison.OrdinalIgnoreCase))).ToList();
        }
        return new Recommendations(area, wanted.Select(r => new Recommendation(r.Code, r.Area, r.AreaTh, r.Title, r.Body, r.Line)).ToList());
    }

    public FrameworkDescription Describe(int? pillar = null, string? subIndicator = null, int? level = null) =>
        Cached(nameof(Describe), s => DescribeUncached(s, pillar, subIndicator, level), pillar, subIndicator, level);

    private static FrameworkDescription DescribeUncached(SurveySnapshot s, int? pillar, string? subIndicator, int? level)
    {
        var levels = s.Levels;
        if (level is { } l && levels.All(x => x.Level != l))
            return new FrameworkDescription(pillar, subIndicator, level, QueryIssue.UnknownLevel, null, null, null, null, [], []);
        IReadOnlyList<LevelDescription> Levels(int? forPillar)
        {
            var labels = forPillar is { } p ? s.PillarLevelLabels.GetValueOrDefault(p) ?? [] : [];
            return levels.Where(x => level is null || x.Level == level)
                .Select(x => new LevelDescription(x.Level, x.NameTh, x.NameEn, x.StageEn, x.Min, labels.GetValueOrDefault(x.Level),
                    levels.Where(n => n.Level > x.Level).Select(n => (double?)n.Min).Min())).ToList();
        }
        if (!string.IsNullOrEmpty(subIndicator))
        {
            if (!s.SubIndicators.TryGetValue(subIndicator, out var sub))
                return new FrameworkDescription(pillar, subIndicator, level, QueryIssue.UnknownSubIndicator, null, null, null, null, [], []);
            return new FrameworkDescription(sub.Pillar, subIndicator, level, QueryIssue.None, sub.NameTh, sub.NameEn, sub.Description, sub.Line, [], Levels(sub.Pillar));
        }
        if (pillar is { } pi)
        {
            if (!s.Pillars.TryGetValue(pi, out var p))
                return new FrameworkDescription(pillar, null, level, QueryIssue.UnknownPillar, null, null, null, null, [], []);
            var children = s.SubIndicatorList.Where(x => x.Pillar == pi).Select(x => (x.Code, x.NameTh, x.NameEn)).ToList();
            return new FrameworkDescription(pillar, null, level, QueryIssue.None, p.NameTh, p.NameEn, p.Description, p.Line, children, Levels(pi));
        }
        // A level on its own ("ระดับ 3 หมายถึงอะไร"): what the report's table calls it in each pillar.
        var pillarLabels = level is { } only
            ? s.Pillars.OrderBy(p => p.Key)
                .Select(p => s.PillarLevelLabels.GetValueOrDefault(p.Key)?.GetValueOrDefault(only) is { } label ? new PillarLevelLabel(p.Key, p.Value.NameTh, label) : null)
                .OfType<PillarLevelLabel>().ToList()
            : null;
        return new FrameworkDescription(null, null, level, QueryIssue.None, "การสำรวจระดับความพร้อมรัฐบาลดิจิทัลของหน่วยงานภาครัฐ",
            "Digital Government Readiness Survey", null, null, s.PillarList.ToList(), Levels(null), pillarLabels);
    }
}
