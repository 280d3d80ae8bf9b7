using System.Globalization;
using System.Text;
using Dapper;
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

    public static string Normalize(string text)
    {
        var s = (text ?? "").Normalize(NormalizationForm.FormKC).Trim();
        foreach (var prefix in new[] { "จังหวัด", "จ." })
            if (s.StartsWith(prefix, StringComparison.Ordinal) && s.Length > prefix.Length) s = s[prefix.Length..].Trim();
        var b = new StringBuilder(s.Length);
        foreach (var ch in s)
        {
            if (ch is '.' or ' ' or '\u200b' or '\u200c' or '\u200d' or '\ufeff') continue;
            b.Append(char.ToLower(ch, CultureInfo.InvariantCulture));
        }
        return b.ToString();
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
