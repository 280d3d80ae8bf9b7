using System.Globalization;
using System.Text.RegularExpressions;
using DgBot.Core.Queries;
using DgBot.Core.Reference;

namespace DgBot.Core.Text;

/// <summary>What a question asks for: an intent, and for data intents the catalog function and its arguments.</summary>
public sealed record RoutedQuestion(string Intent, string? Plugin, string? Function, IReadOnlyDictionary<string, object?> Arguments,
    IReadOnlyList<UnitRef> Units, UnitResolution? Ambiguous);

/// <summary>Context a conversation carries from one question to the next.</summary>
public sealed record ConversationContext(UnitRef? Unit = null, int? Pillar = null, string? SubIndicator = null, int? Year = null);

/// <summary>
/// A keyword router: enough to choose catalog functions and arguments for common questions until the full Thai parser
/// (DESIGN §6) replaces it. Everything it decides is visible in the /api/ask trace.
/// </summary>
public sealed partial class KeywordRouter(UnitResolver units, ReferenceData reference, Func<int> latestYear)
{
    private readonly (string Term, string Code)[] _subTerms = reference.SubIndicators
        .SelectMany(s => s.EverydayTerms.Append(s.NameTh).Append(s.NameEn).Select(t => (Term: t.ToLowerInvariant(), s.Code)))
        .OrderByDescending(t => t.Term.Length).ToArray();
    private readonly (string Term, int Pillar)[] _pillarTerms = reference.Pillars
        .SelectMany(p => p.EverydayTerms.Append(p.NameTh).Append(p.NameEn).Select(t => (Term: t.ToLowerInvariant(), p.Id)))
        .OrderByDescending(t => t.Term.Length).ToArray();

    private static readonly string[] FigureWords = ["อัตราการตอบกลับ", "ตอบกลับ", "บุคลากรไอที", "อุปสรรค", "dcio", "คลาวด์", "gdcc", "รายงาน", "ปัญหา", "pcio"];

    public RoutedQuestion Route(string question, ConversationContext context)
    {
        var text = ThaiText.Normalize(question);
        var lower = text.ToLowerInvariant();
        var args = new Dictionary<string, object?>();
        RoutedQuestion Intent(string intent) => new(intent, null, null, args, [], null);
        if (Has(lower, "สวัสดี", "hello", "hi ", "หวัดดี") && lower.Length < 25) return Intent("greeting");
        if (Has(lower, "ช่วยอะไร", "ทำอะไรได้", "วิธีใช้", "help", "ถามอะไรได้")) return Intent("help");

        var found = units.FindIn(text);
        var ambiguous = found.FirstOrDefault(f => f.Unit is null && f.Candidates.Count > 1);
        var named = found.Where(f => f.Unit is not null).Select(f => f.Unit!).DistinctBy(u => u.Id).ToList();
        if (Has(lower, "หน่วยงานของฉัน", "หน่วยงานเรา", "ของเรา", "จังหวัดเรา", "จังหวัดของฉัน") && context.Unit is not null && named.Count == 0) named.Add(context.Unit);

        var sub = SubCode().Match(text) is { Success: true } m ? m.Value : _subTerms.FirstOrDefault(t => t.Term.Length >= 3 && lower.Contains(t.Term, StringComparison.Ordinal)).Code;
        int? pillar = PillarNumber().Match(text) is { Success: true } pm ? int.Parse(pm.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        if (pillar is null && sub is null)
        {
            var hit = _pillarTerms.FirstOrDefault(t => t.Term.Length >= 3 && lower.Contains(t.Term, StringComparison.Ordinal));
            if (hit.Term is not null) pillar = hit.Pillar;
        }
        var year = Year(lower, context);
        var followUp = named.Count == 0 && ambiguous is null && context.Unit is not null && Has(lower, "แล้ว", "ล่ะ", "ละ", "ปีที่แล้ว", "ปีก่อน");
        if (followUp) named.Add(context.Unit!);
        if (followUp || named.Count > 0 && pillar is null && sub is null && Has(lower, "แล้ว", "ล่ะ"))
        {
            pillar ??= context.Pillar;
            sub ??= context.SubIndicator;
        }
        if (sub is not null) args["sub_indicator"] = sub;
        else if (pillar is not null) args["pillar"] = pillar;
        if (year is not null) args["year"] = year;

        if (ambiguous is not null && named.Count == 0)
            return new RoutedQuestion("clarify", null, null, args, [], ambiguous);

        RoutedQuestion Call(string plugin, string function) => new("function", plugin, function, args, named, null);
        var population = Has(lower, "จังหวัด", "province") ? Population.Province : Population.Department;

        if (named.Count >= 2 && Has(lower, "เทียบ", "กับ", "compare", "vs"))
        {
            args["units"] = named.Take(SurveyQueries.MaxCompared).Select(u => u.Id).ToArray();
            return Call("maturity", "compare_units");
        }
        if (named.Count >= 1)
        {
            args["unit"] = named[0].Id;
            if (Has(lower, "เสี่ยง", "risk")) { args.Remove("year"); args.Remove("pillar"); args.Remove("sub_indicator"); return Call("risk", "unit_risk"); }
            if (Has(lower, "อันดับ", "ที่เท่าไร", "ที่เท่าไหร่", "rank", "ลำดับ"))
            {
                args["scope"] = Has(lower, "กระทรวง") ? "ministry" : Has(lower, "ภาค") ? "region" : Has(lower, "ประเภท") ? "type" : Has(lower, "พันธกิจ", "ภารกิจ") ? "mission" : "all";
                return Call("maturity", "unit_rank");
            }
            if (Has(lower, "ปรับ", "จุดอ่อน", "ขึ้นระดับ", "ทำอะไร", "แก้", "ควร", "gap", "ยกระดับ", "พัฒนา")) return Call("maturity", "unit_gaps");
            if (Has(lower, "แนวโน้ม", "ย้อนหลัง", "ทุกปี", "trend", "ทุกรอบ")) { args.Remove("year"); return Call("maturity", "unit_trend"); }
            return Call("maturity", "unit_profile");
        }

        if (Has(lower, "ข้อเสนอแนะ", "recommend", "นโยบายที่เสนอ"))
        {
            args.Clear();
            var area = new[] { "ข้อมูล", "ทักษะ", "บุคลากร", "บริการ", "AI", "ปัญญาประดิษฐ์", "งบประมาณ" }.FirstOrDefault(a => text.Contains(a, StringComparison.OrdinalIgnoreCase));
            if (area is not null) args["area"] = area;
            return Call("report", "recommendations");
        }
        if (Has(lower, "ความหมาย", "คืออะไร", "หมายถึง", "อธิบาย", "คือ"))
        {
            args.Remove("year");
            if (LevelNumber().Match(text) is { Success: true } lm) args["level"] = int.Parse(lm.Groups[1].Value, CultureInfo.InvariantCulture);
            return Call("framework", "describe");
        }
        if (FigureWords.Any(w => lower.Contains(w, StringComparison.Ordinal)) && !Has(lower, "ระดับ"))
        {
            args.Clear();
            args["topic"] = text;
            if (Has(lower, "จังหวัด")) args["population"] = Population.Province;
            return Call("report", "published_figure");
        }
        args["population"] = population;
        if (Has(lower, "ดีที่สุด", "สูงสุด", "top", "ต่ำที่สุด", "แย่ที่สุด", "ต่ำสุด", "อันดับแรก", "ท้ายสุด"))
        {
            args["order"] = Has(lower, "ต่ำที่สุด", "แย่ที่สุด", "ต่ำสุด", "ท้ายสุด") ? "worst" : "best";
            if (CountNumber().Match(text) is { Success: true } nm) args["n"] = int.Parse(nm.Groups[1].Value, CultureInfo.InvariantCulture);
            return Call("analytics", "top_units");
        }
        if (Has(lower, "ลดระดับ", "ตกระดับ", "ระดับลด", "ระดับขึ้น", "ขยับขึ้น", "ดีขึ้น"))
        {
            args.Remove("year");
            args["direction"] = Has(lower, "ลด", "ตก") ? "regressed" : "improved";
            return Call("analytics", "movers");
        }
        if (LevelNumber().Match(text) is { Success: true } level && Has(lower, "ไหนบ้าง", "รายชื่อ", "อะไรบ้าง", "ได้แก่", "list"))
        {
            args["level"] = int.Parse(level.Groups[1].Value, CultureInfo.InvariantCulture);
            return Call("analytics", "list_units");
        }
        if (Has(lower, "กี่", "สัดส่วน", "ร้อยละ", "เปอร์เซ็นต์", "%", "การกระจาย", "distribution", "ระดับ"))
        {
            var groupBy = Has(lower, "แยกตามประเภท", "แต่ละประเภท") ? "type" : Has(lower, "แยกตามกระทรวง", "แต่ละกระทรวง") ? "ministry"
                : Has(lower, "แยกตามภาค", "แต่ละภาค") ? "region" : Has(lower, "พันธกิจ") ? "mission" : null;
            if (groupBy is not null) args["group_by"] = groupBy;
            return Call("analytics", "level_distribution");
        }
        return new RoutedQuestion("out_of_scope", null, null, new Dictionary<string, object?>(), [], null);
    }

    private int? Year(string lower, ConversationContext context)
    {
        if (YearNumber().Match(lower) is { Success: true } y)
        {
            var value = int.Parse(y.Value, CultureInfo.InvariantCulture);
            return value < 2500 ? value + 543 : value;
        }
        if (Has(lower, "ปีที่แล้ว", "ปีก่อน", "รอบก่อน")) return (context.Year ?? latestYear()) - 1;
        return null;
    }

    private static bool Has(string text, params string[] words) => words.Any(w => text.Contains(w, StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex(@"(?<![\d.])[1-7]\.[1-4](?![\d.])")] private static partial Regex SubCode();
    [GeneratedRegex(@"(?:ตัวชี้วัด(?:ที่)?|มิติ(?:ที่)?|ด้านที่|pillar)\s*([1-7])(?![\d.])", RegexOptions.IgnoreCase)] private static partial Regex PillarNumber();
    [GeneratedRegex(@"ระดับ(?:ที่)?\s*([1-5])(?!\d)")] private static partial Regex LevelNumber();
    [GeneratedRegex(@"(?<!\d)(25[5-9]\d|20[1-5]\d)(?!\d)")] private static partial Regex YearNumber();
    [GeneratedRegex(@"(\d{1,2})\s*(?:อันดับ|แห่ง|หน่วยงาน|จังหวัด)")] private static partial Regex CountNumber();
}
