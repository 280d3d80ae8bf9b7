using System.Text;

namespace DgBot.Core.Text;

/// <summary>Normalises what people type: NFKC, Thai digits, zero-width characters, ำ written as ํ + า, repeated spaces.</summary>
public static class ThaiText
{
    public static string Normalize(string input)
    {
        // NFKC decomposes ำ (U+0E33) into ํ + า, so the two spellings are folded back to ำ after it, not before.
        var s = (input ?? "").Normalize(NormalizationForm.FormKC).Replace("\u0e4d\u0e32", "\u0e33", StringComparison.Ordinal);
        var b = new StringBuilder(s.Length);
        var space = false;
        foreach (var ch in s)
        {
            if (ch is '\u200b' or '\u200c' or '\u200d' or '\ufeff' || char.IsControl(ch) && ch != '\n') continue;
            var c = ch is >= '\u0e50' and <= '\u0e59' ? (char)('0' + (ch - '\u0e50')) : ch;
            if (char.IsWhiteSpace(c)) { if (!space && b.Length > 0) b.Append(' '); space = true; continue; }
            space = false;
            b.Append(c);
        }
        return b.ToString().Trim();
    }
}
