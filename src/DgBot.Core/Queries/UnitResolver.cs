using System.Globalization;
using System.Text;
using Dapper;
using DgBot.Core.Text;
using Microsoft.Data.Sqlite;

namespace DgBot.Core.Queries;

public sealed record UnitResolution(string Input, UnitRef? Unit, IReadOnlyList<UnitRef> Candidates);

/// <summary>
/// Finds a unit from an id, its canonical Thai or English name, or an exact alias or abbreviation (with or without dots).
/// An alias shared by several units (ตร., อย.) returns them all as candidates, never a guess. Fuzzy matching belongs to the
/// Thai parser.
/// </summary>
public sealed class UnitResolver(Func<SqliteConnection> connect)
{
    private Dictionary<string, List<UnitRef>>? _index;

    public UnitResolution Resolve(string input)
    {
        var index = _index ??= Build();
        var key = Normalize(input);
        if (key.Length > 0 && index.TryGetValue(key, out var units))
            return units.Count == 1 ? new UnitResolution(input, units[0], units) : new UnitResolution(input, null, units);
        return new UnitResolution(input, null, []);
    }

    /// <summary>Every unit named inside a sentence, longest name first and without overlaps (ambiguous names give candidates).</summary>
    public IReadOnlyList<UnitResolution> FindIn(string sentence)
    {
        var index = _index ??= Build();
        // Short names (abbreviations such as ตร. or กพร.) hide inside ordinary Thai words (อบก in ตอบกลับ), so they count
        // only as whole space-separated words; longer names may appear anywhere in the sentence.
        _keysByLength ??= index.Keys.Where(k => k.Length >= MinSubstringLength).OrderByDescending(k => k.Length).ThenBy(k => k, StringComparer.Ordinal).ToList();
        var text = Normalize(sentence);
        var taken = new bool[text.Length];
        var found = new List<(int At, UnitResolution Resolution)>();
        var position = 0;
        foreach (var word in (sentence ?? "").Split([' ', ',', '?', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            var key = Normalize(word);
            var at = key.Length == 0 ? -1 : text.IndexOf(key, position, StringComparison.Ordinal);
            if (at < 0) continue;
            position = at + key.Length;
            if (key.Length >= MinSubstringLength || !index.TryGetValue(key, out var shortUnits)) continue;
            for (int i = at; i < at + key.Length; i++) taken[i] = true;
            found.Add((at, shortUnits.Count == 1 ? new UnitResolution(word, shortUnits[0], shortUnits) : new UnitResolution(word, null, shortUnits)));
        }
        foreach (var key in _keysByLength)
        {
            for (var at = text.IndexOf(key, StringComparison.Ordinal); at >= 0; at = text.IndexOf(key, at + 1, StringComparison.Ordinal))
            {
                if (Enumerable.Range(at, key.Length).Any(i => taken[i])) continue;
                for (int i = at; i < at + key.Length; i++) taken[i] = true;
                var units = index[key];
                found.Add((at, units.Count == 1 ? new UnitResolution(key, units[0], units) : new UnitResolution(key, null, units)));
            }
        }
        return found.OrderBy(f => f.At).Select(f => f.Resolution).ToList();
    }

    private List<string>? _keysByLength;
    private const int MinSubstringLength = 4;

    /// <summary>The key a name is looked up by: the gazetteer's (<see cref="ThaiText.Key"/>), with a leading จังหวัด/จ. dropped.</summary>
    public static string Normalize(string text)
    {
        var s = ThaiText.Normalize(text ?? "");
        foreach (var prefix in new[] { "จังหวัด", "จ." })
            if (s.StartsWith(prefix, StringComparison.Ordinal) && s.Length > prefix.Length) s = s[prefix.Length..].Trim();
        return ThaiText.Key(s);
    }

    private Dictionary<string, List<UnitRef>> Build()
    {
        using var c = connect();
        var rows = c.Query<(string Id, string NameTh, string Kind, string Alias)>(
            "SELECT u.id, u.name_th, u.kind, a.alias FROM unit u JOIN unit_alias a ON a.unit_id = u.id UNION SELECT id, name_th, kind, id FROM unit");
        var index = new Dictionary<string, List<UnitRef>>();
        foreach (var r in rows)
        {
            var key = Normalize(r.Alias);
            if (key.Length == 0) continue;
            if (!index.TryGetValue(key, out var list)) index[key] = list = [];
            if (list.All(u => u.Id != r.Id)) list.Add(new UnitRef(r.Id, r.NameTh, r.Kind));
        }
        return index;
    }
}
