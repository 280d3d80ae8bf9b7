using Dapper;

namespace DgBot.Core.Queries;

/// <summary>A figure as the report prints it, with its source line and, where the report is inconsistent, what is wrong with it.</summary>
public sealed record FigureHit(string Id, string Population, int Year, string Metric, double Value, string Unit, int SourceLine,
    string ThaiText, int? Pillar, string? SubIndicator, string? CaveatTh);

public sealed record PublishedFigures(string Topic, string? Population, string? MatchedTopic, int Total, IReadOnlyList<FigureHit> Figures);

public sealed record Recommendation(string Code, string Area, string AreaTh, string TitleTh, string BodyTh, int SourceLine);

public sealed record Recommendations(string? Area, IReadOnlyList<Recommendation> Items);

public sealed record LevelDescription(int Level, string NameTh, string NameEn, string StageEn, double MinScore, string? PillarLabelEn);

public sealed record FrameworkDescription(int? Pillar, string? SubIndicator, int? Level, QueryIssue Issue, string? NameTh, string? NameEn,
    string? DescriptionTh, int? SourceLine, IReadOnlyList<(string Code, string NameTh, string NameEn)> Children, IReadOnlyList<LevelDescription> Levels);

public sealed partial class SurveyQueries
{
    public const int MaxFigures = 20;

    /// <summary>
    /// The report's own figures for a topic: first by the Thai topic words of figure_topic (อัตราการตอบกลับ, บุคลากรไอที,
    /// อุปสรรค, คลาวด์, DCIO ...), then by words in the figure's description or Thai text.
    /// </summary>
    public PublishedFigures PublishedFigure(string topic, string? population = null) =>
        Cached(nameof(PublishedFigure), () => PublishedFigureUncached(topic, population), topic, population);

    private PublishedFigures PublishedFigureUncached(string topic, string? population = null)
    {
        using var c = connect();
        var text = (topic ?? "").Trim();
        var pop = population switch { "department" => "dept_%", "province" => "prov_%", _ => "%" };
        var topics = c.Query<(string Topic, string Terms, string Patterns)>("SELECT topic_th, terms, figure_patterns FROM figure_topic").ToList();
        var match = topics
            .Select(t => (t, term: t.Terms.Split('|').Where(term => text.Contains(term, StringComparison.OrdinalIgnoreCase)).MaxBy(term => term.Length)))
            .Where(x => x.term is not null).OrderByDescending(x => x.term!.Length).Select(x => x.t).FirstOrDefault();
        List<FigureHit> hits;
        const string select = """
            SELECT f.id AS Id, f.population AS Population, f.year AS Year, f.topic AS Metric, f.value AS Value, f.unit AS Unit,
                   f.source_line AS SourceLine, f.thai_text AS ThaiText, f.pillar AS Pillar, f.sub_indicator AS SubIndicator, v.caveat_th AS CaveatTh
            FROM published_figure f LEFT JOIN figure_caveat v ON v.figure = f.id
            """;
        if (match.Topic is not null)
        {
            var patterns = match.Patterns.Split('|');
            var where = string.Join(" OR ", patterns.Select((_, i) => $"f.id LIKE @p{i}"));
            var args = new DynamicParameters(new { pop });
            for (int i = 0; i < patterns.Length; i++) args.Add($"p{i}", patterns[i]);
            hits = c.Query<FigureRow>($"{select} WHERE ({where}) AND (f.id LIKE @pop OR @pop = '%') ORDER BY f.source_line, f.id", args).Select(r => r.ToHit()).ToList();
        }
        else
        {
            var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length >= 2).Take(5).ToList();
            if (words.Count == 0) return new PublishedFigures(text, population, null, 0, []);
            var where = string.Join(" AND ", words.Select((_, i) => $"(f.topic LIKE @w{i} OR f.thai_text LIKE @w{i} OR f.sub_indicator LIKE @w{i})"));
            var args = new DynamicParameters(new { pop });
            for (int i = 0; i < words.Count; i++) args.Add($"w{i}", "%" + words[i] + "%");
            hits = c.Query<FigureRow>($"{select} WHERE {where} AND (f.id LIKE @pop OR @pop = '%') ORDER BY f.source_line, f.id", args).Select(r => r.ToHit()).ToList();
        }
        return new PublishedFigures(text, population, match.Topic, hits.Count, hits.Take(MaxFigures).ToList());
    }

    private sealed class FigureRow
    {
        public string Id { get; set; } = "";
        public string Population { get; set; } = "";
        public long Year { get; set; }
        public string Metric { get; set; } = "";
        public double Value { get; set; }
        public string Unit { get; set; } = "";
        public long SourceLine { get; set; }
        public string ThaiText { get; set; } = "";
        public long? Pillar { get; set; }
        public string? SubIndicator { get; set; }
        public string? CaveatTh { get; set; }

        public FigureHit ToHit() => new(Id, Population, (int)Year, Metric, Value, Unit, (int)SourceLine, ThaiText, (int?)Pillar, SubIndicator, CaveatTh);
    }

    public Recommendations Recommendations(string? area = null) =>
        Cached(nameof(Recommendations), () => RecommendationsUncached(area), area);

    private Recommendations RecommendationsUncached(string? area = null)
    {
        using var c = connect();
        var all = c.Query<(string Code, string Area, string AreaTh, string Terms, string Title, string Body, int Line)>(
            "SELECT code, area, area_th, area_terms, title_th, body_th, source_line FROM recommendation ORDER BY code").ToList();
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
        Cached(nameof(Describe), () => DescribeUncached(pillar, subIndicator, level), pillar, subIndicator, level);

    private FrameworkDescription DescribeUncached(int? pillar = null, string? subIndicator = null, int? level = null)
    {
        using var c = connect();
        var levels = c.Query<(int Level, string NameTh, string NameEn, string StageEn, double Min)>("SELECT level, name_th, name_en, stage_en, min_score FROM level ORDER BY level").ToList();
        if (level is { } l && levels.All(x => x.Level != l))
            return new FrameworkDescription(pillar, subIndicator, level, QueryIssue.UnknownLevel, null, null, null, null, [], []);
        IReadOnlyList<LevelDescription> Levels(int? forPillar)
        {
            var labels = forPillar is { } p
                ? c.Query<(int Level, string Label)>("SELECT level, label_en FROM pillar_level_label WHERE pillar = @p", new { p }).ToDictionary(x => x.Level, x => x.Label)
                : [];
            return levels.Where(x => level is null || x.Level == level)
                .Select(x => new LevelDescription(x.Level, x.NameTh, x.NameEn, x.StageEn, x.Min, labels.GetValueOrDefault(x.Level))).ToList();
        }
        if (!string.IsNullOrEmpty(subIndicator))
        {
            var s = c.QuerySingleOrDefault<(string NameTh, string NameEn, string Description, int Line, int Pillar)?>(
                "SELECT name_th, name_en, description_th, source_line, pillar FROM sub_indicator WHERE code = @subIndicator", new { subIndicator });
            if (s is null) return new FrameworkDescription(pillar, subIndicator, level, QueryIssue.UnknownSubIndicator, null, null, null, null, [], []);
            return new FrameworkDescription(s.Value.Pillar, subIndicator, level, QueryIssue.None, s.Value.NameTh, s.Value.NameEn, s.Value.Description, s.Value.Line, [], Levels(s.Value.Pillar));
        }
        if (pillar is { } pi)
        {
            var p = c.QuerySingleOrDefault<(string NameTh, string NameEn, string Description, int Line)?>(
                "SELECT name_th, name_en, description_th, source_line FROM pillar WHERE id = @pi", new { pi });
            if (p is null) return new FrameworkDescription(pillar, null, level, QueryIssue.UnknownPillar, null, null, null, null, [], []);
            var children = c.Query<(string, string, string)>("SELECT code, name_th, name_en FROM sub_indicator WHERE pillar = @pi ORDER BY code", new { pi }).ToList();
            return new FrameworkDescription(pillar, null, level, QueryIssue.None, p.Value.NameTh, p.Value.NameEn, p.Value.Description, p.Value.Line, children, Levels(pi));
        }
        var pillars = c.Query<(string, string, string)>("SELECT CAST(id AS TEXT), name_th, name_en FROM pillar ORDER BY id").ToList();
        return new FrameworkDescription(null, null, level, QueryIssue.None, "การสำรวจระดับความพร้อมรัฐบาลดิจิทัลของหน่วยงานภาครัฐ",
            "Digital Government Readiness Survey", null, null, pillars, Levels(null));
    }
}
