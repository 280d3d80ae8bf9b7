using System.Globalization;
using System.Text.Json;
using DgBot.Core.Queries;

namespace DgBot.Core.Formatting;

/// <summary>
/// The one place numbers become Thai text: levels with their Thai names, ranks, two-decimal percentages as the report prints
/// them, BE years. Templates come from prompts/answers.th.json; culture is fixed here, never read from the machine.
/// </summary>
public sealed class ThaiFormatter
{
    private static readonly CultureInfo Numbers = CultureInfo.InvariantCulture;
    private readonly IReadOnlyDictionary<string, string> _templates;
    private readonly IReadOnlyDictionary<int, string> _levelNames;
    private readonly IReadOnlyDictionary<string, string> _pillarNames, _subNames;

    public ThaiFormatter(IReadOnlyDictionary<string, string> templates, IReadOnlyDictionary<int, string> levelNames,
        IReadOnlyDictionary<string, string> pillarNames, IReadOnlyDictionary<string, string> subNames)
    {
        _templates = templates; _levelNames = levelNames; _pillarNames = pillarNames; _subNames = subNames;
    }

    public static ThaiFormatter Load(string promptsDirectory, Reference.ReferenceData reference)
    {
        var json = File.ReadAllText(Path.Combine(promptsDirectory, "answers.th.json"));
        var templates = JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
        return new ThaiFormatter(templates,
            reference.Levels.ToDictionary(l => l.Level, l => l.NameTh.Replace("ระดับ", "", StringComparison.Ordinal)),
            reference.Pillars.ToDictionary(p => p.Id.ToString(Numbers), p => p.NameTh),
            reference.SubIndicators.ToDictionary(s => s.Code, s => s.NameTh));
    }

    public string T(string key, params (string Name, object? Value)[] values)
    {
        if (!_templates.TryGetValue(key, out var text)) throw new KeyNotFoundException($"prompts/answers.th.json has no template '{key}'");
        foreach (var (name, value) in values) text = text.Replace("{" + name + "}", Convert.ToString(value, Numbers), StringComparison.Ordinal);
        return text;
    }

    /// <summary>
    /// A published figure's Thai label. Figures whose report text is the number alone ("96.02%") carry only an English metric
    /// name; prompts/answers.th.json gives them the report's own Thai wording under "figure.label.&lt;id&gt;".
    /// </summary>
    public string FigureLabel(string id, string metric) => _templates.GetValueOrDefault("figure.label." + id, metric);

    public string Level(int level) => T("level", ("level", level), ("name", _levelNames.GetValueOrDefault(level, "")));

    /// <summary>A level's short Thai name without "ระดับ" (ขั้นริเริ่ม ... ขั้นสูงสุด), for chart labels.</summary>
    public string LevelName(int level) => _levelNames.GetValueOrDefault(level, "");

    /// <summary>A pillar's Thai name (1–7), for chart labels.</summary>
    public string PillarName(int pillar) => _pillarNames.GetValueOrDefault(pillar.ToString(Numbers), "");

    public string Rank(int rank, int outOf) => T("rank", ("rank", rank), ("outOf", outOf));

    public static string Score(double score) => score.ToString("0.00", Numbers);

    public static string Percent(double share) => share.ToString("0.00", Numbers);

    public string Key(ScoreKey key) => key.Scope switch
    {
        ScoreScope.Overall => T("key.overall"),
        ScoreScope.Pillar => T("key.pillar", ("pillar", key.Key), ("name", _pillarNames.GetValueOrDefault(key.Key, ""))),
        _ => T("key.sub_indicator", ("code", key.Key), ("name", _subNames.GetValueOrDefault(key.Key, ""))),
    };

    public string Population(string population) => T("population." + population);

    /// <summary>"ภาพรวม ปี 2567": which score and which round an answer is about.</summary>
    public string Frame(ScoreKey key, int year) => T("frame", ("key", Key(key)), ("year", year));

    /// <summary>
    /// The units an answer is about, with every filter and level the question set, as one Thai phrase: "จังหวัดภาคตะวันออก
    /// เฉียงเหนือที่อยู่ระดับ 1–2", "หน่วยงานระดับกรม ในกระทรวงมหาดไทย ประเภทรัฐวิสาหกิจ ภารกิจหลักด้านบริการ". An answer opens with it, so a
    /// filter the parser missed (or added) is visible at a glance.
    /// </summary>
    public string Who(string population, UnitFilter filter, IReadOnlyList<int>? levels = null)
    {
        var text = Population(population);
        // Provinces read "จังหวัดภาคเหนือ"; a region on departments never happens, but reads the same way.
        if (filter.Region is { } region) text += region;
        if (filter.Ministry is { } ministry) text += T("who.ministry", ("ministry", ministry));
        if (filter.AgencyType is { } type) text += T("who.type", ("type", type));
        if (filter.Mission is { } mission) text += T("who.mission." + mission);
        if (LevelsPhrase(levels) is { } phrase) text += phrase;
        return text;
    }

    /// <summary>"ที่อยู่ระดับ 1–2", "ที่อยู่ระดับ 3 ขึ้นไป", "ที่อยู่ระดับ 1 และ 3"; null when every level is admitted.</summary>
    public string? LevelsPhrase(IReadOnlyList<int>? levels)
    {
        if (levels is null || levels.Count is 0 or >= 5) return null;
        var lo = levels[0];
        var hi = levels[^1];
        if (levels.Count == 1) return T("who.levels.one", ("level", lo));
        if (hi - lo + 1 != levels.Count)
        {
            var names = levels.Select(l => l.ToString(Numbers)).ToList();
            return T("who.levels.set", ("list", string.Join(", ", names[..^1]) + T("who.and") + names[^1]));
        }
        return hi == 5 ? T("who.levels.atleast", ("min", lo)) : T("who.levels.range", ("min", lo), ("max", hi));
    }

    /// <summary>A group's name as a grouped answer shows it; a group with no name (units outside every ministry) is named, never blank.</summary>
    public string GroupName(string? groupBy, string? group) => group switch
    {
        null when groupBy == "ministry" => T("group.none.ministry"),
        null => T("group.none", ("by", groupBy is null ? "" : T("group_by." + groupBy))),
        _ when groupBy == "mission" => T("group.mission." + group),
        _ => group,
    };

    /// <summary>A model's probability (0–1) as a whole percent: an estimate, so no decimals that suggest precision it lacks.</summary>
    public static string Probability(double probability) => Math.Round(probability * 100, MidpointRounding.AwayFromZero).ToString("0", Numbers);

    /// <summary>
    /// One reason of a risk estimate in Thai: template "risk.reason.{kind}" filled with the unit's facts. Decimal facts print
    /// as scores (two decimals); a change prints without its sign, since the template says which way it went.
    /// </summary>
    public string RiskReason(Risk.RiskReason reason)
    {
        object? Fact(string name, object value) => value switch
        {
            double d when name == "change" => Score(Math.Abs(d)),
            double d => Score(d),
            bool b => b ? "yes" : "no",
            _ => value,
        };
        var values = reason.Facts.Select(kv => (kv.Key, Fact(kv.Key, kv.Value))).ToList();
        switch (reason.Kind)
        {
            case "it_staff" when !reason.Facts.ContainsKey("share"):
                return T("risk.reason.it_staff.insufficient_only", [.. values]);
            case "it_staff":
                var insufficient = reason.Facts.TryGetValue("sufficient", out var s) && s is false;
                return T("risk.reason.it_staff", [.. values, ("sufficiency", insufficient ? T("risk.reason.it_staff.insufficient") : "")]);
            case "group":
                var parts = new[] { "agency_type", "ministry", "region" }.Where(reason.Facts.ContainsKey).Select(k => reason.Facts[k]);
                return T("risk.reason.group", ("group", string.Join(" · ", parts)));
            default:
                return T("risk.reason." + reason.Kind, [.. values]);
        }
    }

    public string SyntheticLine => T("synthetic");
}
