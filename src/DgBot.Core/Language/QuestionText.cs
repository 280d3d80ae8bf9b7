using System.Text;
using DgBot.Core.Text;

namespace DgBot.Core.Language;

/// <summary>
/// A question in the three forms matching needs: normalised (DESIGN §6, lower case), compact (no spaces or dots, so
/// abbreviations match with or without them) and tone-free; with maps back so a match in one form is a span in the others.
/// </summary>
public sealed partial class QuestionText
{
    [System.Text.RegularExpressions.GeneratedRegex("<script[^>]{0,200}>.{0,500}?</script>|<[^<>]{0,200}>", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.Singleline)] private static partial System.Text.RegularExpressions.Regex Markup();

    /// <summary>The normalised character right after a compact span, or '\0' (for "กรมชลฯ": the ฯ marks an abbreviated name).</summary>
    public char NormalizedAfter(int end)
    {
        var n = CompactMap[end - 1] + 1;
        return n < Normalized.Length ? Normalized[n] : '\0';
    }

    /// <summary>Words that may stand right before a short name ("เทียบกับน่าน", "ของปภ"): elsewhere a short name is likely part of
    /// an ordinary word (แพร่ in เผยแพร่, เลย in ดีเลย, อบก in ตอบกลับ).</summary>
    private static readonly string[] Connectors =
    [
        "กับ", "และ", "ของ", "เทียบ", "ระหว่าง", "หรือ", "แล้ว", "ส่วน", "ขอ", "ดู", "ใน", "จังหวัด", "ที่", "เป็น", "คือ", "ถึง", "ให้",
        "ว่า", "ผล", "คะแนน", "ระดับ", "อันดับ", "ข้อมูล", "สำหรับ", "เฉพาะ", "แต่", "กระทรวง", "ทั้ง", "อย่าง", "ตาม", "ภาค",
        "vs", "เช่น", "นอกจาก", "ผม", "ฉัน", "หนู", "เรา", "จาก", "ประจำ",
    ];

    private static readonly string[] StrictConnectors = ["จังหวัด", "กับ", "และ", "เทียบ", "vs", "แล้ว", "ของ"];

    public string Original { get; }
    public string Normalized { get; }
    public string Compact { get; }
    public string Toneless { get; }
    /// <summary>Compact index → normalised index.</summary>
    public int[] CompactMap { get; }
    /// <summary>Loose index (tone marks and short vowels dropped, similar letters folded; see <see cref="Gazetteer.Loose"/>) → compact index.</summary>
    public int[] TonelessMap { get; }

    public QuestionText(string question)
    {
        Original = question ?? "";
        // Markup pasted or injected ("<img onerror=...>") is not part of a question.
        Normalized = Slips.Correct(Markup().Replace(ThaiText.Normalize(Original), " ").ToLowerInvariant());
        var compact = new StringBuilder(Normalized.Length);
        var map = new List<int>(Normalized.Length);
        var run = 0;
        var runStart = 0;
        for (int i = 0; i < Normalized.Length; i++)
        {
            var c = Normalized[i];
            if (Gazetteer.IsSeparator(c)) continue;
            // Letters held down for emphasis ("ดีจ้าาา", "พังงาาา", "บุคลากรรร") count once; a doubled consonant (ธรรม) and an
            // abbreviation made of one letter (ททท, สสส) stay.
            if (compact.Length > 0 && compact[^1] == c) run++;
            else { run = 1; runStart = compact.Length; }
            var vowel = IsDependent(c) || c is 'า' or 'ะ' || c is >= '\u0e48' and <= '\u0e4c';
            // A letter run only joins the word before it when written against it: "ของ ททท." keeps ททท.
            if (run >= 2 && vowel || run >= 3 && runStart > 0 && IsThaiLetter(compact[runStart - 1]) && map[runStart] == map[runStart - 1] + 1) continue;
            compact.Append(c);
            map.Add(i);
        }
        Compact = compact.ToString();
        CompactMap = [.. map];
        var toneless = new StringBuilder(Compact.Length);
        var tmap = new List<int>(Compact.Length);
        for (int i = 0; i < Compact.Length; i++)
        {
            if (Gazetteer.IsSilent(Compact, i)) continue;
            if (Gazetteer.LooseChar(Compact[i]) is not { } c) continue;
            toneless.Append(c);
            tmap.Add(i);
        }
        Toneless = toneless.ToString();
        TonelessMap = [.. tmap];
    }

    /// <summary>The compact end of a loose span ending before loose index <paramref name="looseEnd"/>, marks skipped by the loose form included.</summary>
    public int LooseEnd(int looseEnd) => looseEnd < TonelessMap.Length ? TonelessMap[looseEnd] : Compact.Length;

    /// <summary>The normalised text a compact span came from (spaces and dots included).</summary>
    public string NormalizedSpan(int start, int end) =>
        end <= start ? "" : Normalized[CompactMap[start]..(CompactMap[end - 1] + 1)];

    private static bool IsThaiLetter(char c) => c is >= '\u0e01' and <= '\u0e4e';
    private static bool IsLatinLetter(char c) => c is >= 'a' and <= 'z';

    /// <summary>Vowels and marks written above, below or after a consonant: a Thai syllable never starts with one.</summary>
    private static bool IsDependent(char c) => c is '\u0e30' or '\u0e31' or '\u0e32' or '\u0e33' or >= '\u0e34' and <= '\u0e3a' or >= '\u0e47' and <= '\u0e4e';

    /// <summary>Vowels written before their consonant (เ แ โ ใ ไ): a syllable never ends with one.</summary>
    private static bool IsLeading(char c) => c is >= '\u0e40' and <= '\u0e44';

    /// <summary>
    /// A name may only match whole Thai character clusters: "อย" is not found in "อยู่" (the ู belongs to it), nor "ลย" in "เลย".
    /// </summary>
    public bool IsClusterBoundary(int start, int end)
    {
        // Neighbours are read in the compact text: a duplicate vowel dropped from it (ศึกษาา) or a space is not a neighbour.
        if (IsDependent(Compact[start])) return false;
        if (start > 0 && IsLeading(Compact[start - 1]) && CompactMap[start] == CompactMap[start - 1] + 1) return false;
        if (end < Compact.Length && IsDependent(Compact[end])) return false;
        if (IsLeading(Compact[end - 1])) return false;
        return true;
    }

    /// <summary>Whether a name may start at this compact position (not on a vowel or mark that belongs to the previous letter).</summary>
    public bool StartsCluster(int start)
    {
        var n = CompactMap[start];
        return !IsDependent(Normalized[n]) && (n == 0 || !IsLeading(Normalized[n - 1]));
    }

    /// <summary>Written with a dot inside or right after it (ตร., สป.มท.), as abbreviations are.</summary>
    public bool IsDotted(int start, int end)
    {
        var nStart = CompactMap[start];
        var nEnd = CompactMap[end - 1] + 1;
        return Normalized.AsSpan(nStart, nEnd - nStart).Contains('.') || nEnd < Normalized.Length && Normalized[nEnd] == '.';
    }

    /// <summary>
    /// A short or everyday name counts only where it stands as a word: written with dots (ปภ.), between spaces or
    /// punctuation, at the start, or right after a connecting word.
    /// </summary>
    public bool IsGuardedMatchAllowed(int start, int end, bool strict = false)
    {
        var nStart = CompactMap[start];
        var nEnd = CompactMap[end - 1] + 1;
        var first = Normalized[nStart];
        if (IsLatinLetter(first) || char.IsDigit(first))
        {
            // A short code may not straddle words ("Hi, I'm" is not HII).
            if (end - start <= 4 && Normalized.AsSpan(nStart, nEnd - nStart).IndexOfAny(" ,.'-/") >= 0) return false;
            var beforeOk = nStart == 0 || !IsLatinLetter(Normalized[nStart - 1]) && !char.IsDigit(Normalized[nStart - 1]);
            var afterOk = nEnd >= Normalized.Length || !IsLatinLetter(Normalized[nEnd]);
            return beforeOk && afterOk;
        }
        // Right: the name must end where a word ends ("สปก.ควร" is สปก., not สป.กค. + วร; "กรอบ" is not กรอ.).
        var rightOk = nEnd >= Normalized.Length || !IsThaiLetter(Normalized[nEnd]) || EndsAWord(Compact, end);
        if (!rightOk) return false;
        var span = Normalized.AsSpan(nStart, nEnd - nStart);
        var dotted = span.Contains('.') || nEnd < Normalized.Length && Normalized[nEnd] is '.' or 'ฯ';
        // Two Thai letters without a dot (คน, ผล) are usually a word: only a standalone pair is read as an abbreviation.
        if (!dotted && end - start <= 2 && !strict)
            return (nStart == 0 || !IsThaiLetter(Normalized[nStart - 1])) && (nEnd >= Normalized.Length || !IsThaiLetter(Normalized[nEnd]));
        if (span.Contains('.') || nEnd < Normalized.Length && Normalized[nEnd] is '.' or 'ฯ') return true;
        if (nStart == 0 || !IsThaiLetter(Normalized[nStart - 1])) return true;
        var before = Compact.AsSpan(0, start);
        foreach (var c in strict ? StrictConnectors : Connectors)
            if (before.EndsWith(c, StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>Words that introduce a region ("ในอีสาน", "ฝั่งใต้", "แถวเหนือ"); a bare direction word elsewhere is ordinary Thai.</summary>
    private static readonly string[] RegionIntroducers = ["ใน", "ภาค", "ฝั่ง", "แถว", "โซน", "ทาง", "ของ", "ภายใน"];

    /// <summary>The group a region filters, right after it ("อีสานจังหวัดไหน", "ในใต้หน่วยงานไหน").</summary>
    private static readonly string[] GroupHeads = ["จังหวัด", "กรม", "หน่วยงาน", "ส่วนราชการ", "ทั้งหมด"];

    /// <summary>
    /// "ในอีสานจังหวัดไหนดีสุด": a region alias written against the group it filters. It counts when it opens the question (or
    /// follows a space or punctuation) or follows a word that introduces a place; "ใต้/เหนือ/กลาง" inside a sentence stay words.
    /// </summary>
    public bool IsRegionBeforeGroup(int start, int end)
    {
        var nStart = CompactMap[start];
        if (!IsThaiLetter(Normalized[nStart])) return false;
        if (!GroupHeads.Any(h => string.CompareOrdinal(Compact, end, h, 0, h.Length) == 0)) return false;
        if (nStart == 0 || !IsThaiLetter(Normalized[nStart - 1])) return true;
        var before = Compact.AsSpan(0, start);
        foreach (var w in RegionIntroducers)
            if (before.EndsWith(w, StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>Words that commonly follow a name in a question: a short or partial name must stop right before one of them.</summary>
    private static readonly string[] AfterName =
    [
        "อยู่", "ได้", "มี", "ระดับ", "อันดับ", "ลำดับ", "ควร", "ปี", "เป็น", "ล่ะ", "ละ", "ครับ", "คับ", "ค่ะ", "คะ", "ไหม", "มั้ย", "คะแนน", "ผล", "ต้อง",
        "เทียบ", "กับ", "และ", "ติด", "ย้อน", "แนวโน้ม", "เสี่ยง", "จะ", "ด้าน", "ตัวชี้วัด", "มิติ", "ของ", "หน่อย", "บ้าง", "ที่", "ไหน", "อะไร", "เท่า",
        "ตอนนี้", "ล่าสุด", "หรือ", "vs", "ดี", "แย่", "เก่ง", "ขึ้น", "ตก", "ลด", "เป็นไง", "ยังไง", "แล้ว", "ก็", "นะ", "จ้า", "ด้วย", "ใน", "ตาม", "เรื่อง",
        "ทำ", "แนะนำ", "เสนอ", "บอก", "สรุป", "มา", "ไป", "กี่", "ใคร", "อย่างไร", "โดย", "แต่", "เลย", "จริง", "เพราะ", "ทำไม", "ปรับ", "พัฒนา", "ขอ", "ช่วย",
    ];

    public static bool EndsAWord(string compact, int end) =>
        end >= compact.Length || compact[end] is < '\u0e01' or > '\u0e4e' || AfterName.Any(w => string.CompareOrdinal(compact, end, w, 0, w.Length) == 0);
}
