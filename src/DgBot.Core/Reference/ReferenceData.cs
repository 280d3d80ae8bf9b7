using System.Globalization;
using DgBot.Core.Text;

namespace DgBot.Core.Reference;

/// <summary>A respondent of either population, flattened to what queries and the demo generator need.</summary>
public sealed record SurveyUnit(string Id, string Kind, string NameTh, string NameEn,
    string? MinistryCode, string? Ministry, string? AgencyTypeCode, string? AgencyType, string? Mission,
    string? RegionCode, string? Region, IReadOnlyList<string> Abbreviations, IReadOnlyList<string> Aliases);

public sealed class ReferenceDataException(string message) : Exception(message);

/// <summary>The survey's structure and the units surveyed, loaded from data/reference/*.csv and checked for orphan keys.</summary>
public sealed class ReferenceData
{
    public required IReadOnlyList<Pillar> Pillars { get; init; }
    public required IReadOnlyList<SubIndicator> SubIndicators { get; init; }
    public required IReadOnlyList<MaturityLevel> Levels { get; init; }
    public required IReadOnlyList<PillarLevelLabel> PillarLevelLabels { get; init; }
    public required IReadOnlyList<QuestionItem> Items { get; init; }
    public required IReadOnlyList<Region> Regions { get; init; }
    public required IReadOnlyList<Province> Provinces { get; init; }
    public required IReadOnlyList<Ministry> Ministries { get; init; }
    public required IReadOnlyList<AgencyType> AgencyTypes { get; init; }
    public required IReadOnlyList<Mission> Missions { get; init; }
    public required IReadOnlyList<Agency> Agencies { get; init; }
    /// <summary>Agencies the 2567 report shows as respondents (named in its tables), so the demo never drops them.</summary>
    public IReadOnlyList<string> ReportedRespondents2567 { get; init; } = [];

    /// <summary>Everyday words for questionnaire items (data/reference/item_topics.csv): "GDCC" → 6.1A, "TikTok" → province 4.7.7.</summary>
    public IReadOnlyList<ItemTopic> ItemTopics { get; init; } = [];

    /// <summary>The report's figure topics and the words for each (data/reference/figure_topics.csv).</summary>
    public IReadOnlyList<FigureTopic> FigureTopics { get; init; } = [];

    private Dictionary<(string, string), QuestionItem>? _itemIndex;

    public IEnumerable<QuestionItem> ItemsFor(string population) => Items.Where(i => i.Population == population);

    public QuestionItem? FindItem(string population, string code)
    {
        _itemIndex ??= Items.ToDictionary(i => (i.Population, i.Code));
        return _itemIndex.GetValueOrDefault((population, code));
    }

    public IReadOnlyList<SurveyUnit> Units()
    {
        var ministries = Ministries.ToDictionary(m => m.Code);
        var types = AgencyTypes.ToDictionary(t => t.Code);
        var regions = Regions.ToDictionary(r => r.Code);
        var units = new List<SurveyUnit>(Agencies.Count + Provinces.Count);
        foreach (var a in Agencies)
        {
            var ministry = a.MinistryCode == "NONE" ? null : ministries[a.MinistryCode];
            units.Add(new SurveyUnit(a.Id, Population.Department, a.NameTh, a.NameEn, a.MinistryCode, ministry?.NameTh,
                a.AgencyType, types[a.AgencyType].NameTh, a.Mission, null, null,
                [.. a.AbbreviationsTh, .. a.AbbreviationsEn], a.Aliases));
        }
        foreach (var p in Provinces)
            units.Add(new SurveyUnit(p.Id, Population.Province, p.NameTh, p.NameEn, null, null, null, null, null,
                p.RegionCode, regions[p.RegionCode].NameTh, [p.AbbreviationTh], p.Aliases));
        return units;
    }

    public static ReferenceData Load(string dataDirectory)
    {
        var dir = Path.Combine(dataDirectory, "reference");
        IReadOnlyList<CsvRow> Rows(string name)
        {
            var path = Path.Combine(dir, name);
            if (!File.Exists(path)) throw new ReferenceDataException($"missing reference file {path}");
            try { return Csv.ReadFile(path); }
            catch (FormatException e) { throw new ReferenceDataException(e.Message); }
            catch (System.Text.DecoderFallbackException) { throw new ReferenceDataException($"{name}: not valid UTF-8"); }
        }
        try
        {
            var data = new ReferenceData
            {
                Pillars = Rows("pillars.csv").Select(r => new Pillar(r.Int("id"), r.Required("name_th"), r.Required("name_en"),
                    r.List("everyday_terms_th"), r.Required("description_th"), r.Int("source_line"))).ToList(),
                SubIndicators = Rows("sub_indicators.csv").Select(r => new SubIndicator(r.Required("code"), r.Int("pillar"),
                    r.Required("name_th"), r.Required("name_en"), r.List("everyday_terms_th"), r.Required("description_th"),
                    r.Required("numbering"), r.Int("source_line"))).ToList(),
                Levels = Rows("levels.csv").Select(r => new MaturityLevel(r.Int("level"), r.Required("name_th"), r.Required("name_en"),
                    r.Required("stage_en"), r.Int("source_line"))).ToList(),
                PillarLevelLabels = Rows("pillar_level_labels.csv").Select(r => new PillarLevelLabel(r.Int("pillar"), r.Int("level"),
                    r.Required("label_en"), r.Int("source_line"))).ToList(),
                Items = Rows("items.csv").Select(ParseItem).ToList(),
                Regions = Rows("regions.csv").Select(r => new Region(r.Required("code"), r.Required("name_th"), r.Required("name_en"),
                    r.List("aliases"))).ToList(),
                Provinces = Rows("provinces.csv").Select(r => new Province(r.Required("id"), r.Required("iso_code"), r.Required("name_th"),
                    r.Required("name_en"), r.Required("region_code"), r.Required("abbreviation_th"), r.List("aliases"))).ToList(),
                Ministries = Rows("ministries.csv").Select(r => new Ministry(r.Required("code"), r.Required("name_th"), r.Required("name_en"),
                    r.Optional("abbreviation_th"), r.List("aliases"))).ToList(),
                AgencyTypes = Rows("agency_types.csv").Select(r => new AgencyType(r.Required("code"), r.Required("name_th"), r.Required("name_en"))).ToList(),
                Missions = Rows("missions.csv").Select(r => new Mission(r.Required("code"), r.Required("name_th"), r.Required("name_en"))).ToList(),
                Agencies = Rows("agencies.csv").Select(r => new Agency(r.Required("id"), r.Required("name_th"), r.Required("name_en"),
                    r.Required("ministry_code"), r.Required("agency_type"), r.Required("mission"), r.List("abbreviations_th"),
                    r.List("abbreviations_en"), r.List("aliases"))).ToList(),
                ItemTopics = File.Exists(Path.Combine(dir, "item_topics.csv"))
                    ? Rows("item_topics.csv").Select(r => new ItemTopic(r.Required("population"), r.Required("item"), r.List("terms"))).ToList()
                    : [],
                FigureTopics = File.Exists(Path.Combine(dir, "figure_topics.csv"))
                    ? Rows("figure_topics.csv").Select(r => new FigureTopic(r.Required("topic_th"), r.List("terms"))).ToList()
                    : [],
                ReportedRespondents2567 = File.Exists(Path.Combine(dir, "respondents_2567.csv"))
                    ? Rows("respondents_2567.csv").Select(r => r.Required("id")).ToList()
                    : [],
            };
            data.Validate();
            return data;
        }
        catch (FormatException e) { throw new ReferenceDataException(e.Message); }
    }

    private static QuestionItem ParseItem(CsvRow r)
    {
        var population = r.Required("population");
        if (!Population.IsValid(population)) throw new FormatException($"{r.File} line {r.Line}: unknown population '{population}'");
        var type = r.Required("answer_type") switch
        {
            "single_choice" => AnswerType.SingleChoice,
            "yes_no" => AnswerType.YesNo,
            "number" => AnswerType.Number,
            var t => throw new FormatException($"{r.File} line {r.Line}: unknown answer type '{t}'"),
        };
        var options = r.List("options").Select(o =>
        {
            var eq = o.IndexOf('=');
            if (eq <= 0) throw new FormatException($"{r.File} line {r.Line}: option '{o}' is not code=label");
            return new ItemOption(o[..eq].Trim(), o[(eq + 1)..].Trim());
        }).ToList();
        if (type != AnswerType.Number && options.Count < 2) throw new FormatException($"{r.File} line {r.Line}: a choice item needs options");
        ItemCondition? condition = null;
        if (r.Optional("condition") is { } c)
        {
            var gt = c.IndexOf('>');
            var eq = c.IndexOf('=');
            condition = gt > 0
                ? new ItemCondition(c[..gt], [], double.Parse(c[(gt + 1)..], CultureInfo.InvariantCulture))
                : eq > 0 ? new ItemCondition(c[..eq], c[(eq + 1)..].Split('|'), null)
                : throw new FormatException($"{r.File} line {r.Line}: bad condition '{c}'");
        }
        double? max = r.Optional("max_value") is { } m ? double.Parse(m, CultureInfo.InvariantCulture) : null;
        return new QuestionItem(population, r.Required("code"), r.Optional("sub_indicator"), type, options, condition,
            r.Optional("unit"), max, r.Required("text_th"));
    }

    private void Validate()
    {
        var errors = new List<string>();
        void Unique<T>(IEnumerable<T> rows, Func<T, object> key, string what)
        {
            foreach (var g in rows.GroupBy(key).Where(g => g.Count() > 1)) errors.Add($"{what}: duplicate key {g.Key}");
        }
        Unique(Pillars, p => p.Id, "pillars.csv");
        Unique(SubIndicators, s => s.Code, "sub_indicators.csv");
        Unique(Items, i => (i.Population, i.Code), "items.csv");
        Unique(Regions, r => r.Code, "regions.csv");
        Unique(Provinces, p => p.Id, "provinces.csv");
        Unique(Ministries, m => m.Code, "ministries.csv");
        Unique(Agencies, a => a.Id, "agencies.csv");
        Unique(Agencies.Select(a => a.NameTh).Concat(Provinces.Select(p => p.NameTh)), n => n, "unit names");

        var pillarIds = Pillars.Select(p => p.Id).ToHashSet();
        foreach (var s in SubIndicators.Where(s => !pillarIds.Contains(s.Pillar))) errors.Add($"sub_indicators.csv: {s.Code} refers to unknown pillar {s.Pillar}");
        foreach (var l in PillarLevelLabels.Where(l => !pillarIds.Contains(l.Pillar) || Levels.All(x => x.Level != l.Level)))
            errors.Add($"pillar_level_labels.csv: unknown pillar/level {l.Pillar}/{l.Level}");
        var subCodes = SubIndicators.Select(s => s.Code).ToHashSet();
        foreach (var i in Items)
        {
            if (i.SubIndicator is { } s && !subCodes.Contains(s)) errors.Add($"items.csv: {i.Population} {i.Code} feeds unknown sub-indicator {s}");
            if (i.Condition is { } c)
            {
                var parent = Items.FirstOrDefault(p => p.Population == i.Population && p.Code == c.Item);
                if (parent is null) errors.Add($"items.csv: {i.Population} {i.Code} depends on unknown item {c.Item}");
                else if (c.GreaterThan is null && c.Values.Any(v => parent.Option(v) is null))
                    errors.Add($"items.csv: {i.Population} {i.Code} depends on an option {parent.Code} does not have");
            }
        }
        var regionCodes = Regions.Select(r => r.Code).ToHashSet();
        foreach (var p in Provinces.Where(p => !regionCodes.Contains(p.RegionCode))) errors.Add($"provinces.csv: {p.Id} has unknown region {p.RegionCode}");
        var ministryCodes = Ministries.Select(m => m.Code).ToHashSet();
        var typeCodes = AgencyTypes.Select(t => t.Code).ToHashSet();
        var missionCodes = Missions.Select(m => m.Code).ToHashSet();
        foreach (var a in Agencies)
        {
            if (!ministryCodes.Contains(a.MinistryCode)) errors.Add($"agencies.csv: {a.Id} has unknown ministry {a.MinistryCode}");
            if (!typeCodes.Contains(a.AgencyType)) errors.Add($"agencies.csv: {a.Id} has unknown agency type {a.AgencyType}");
            if (!missionCodes.Contains(a.Mission)) errors.Add($"agencies.csv: {a.Id} has unknown mission {a.Mission}");
        }
        foreach (var t in ItemTopics)
        {
            var populations = t.Population == "both" ? Population.All : [t.Population];
            if (t.Population != "both" && !Population.IsValid(t.Population)) errors.Add($"item_topics.csv: unknown population {t.Population}");
            else if (populations.Any(p => Items.All(i => i.Population != p || i.Code != t.Item)))
                errors.Add($"item_topics.csv: item {t.Item} is not on the {t.Population} form");
        }
        foreach (var id in ReportedRespondents2567.Where(id => Agencies.All(a => a.Id != id)))
            errors.Add($"respondents_2567.csv: unknown agency {id}");
        if (errors.Count > 0) throw new ReferenceDataException(string.Join(Environment.NewLine, errors));
    }
}
