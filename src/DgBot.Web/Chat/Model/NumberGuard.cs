using System.Globalization;
using System.Text.RegularExpressions;

namespace DgBot.Web.Chat.Model;

/// <summary>
/// DESIGN §1: every number in the model's text must come from the deterministic layer. A number passes when it appears in
/// the function results the model was given or in the user's own question: equal in value (63.5 = 63.50, 1,234 = 1234,
/// ๖๓.๕ = 63.5), or a source value rounded to the decimals the model wrote (59.2105 → 59.21). Codes with several dots
/// (2.1.4.1) must appear as written. Whole numbers are never taken as roundings, so a score of 2.6 cannot become "ระดับ 3".
/// </summary>
public static partial class NumberGuard
{
    // Thousands groups first ("1,234.5"), then plain numbers and dotted codes ("63.45", "2.1.4.1"). A lone comma between
    // digits that are not a thousands group ("ระดับ 3,4") separates two numbers.
    [GeneratedRegex(@"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)*", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();

    /// <summary>The numbers of <paramref name="text"/> that appear in none of <paramref name="sources"/>; empty when the text passes.</summary>
    public static IReadOnlyList<string> Unsupported(string text, IEnumerable<string> sources)
    {
        var values = new List<decimal>();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in sources)
            foreach (var token in Tokens(source))
                if (token.Value is { } v) values.Add(v); else codes.Add(token.Text);

        var unsupported = new List<string>();
        foreach (var token in Tokens(text))
        {
            var ok = token.Value is { } v
                ? values.Any(s => s == v || token.Decimals > 0 && Math.Round(s, token.Decimals, MidpointRounding.AwayFromZero) == v)
                : codes.Contains(token.Text);
            if (!ok) unsupported.Add(token.Text);
        }
        return unsupported;
    }

    /// <summary>Every number in the text, Thai digits (๐–๙) read as Arabic ones.</summary>
    public static IEnumerable<(string Text, decimal? Value, int Decimals)> Tokens(string text)
    {
        foreach (Match m in NumberPattern().Matches(ArabicDigits(text)))
        {
            var s = m.Value;
            var plain = s.Replace(",", "", StringComparison.Ordinal);
            if (plain.Count(c => c == '.') > 1) { yield return (s, null, 0); continue; }
            if (!decimal.TryParse(plain, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)) { yield return (s, null, 0); continue; }
            var dot = plain.IndexOf('.', StringComparison.Ordinal);
            yield return (s, value, dot < 0 ? 0 : plain.Length - dot - 1);
        }
    }

    private static string ArabicDigits(string text) =>
        string.Create(text.Length, text, (span, t) =>
        {
            for (int i = 0; i < t.Length; i++) span[i] = t[i] is >= '๐' and <= '๙' ? (char)('0' + (t[i] - '๐')) : t[i];
        });
}
