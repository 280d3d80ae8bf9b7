using System.Globalization;
using System.Text.RegularExpressions;
using DgBot.Core.Catalog;

namespace DgBot.Core.Language;

/// <summary>
/// The last look before a question is answered: the words that change what a question means (a level, a range word, an
/// average, an exclusion, a grouping, a ministry or region named) each have to show up in the call the parser chose. A word
/// that did not is returned, so the answer can say plainly what it did not take into account (DESIGN §5 <c>notUsed</c>)
/// rather than answer a different question with confidence. It reads the chosen call, not the parser's internals, so it
/// also catches a misreading nobody has met yet.
/// </summary>
public static partial class MeaningCheck
{
    public static IReadOnlyList<string> Unused(QuestionText q, IReadOnlyList<Mention> mentions, ParsedQuestion parsed, int latestYear)
    {
        if (!parsed.IsFunction) return [];
        var function = FunctionCatalog.Get(parsed.Intent);
        var args = parsed.Arguments;
        var text = q.Normalized;
        var unused = new List<string>();

        // Nothing in the catalog leaves units out by name: "ยกเว้นกรมX" answered as if it were not there would include X.
        foreach (Match m in Exclusion().Matches(text)) unused.Add(m.Value.Trim());

        if (Average().Match(text) is { Success: true } average && parsed.Intent is not ("group_summary" or "unit_vs_group" or "published_figure" or "describe"))
            unused.Add(average.Value);

        // A round other than the latest, stated and not answered ("ปี 2565" read as this year), changes every number.
        if (function.TakesYear || function.Takes("from_year"))
            foreach (var year in YearsSaid(text))
                if (year != latestYear && !new[] { "year", "from_year", "to_year" }.Any(k => args.GetValueOrDefault(k) is int y && y == year))
                    unused.Add(string.Create(CultureInfo.InvariantCulture, $"ปี {year}"));

        // A pillar or sub-indicator named by its own name and not answered about: the overall score is another number.
        if (function.Takes("pillar"))
            foreach (var m in mentions.Where(m => m.Kind is EntityKind.Pillar or EntityKind.SubIndicator && !m.IsAmbiguous && m.End - m.Start >= 6
                && !Cues.GenericFrameworkWords.Contains(m.Surface)))
            {
                var value = m.Entities[0].Value;
                var said = m.Kind == EntityKind.Pillar ? args.GetValueOrDefault("pillar") is int p && p.ToString(CultureInfo.InvariantCulture) == value
                    || args.GetValueOrDefault("sub_indicator") is string sub && sub.StartsWith(value + ".", StringComparison.Ordinal)
                    : args.GetValueOrDefault("sub_indicator") as string == value;
                if (!said) unused.Add(q.NormalizedSpan(m.Start, m.End).Trim());
            }

        // A set of units: a level, filter or grouping the call ignores changes which units are meant.
        if (function.OverPopulation || parsed.Intent == "unit_vs_group")
        {
            foreach (var level in LevelsSaid(text))
                if (!Covers(args, level) && parsed.Intent is not ("level_distribution" or "describe"))
                    unused.Add(string.Create(CultureInfo.InvariantCulture, $"ระดับ {level}"));
            if (GroupWord().Match(text) is { Success: true } grouping && !args.ContainsKey("group_by") && function.Takes("group_by"))
                unused.Add(grouping.Value.Trim());
            foreach (var m in mentions)
            {
                var (name, value) = m.Kind switch
                {
                    EntityKind.Ministry => ("ministry", m.Entities[0].Value),
                    EntityKind.Region => ("region", m.Entities[0].Value),
                    EntityKind.AgencyType => ("agency_type", m.Entities[0].Value),
                    EntityKind.Mission => ("mission", m.Entities[0].Value),
                    _ => ("", ""),
                };
                if (name.Length == 0 || m.IsAmbiguous) continue;
                // Two of a kind named together is a grouping ("ภาคเหนือกับภาคใต้"); the one named is a filter or the group a unit is compared with.
                var used = Equals(args.GetValueOrDefault(name), value) || args.GetValueOrDefault("group_by") is string by && ByOf(name) == by
                    || parsed.Intent == "unit_vs_group" && args.GetValueOrDefault("scope") is string scope && ByOf(name) == scope
                    || !function.Takes(name) && parsed.Intent != "unit_vs_group";
                if (!used) unused.Add(m.Entities[0].NameTh);
            }
        }
        return unused.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Years written in full, BE or CE ("2565", "2022", "๒๕๖๕" after normalising), as BE.</summary>
    private static IEnumerable<int> YearsSaid(string text)
    {
        foreach (Match m in FullYear().Matches(text))
        {
            var v = int.Parse(m.Value, CultureInfo.InvariantCulture);
            yield return v < 2400 ? v + 543 : v;
        }
    }

    [GeneratedRegex(@"(?<![0-9.])(?:25[6-7][0-9]|20[1-3][0-9])(?![0-9.])")]
    private static partial Regex FullYear();

    private static string ByOf(string filter) => filter == "agency_type" ? "type" : filter;

    /// <summary>Level numbers the question states ("ระดับ 1 หรือ 2", "level 3", "ระดับ ๔"): each must be inside what the call asks.</summary>
    private static IEnumerable<int> LevelsSaid(string text)
    {
        foreach (Match m in LevelNumbers().Matches(text))
        {
            yield return m.Groups["a"].Value[0] - '0';
            foreach (Capture c in m.Groups["b"].Captures) yield return c.Value[0] - '0';
        }
    }

    private static bool Covers(IReadOnlyDictionary<string, object?> args, int level)
    {
        if (args.GetValueOrDefault("level") is int one) return one == level;
        if (args.GetValueOrDefault("levels") is IEnumerable<int> set) return set.Contains(level);
        var lo = args.GetValueOrDefault("min_level") as int?;
        var hi = args.GetValueOrDefault("max_level") as int?;
        // "ต่ำกว่าระดับ 3" is max_level 2 and "สูงกว่าระดับ 2" min_level 3: the stated number is the bound's neighbour.
        if (lo is not null || hi is not null)
            return (lo is null || level >= lo - 1) && (hi is null || level <= hi + 1);
        return false;
    }

    [GeneratedRegex(@"ยกเว้น|ไม่รวม|ไม่นับ|เว้นแต่|นอกจาก(?!นี้)|\bexcept(?:ing)?\b|\bexcluding\b|\bexclude\b|\bother than\b|\bnot counting\b", RegexOptions.IgnoreCase)]
    private static partial Regex Exclusion();

    [GeneratedRegex(@"ค่าเฉลี่ย|เฉลี่ย|มัธยฐาน|ค่ากลาง|\baverage\b|\bavg\b|\bmean\b|\bmedian\b", RegexOptions.IgnoreCase)]
    private static partial Regex Average();

    [GeneratedRegex(@"แยกตาม\S*|แต่ละ(?:กระทรวง|ภาค|ประเภท|ภารกิจ)|ราย(?:กระทรวง|ภาค|ประเภท)|\bby (?:ministry|region|type|mission)\b", RegexOptions.IgnoreCase)]
    private static partial Regex GroupWord();

    // "ตกระดับ 5 อันดับ" is "the top 5 at risk of dropping a level": neither ตกระดับ/ลดระดับ nor a number before อันดับ/แห่ง is a level.
    [GeneratedRegex(@"(?<!ตก|ลด|ขึ้น|เลื่อน)(?:ระดับ(?:ที่)?|\blevels?\b|\blv\.?)\s*(?<a>[1-5])(?![0-9.])(?!\s*(?:อันดับ|แห่ง|หน่วย|จังหวัด|กรม|ราย|คน|ปี|รอบ))(?:\s*(?:-|–|—|ถึง|to|หรือ|or|กับ|และ|and|,|/)\s*(?:ระดับ(?:ที่)?|levels?)?\s*(?<b>[1-5])(?![0-9.]))*", RegexOptions.IgnoreCase)]
    private static partial Regex LevelNumbers();
}
