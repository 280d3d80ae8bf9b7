namespace DgBot.Core.Language;

/// <summary>
/// Slips in the few words every grouping or population phrase leans on ("แยกตามกระทวง", "wacthlist"), put right before anything
/// else reads the question. Both lists are fixed and small and each check is length-gated, so the cost stays linear in the question.
/// </summary>
internal static class Slips
{
    /// <summary>Head words of groups and populations. A slip is one letter dropped; forms that are part of the word itself
    /// ("กระทรว" in กระทรวง) are never slips, and the head words are too long for a dropped letter to make another real word.</summary>
    private static readonly string[] HeadWords = ["กระทรวง", "จังหวัด", "หน่วยงาน", "ส่วนราชการ", "รัฐวิสาหกิจ"];

    private static readonly (string Slip, string Word)[] HeadSlips = HeadWords
        .SelectMany(w => Enumerable.Range(0, w.Length).Select(i => (Slip: w.Remove(i, 1), Word: w)))
        .Where(p => !HeadWords.Any(h => h.Contains(p.Slip, StringComparison.Ordinal)) && !IsMark(p.Slip[^1]) && !IsMark(p.Slip[0]))
        .Concat(new (string Slip, string Word)[] { ("กะทรวง", "กระทรวง"), ("จังหวัก", "จังหวัด") })
        .DistinctBy(p => p.Slip)
        .ToArray();

    /// <summary>English keywords DCIOs type on a phone; only words of seven letters or more are corrected.</summary>
    private static readonly string[] Keywords =
    [
        "watchlist", "distribution", "benchmark", "breakdown", "ministry", "province", "provinces", "department", "departments",
        "recommendation", "recommendations", "comparison", "timeline", "percentage", "mission", "obstacle", "obstacles", "response", "percentile",
    ];

    public static string Correct(string text)
    {
        foreach (var (slip, word) in HeadSlips)
            if (text.Contains(slip, StringComparison.Ordinal)) text = text.Replace(slip, word, StringComparison.Ordinal);
        return HasLatinWord(text) ? CorrectLatin(text) : text;
    }

    private static bool IsMark(char c) => c is >= '\u0e31' and <= '\u0e3a' or >= '\u0e47' and <= '\u0e4e';

    private static bool HasLatinWord(string text)
    {
        var run = 0;
        foreach (var c in text)
            if ((run = c is >= 'a' and <= 'z' ? run + 1 : 0) >= 7) return true;
        return false;
    }

    private static string CorrectLatin(string text)
    {
        var b = new System.Text.StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] is < 'a' or > 'z') { b.Append(text[i++]); continue; }
            var start = i;
            while (i < text.Length && text[i] is >= 'a' and <= 'z') i++;
            var token = text[start..i];
            b.Append(token.Length is >= 7 and <= 20 ? Closest(token) ?? token : token);
        }
        return b.ToString();
    }

    /// <summary>The keyword the token is a slip of: one edit (a swap of neighbours counts as one) for words of 7–11 letters,
    /// two for longer ones; a word that is itself a keyword ("percentile") is never changed.</summary>
    private static string? Closest(string token)
    {
        // Checked first: otherwise "provinces" would be one edit from "province", listed before it, and lose its s.
        if (Keywords.Contains(token, StringComparer.Ordinal)) return null;
        foreach (var k in Keywords)
        {
            var allowed = k.Length >= 12 ? 2 : 1;
            if (Math.Abs(k.Length - token.Length) <= allowed && Distance(token, k, allowed) <= allowed) return k;
        }
        return null;
    }

    /// <summary>Optimal string alignment distance, stopped once every cell of a row is above <paramref name="limit"/>.</summary>
    private static int Distance(string a, string b, int limit)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            var best = int.MaxValue;
            for (int j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var v = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = Math.Min(v, d[i - 2, j - 2] + 1);
                d[i, j] = v;
                best = Math.Min(best, v);
            }
            if (best > limit) return best;
        }
        return d[a.Length, b.Length];
    }
}
