using System.Text.Json;

namespace DgBot.Web.Chat.Model;

/// <summary>
/// The numbers the model was shown, each with whose it is. A number inside an object that carries a unit (a record's
/// <c>unit</c>: <c>{"id", "nameTh", "kind"}</c>) belongs to that unit, and to the object's <c>group</c> too when it has one (a
/// rank within a ministry, a unit against its group's mean); inside an object that carries only a <c>group</c>, to that group.
/// Anything else (a count over a population, a year, a pillar number) belongs to no unit in particular and may stand anywhere.
/// The question's own numbers are sources of that kind, but only when at least one function answered.
/// </summary>
public sealed class GuardEvidence
{
    /// <summary>A number in a result and the owners it was returned for (unit:ID, group:NAME); none means an aggregate or context.</summary>
    public sealed record Fact(NumberGuard.Token Token, IReadOnlySet<string> Owners);

    public static string UnitOwner(string id) => "unit:" + id;
    public static string GroupOwner(string name) => "group:" + name;

    /// <summary>Fields that say which score, round or item a figure is about, not a figure of the unit: a year, a pillar, a code.</summary>
    private static readonly HashSet<string> ContextFields = new(StringComparer.OrdinalIgnoreCase)
    {
        "key", "pillar", "subIndicator", "code", "item", "levels", "sourceLine",
    };

    /// <summary>Fields that count the units of a field a rank or statistic is taken over: facts about the field, not the unit.</summary>
    private static readonly HashSet<string> FieldSizes = new(StringComparer.OrdinalIgnoreCase)
    {
        "outOf", "size", "total", "compared", "ranked", "peers",
    };

    private static readonly IReadOnlySet<string> Nobody = new HashSet<string>();

    private readonly List<Fact> _facts = [];
    private readonly HashSet<string> _units = new(StringComparer.Ordinal);
    private readonly HashSet<string> _groups = new(StringComparer.Ordinal);

    public IReadOnlyList<Fact> Facts => _facts;
    /// <summary>The ids of every unit any result named.</summary>
    public IReadOnlySet<string> ReturnedUnits => _units;
    /// <summary>The group names results bound numbers to (canonical Thai names, or a mission code).</summary>
    public IReadOnlySet<string> Groups => _groups;

    public static GuardEvidence From(IReadOnlyList<string> results, string question)
    {
        var evidence = new GuardEvidence();
        if (results.Count == 0) return evidence;
        foreach (var result in results)
        {
            JsonDocument document;
            try { document = JsonDocument.Parse(result); }
            catch (JsonException)
            {
                // Not JSON (a plain-text result): its numbers are sources, of no unit in particular.
                evidence.AddText(result, Nobody);
                continue;
            }
            using (document) evidence.Walk(document.RootElement, Nobody);
        }
        evidence.AddText(question, Nobody);
        return evidence;
    }

    private void Walk(JsonElement element, IReadOnlySet<string> owners)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var here = OwnersOf(element) ?? owners;
                foreach (var property in element.EnumerateObject())
                {
                    var name = property.Name;
                    var context = ContextFields.Contains(name) || name.Contains("year", StringComparison.OrdinalIgnoreCase)
                        || FieldSizes.Contains(name) && property.Value.ValueKind == JsonValueKind.Number;
                    Walk(property.Value, context ? Nobody : here);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) Walk(item, owners);
                break;
            case JsonValueKind.Number:
                // The raw text is the number as serialised (shortest round trip), read the way the answer's numbers are.
                foreach (var token in NumberGuard.Tokens(element.GetRawText())) _facts.Add(new Fact(token, owners));
                break;
            case JsonValueKind.String:
                AddText(element.GetString()!, owners);
                break;
        }
    }

    /// <summary>The owners an object binds its numbers to, or null when it names neither a unit nor a group.</summary>
    private IReadOnlySet<string>? OwnersOf(JsonElement obj)
    {
        string? unit = obj.TryGetProperty("unit", out var u) && u.ValueKind == JsonValueKind.Object
            && u.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        string? group = obj.TryGetProperty("group", out var g) && g.ValueKind == JsonValueKind.String ? g.GetString() : null;
        if (unit is null && string.IsNullOrEmpty(group)) return null;
        var owners = new HashSet<string>(StringComparer.Ordinal);
        if (unit is not null)
        {
            _units.Add(unit);
            owners.Add(UnitOwner(unit));
        }
        if (!string.IsNullOrEmpty(group))
        {
            _groups.Add(group);
            owners.Add(GroupOwner(group));
        }
        return owners;
    }

    private void AddText(string text, IReadOnlySet<string> owners)
    {
        foreach (var token in NumberGuard.Tokens(text)) _facts.Add(new Fact(token, owners));
    }
}
