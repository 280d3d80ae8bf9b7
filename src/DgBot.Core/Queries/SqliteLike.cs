namespace DgBot.Core.Queries;

/// <summary>
/// SQLite's LIKE, for matching in memory what was once matched in SQL: '%' is any run of characters, '_' exactly one
/// character (a surrogate pair is one), no escape character, and letters compare case-insensitively only in ASCII (SQLite
/// without ICU, as Microsoft.Data.Sqlite ships it). Both sides are folded once with <see cref="Fold"/>, so that matching
/// is ordinal; a NULL value matches nothing.
/// </summary>
internal static class SqliteLike
{
    /// <summary>ASCII upper case to lower case, everything else as it is: the only case-insensitivity LIKE has.</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public static string? Fold(string? text)
    {
        if (text is null || text.AsSpan().IndexOfAnyInRange('A', 'Z') < 0) return text;
        return string.Create(text.Length, text, (span, s) =>
        {
            for (int k = 0; k < s.Length; k++) span[k] = s[k] is >= 'A' and <= 'Z' ? (char)(s[k] + ('a' - 'A')) : s[k];
        });
    }

    /// <summary>Whether a folded value is LIKE a folded pattern.</summary>
    public static bool Matches(string? value, string pattern)
    {
        if (value is null) return false;
        // The common '%word%': a plain substring search.
        if (pattern.Length >= 2 && pattern[0] == '%' && pattern[^1] == '%' && !pattern.AsSpan(1, pattern.Length - 2).ContainsAny('%', '_'))
            return value.Contains(pattern.AsSpan(1, pattern.Length - 2), StringComparison.Ordinal);
        return Match(value, 0, pattern, 0);
    }

    private static bool Match(string value, int v, string pattern, int p)
    {
        while (p < pattern.Length)
        {
            var c = pattern[p];
            if (c == '%')
            {
                while (p < pattern.Length && pattern[p] == '%') p++;
                if (p == pattern.Length) return true;
                for (int k = v; k <= value.Length; k++)
                    if (!InsidePair(value, k) && Match(value, k, pattern, p)) return true;
                return false;
            }
            if (v == value.Length) return false;
            if (c == '_')
            {
                v += char.IsHighSurrogate(value[v]) && v + 1 < value.Length && char.IsLowSurrogate(value[v + 1]) ? 2 : 1;
                p++;
                continue;
            }
            if (c != value[v]) return false;
            p++;
            v++;
        }
        return v == value.Length;
    }

    private static bool InsidePair(string s, int at) => at > 0 && at < s.Length && char.IsLowSurrogate(s[at]) && char.IsHighSurrogate(s[at - 1]);
}
