using System.Globalization;
using System.Text.Json;
using DgBot.Core.Language;
using DgBot.Core.Queries;
using DgBot.Web.Plugins;

namespace DgBot.Web.Chat.Model;

/// <summary>A model's call after validation: arguments as the functions take them (unit ids, canonical names, ints), the units for the trace.</summary>
public sealed record CheckedArguments(Dictionary<string, object?> Arguments, IReadOnlyList<UnitRef> Units);

/// <summary>
/// Checks every argument a language model gives a catalog function (DESIGN §4) before it runs: units must resolve to exactly
/// one real unit (an id, or a canonical name, alias or abbreviation that names one unit), enums must be one of their values,
/// pillars 1–7, sub-indicators and item codes must exist (items on the population's form), levels 1–5, years must be rounds
/// that have scores. Names are replaced by what the functions take; a model's slip is refused, never guessed around.
/// </summary>
public sealed class ArgumentValidator(Gazetteer gazetteer, UnitResolver units, SurveyYears years)
{
    private const int MaxN = 100;
    private const int MaxText = 200;

    /// <summary>The checked arguments, or a short English reason the call is refused (sent back to the model and logged).</summary>
    public (CheckedArguments? Checked, string? Problem) Check(string function, IReadOnlyList<string> parameters, IReadOnlyList<string> required,
        IReadOnlyDictionary<string, object?> raw)
    {
        var args = new Dictionary<string, object?>(StringComparer.Ordinal);
        var found = new List<UnitRef>();
        foreach (var (name, value) in raw)
        {
            if (!parameters.Contains(name)) return (null, $"{function} has no parameter '{name}'");
            if (IsAbsent(value)) continue;
            var (ok, problem) = CheckOne(name, value!, found);
            if (problem is not null) return (null, $"{name}: {problem}");
            args[name] = ok;
        }
        foreach (var name in required)
            if (!args.ContainsKey(name)) return (null, $"{function} needs '{name}'");
        if (args.TryGetValue("item", out var item) && item is string code)
        {
            var population = args.GetValueOrDefault("population") as string;
            if (population is null || gazetteer.Reference.FindItem(population, code) is null)
                return (null, $"item: '{code}' is not a question of the {population ?? "?"} form");
        }
        if (args.TryGetValue("min_level", out var lo) && args.TryGetValue("max_level", out var hi) && (int)lo! > (int)hi!)
            return (null, "min_level is above max_level");
        return (new CheckedArguments(args, found), null);
    }

    private (object? Value, string? Problem) CheckOne(string name, object value, List<UnitRef> found)
    {
        switch (name)
        {
            case "unit":
                var unit = ResolveUnit(Text(value));
                if (unit is null) return (null, $"'{Text(value)}' is not a unit of the survey (give its id or exact name)");
                found.Add(unit);
                return (unit.Id, null);
            case "units":
                var list = List(value);
                if (list is null || list.Count < 2 || list.Count > SurveyQueries.MaxCompared) return (null, $"give 2 to {SurveyQueries.MaxCompared} units");
                var ids = new List<string>();
                foreach (var entry in list)
                {
                    var u = ResolveUnit(entry);
                    if (u is null) return (null, $"'{entry}' is not a unit of the survey (give its id or exact name)");
                    if (ids.Contains(u.Id)) continue;
                    found.Add(u);
                    ids.Add(u.Id);
                }
                return ids.Count >= 2 ? (ids.ToArray(), null) : (null, "give 2 different units");
            case "population": return Enum<PopulationArg>(value);
            case "scope": return Enum<RankScopeArg>(value);
            case "order": return Enum<OrderArg>(value);
            case "direction": return Enum<DirectionArg>(value);
            case "group_by": return Enum<GroupByArg>(value);
            case "mission": return Enum<MissionArg>(value);
            case "statistic": return Enum<StatisticArg>(value);
            case "levels":
                var levels = List(value);
                if (levels is null || levels.Count is < 1 or > 5) return (null, "give 1 to 5 levels, e.g. [1,3]");
                var parsed = new List<int>();
                foreach (var entry in levels)
                {
                    var (one, bad) = Int(entry, 1, 5);
                    if (bad is not null) return (null, bad);
                    parsed.Add((int)one!);
                }
                return (parsed.Distinct().Order().ToArray(), null);
            case "pillar": return Int(value, 1, gazetteer.Reference.Pillars.Count);
            case "level" or "min_level" or "max_level": return Int(value, 1, 5);
            case "n": return Int(value, 1, MaxN);
            case "year" or "from_year" or "to_year":
                var rounds = years.Current();
                var (year, yearProblem) = Int(value, int.MinValue, int.MaxValue);
                if (yearProblem is not null) return (null, yearProblem);
                return rounds.Contains((int)year!) ? (year, null)
                    : (null, $"{year} is not a survey round; rounds (Buddhist Era) are {string.Join(", ", rounds.Order())}");
            case "sub_indicator":
                var sub = Text(value);
                return gazetteer.Reference.SubIndicators.Any(s => s.Code == sub) ? (sub, null)
                    : (null, $"'{sub}' is not a sub-indicator; codes are {string.Join(", ", gazetteer.Reference.SubIndicators.Select(s => s.Code))}");
            case "item":
                var code = Text(value);
                return code.Length is > 0 and <= 20 ? (code, null) : (null, "not an item code");
            case "ministry":
                return Canonical(value, EntityKind.Ministry, gazetteer.Reference.Ministries.Where(m => m.Code != "NONE").Select(m => (m.NameTh, m.NameEn)));
            case "agency_type":
                return Canonical(value, EntityKind.AgencyType, gazetteer.Reference.AgencyTypes.Select(t => (t.NameTh, t.NameEn)));
            case "region":
                return Canonical(value, EntityKind.Region, gazetteer.Reference.Regions.Select(r => (r.NameTh, r.NameEn)));
            case "min_probability":
                return double.TryParse(Text(value), NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && p is >= 0 and <= 1
                    ? (p, null) : (null, "must be a probability from 0 to 1");
            default: // topic, area: free words the query layer matches itself
                var text = Text(value);
                return text.Length <= MaxText ? (text, null) : (null, "too long");
        }
    }

    /// <summary>An id, or a name the survey's own name lists give to exactly one unit; near misses are the parser's job, not the model's.</summary>
    public UnitRef? ResolveUnit(string text)
    {
        var t = text.Trim();
        if (t.Length == 0) return null;
        if (gazetteer.UnitsById.TryGetValue(t.ToUpperInvariant(), out var byId)) return Ref(byId.Id);
        if (units.Resolve(t).Unit is { } resolved) return resolved;
        return Whole(t, EntityKind.Unit) is { } e ? Ref(e.Value) : null;
    }

    private UnitRef Ref(string id)
    {
        var u = gazetteer.UnitsById[id];
        return new UnitRef(u.Id, u.NameTh, u.Kind);
    }

    /// <summary>The one entity of that kind the whole text names exactly (no fuzzy matching), or null.</summary>
    private Entity? Whole(string text, EntityKind kind)
    {
        var q = new QuestionText(text);
        var mentions = gazetteer.Find(q);
        if (mentions.Count != 1 || mentions[0] is not { Start: 0, Distance: 0 } m || m.End != q.Compact.Length) return null;
        var entities = m.Entities.Where(e => e.Kind == kind).DistinctBy(e => e.Value).ToList();
        return entities.Count == 1 && m.Entities.All(e => e.Kind == kind) ? entities[0] : null;
    }

    private (object?, string?) Canonical(object value, EntityKind kind, IEnumerable<(string NameTh, string NameEn)> names)
    {
        var text = Text(value).Trim();
        var all = names.ToList();
        if (all.FirstOrDefault(n => n.NameTh == text || string.Equals(n.NameEn, text, StringComparison.OrdinalIgnoreCase)) is { NameTh: not null } hit)
            return (hit.NameTh, null);
        return Whole(text, kind) is { } e ? (e.Value, null) : (null, $"'{text}' is not one of: {string.Join(", ", all.Select(n => n.NameTh))}");
    }

    private static (object?, string?) Enum<T>(object value) where T : struct, Enum
    {
        var text = Text(value).Trim();
        var name = System.Enum.GetNames<T>().FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
        return name is not null ? (name, null) : (null, $"'{text}' is not one of: {string.Join(", ", System.Enum.GetNames<T>())}");
    }

    private static (object?, string?) Int(object value, int min, int max)
    {
        var text = Text(value).Trim();
        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d)
            || d != decimal.Truncate(d) || d < min || d > max)
            return (null, min == int.MinValue ? $"'{text}' is not a whole number" : $"'{text}' is not a whole number from {min} to {max}");
        return ((int)d, null);
    }

    private static bool IsAbsent(object? value) => value switch
    {
        null => true,
        JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => true,
        string s => string.IsNullOrWhiteSpace(s) || s.Trim() == "null",
        _ => false,
    };

    /// <summary>SK hands arguments over as strings (or JSON elements when it keeps their types); both read the same here.</summary>
    private static string Text(object value) => value switch
    {
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString() ?? "",
        JsonElement e => e.GetRawText(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static List<string>? List(object value)
    {
        try
        {
            return value switch
            {
                JsonElement { ValueKind: JsonValueKind.Array } e => e.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString() ?? "" : x.GetRawText()).ToList(),
                string s when s.TrimStart().StartsWith('[') => JsonSerializer.Deserialize<List<string>>(s),
                string s => [s],
                IEnumerable<string> strings => strings.ToList(),
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
