using System.Text;

namespace DgBot.Core.Text;

/// <summary>Normalises what people type: NFKC, Thai digits, zero-width characters, ำ written as ํ + า, repeated spaces.</summary>
public static class ThaiText
{
    public static string Normalize(string input)
    {
        // NFKC decomposes ำ (U+0E33) into ํ + า, so the two spellings are folded back to ำ after it, not before.
        var s = WellFormed(input ?? "").Normalize(NormalizationForm.FormKC).Replace("\u0e4d\u0e32", "\u0e33", StringComparison.Ordinal);
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

    /// <summary>
    /// The one form names and cue words are compared in, by the parser's gazetteer and by <c>UnitResolver</c> alike: the text
    /// normalised as above, without separators (spaces, dots, dashes, quotes, brackets, ฯ), in lower case. "สป.มท.", "สป มท"
    /// and "สปมท" are the same key; so are "อุบลฯ" and "อุบล", "๒๕๖๗" and "2567".
    /// </summary>
    public static string Key(string text)
    {
        var s = Normalize(text);
        var b = new StringBuilder(s.Length);
        foreach (var ch in s)
            if (!IsSeparator(ch)) b.Append(char.ToLowerInvariant(ch));
        return b.ToString();
    }

    /// <summary>Characters that never tell two names apart.</summary>
    public static bool IsSeparator(char c) => c is ' ' or '.' or '-' or '_' or '\'' or '"' or '(' or ')' or ',' or '/' or ':' or ';' or '\u200b' or 'ฯ' or '“' or '”' or '’' || char.IsWhiteSpace(c);

    /// <summary>
    /// The text with every lone surrogate and the noncharacters U+FFFE/U+FFFF replaced by U+FFFD: string.Normalize throws on
    /// them, and a pasted or truncated message (or a JSON "\ud800" escape) can carry one.
    /// </summary>
    public static string WellFormed(string input)
    {
        int i = 0;
        for (; i < input.Length; i++)
        {
            if (input[i] < '\uD800') continue;
            if (input[i] >= '\uFFFE') break;
            if (!char.IsSurrogate(input[i])) continue;
            if (char.IsHighSurrogate(input[i]) && i + 1 < input.Length && char.IsLowSurrogate(input[i + 1])) { i++; continue; }
            break;
        }
        if (i >= input.Length) return input;
        var chars = input.ToCharArray();
        for (; i < chars.Length; i++)
        {
            if (chars[i] >= '\uFFFE') { chars[i] = '\uFFFD'; continue; }
            if (!char.IsSurrogate(chars[i])) continue;
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1])) { i++; continue; }
            chars[i] = '\uFFFD';
        }
        return new string(chars);
    }
}
