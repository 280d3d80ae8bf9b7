using System.Globalization;
using System.Text.RegularExpressions;
using DgBot.Core.Text;

namespace DgBot.Web.Chat.Model;

/// <summary>
/// DESIGN §1: every number in the model's text must come from the deterministic layer. A number passes when it appears in
/// the function results the model was given or in the user's own question: equal in value (63.5 = 63.50, 1,234 = 1234,
/// ๖๓.๕ = 63.5, เก้าสิบเก้าจุดเก้าเก้า = 99.99), or a source value rounded to the decimals the model wrote (59.2105 → 59.21).
/// Codes with several dots (2.1.4.1) must appear as written. Whole numbers are never taken as roundings, so a score of 2.6
/// cannot become "ระดับ 3".
/// <para>
/// <see cref="Check"/> also asks whose number it is (<see cref="GuardEvidence"/>): a line that names a unit or group may only
/// hold numbers returned for what it names or for no unit in particular (a count of units, a year), and a line that names
/// none only numbers of a unit or group named somewhere in the answer (in the question, when the answer names none). Every unit the answer names must be one
/// a function returned; with no successful call, nothing is a source, so the answer can hold neither a number nor a unit.
/// </para>
/// </summary>
public static partial class NumberGuard
{
    /// <summary>A number as written: its text, its value (null for a code such as 2.1.4.1, or a spelt number too long to
    /// read) and how many decimals it was written with.</summary>
    public readonly record struct Token(string Text, decimal? Value, int Decimals);

    /// <summary>Why an answer cannot be used, if it cannot: numbers no function returned, numbers returned for a unit or group
    /// other than the ones named beside them, and units named that no function returned.</summary>
    public sealed record Verdict(IReadOnlyList<string> Unsupported, IReadOnlyList<string> Misplaced, IReadOnlyList<string> UnreturnedUnits)
    {
        public bool NumbersPass => Unsupported.Count == 0 && Misplaced.Count == 0;
        public bool Passes => NumbersPass && UnreturnedUnits.Count == 0;
    }

    // Thousands groups first ("1,234.5"), then plain numbers and dotted codes ("63.45", "2.1.4.1"). A lone comma between
    // digits that are not a thousands group ("ระดับ 3,4") separates two numbers. \d takes digits of any script: those that
    // normalising leaves (Arabic-Indic, say) do not parse, so they count as codes, which no result holds.
    [GeneratedRegex(@"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)*", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();

    /// <summary>The numbers of <paramref name="text"/> that appear in none of <paramref name="sources"/>; empty when the text passes.</summary>
    public static IReadOnlyList<string> Unsupported(string text, IEnumerable<string> sources)
    {
        var known = sources.SelectMany(Tokens).ToList();
        return Tokens(text).Where(t => !known.Any(s => Matches(t, s))).Select(t => t.Text).ToList();
    }

    /// <summary>
    /// Whether the model's answer passes, with what the functions returned (<paramref name="results"/>, as the model saw them)
    /// and the question; <paramref name="names"/> reads which units and groups each line names.
    /// </summary>
    public static Verdict Check(string answer, string question, IReadOnlyList<string> results, AnswerNames names)
    {
        var evidence = GuardEvidence.From(results, question);
        var asked = names.Find(question, evidence.Groups);
        // Lines, not sentences: Thai marks neither sentence ends nor word ends, and a model writes one unit per line or bullet.
        var lines = answer.Split('\n').Select(l => (Text: l, Named: names.Find(l, evidence.Groups))).ToList();
        // A line that names nobody speaks of what the answer names; of what the question named only when the answer names
        // nothing ("คะแนนภาพรวม 56.52 ครับ" to "กรมที่ดินอยู่ระดับไหน"), so the question cannot lend a unit to a figure under
        // another unit's heading.
        var anywhere = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in lines) anywhere.UnionWith(line.Named.Owners);
        if (anywhere.Count == 0) anywhere.UnionWith(asked.Owners);

        var unreturned = lines.SelectMany(l => l.Named.Units)
            .Where(m => !m.Ids.Any(evidence.ReturnedUnits.Contains))
            .Select(m => m.Surface).Distinct().ToList();

        var unsupported = new List<string>();
        var misplaced = new List<string>();
        foreach (var (text, named) in lines)
        {
            var allowed = named.Owners.Count > 0 ? named.Owners : anywhere;
            foreach (var token in Tokens(text))
            {
                var facts = evidence.Facts.Where(f => Matches(token, f.Token)).ToList();
                if (facts.Count == 0) unsupported.Add(token.Text);
                else if (!facts.Any(f => f.Owners.Count == 0 || f.Owners.Overlaps(allowed))) misplaced.Add(token.Text);
            }
        }
        return new Verdict(unsupported, misplaced, unreturned);
    }

    /// <summary>Every number in the text: digits (Thai ones read as Arabic by <see cref="ThaiText.Normalize"/>) and numbers
    /// spelt in Thai words.</summary>
    public static IEnumerable<Token> Tokens(string text)
    {
        var s = ThaiText.Normalize(text);
        foreach (Match m in NumberPattern().Matches(s))
        {
            var written = m.Value;
            var plain = written.Replace(",", "", StringComparison.Ordinal);
            if (plain.Count(c => c == '.') > 1) { yield return new Token(written, null, 0); continue; }
            if (!decimal.TryParse(plain, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)) { yield return new Token(written, null, 0); continue; }
            var dot = plain.IndexOf('.', StringComparison.Ordinal);
            yield return new Token(written, value, dot < 0 ? 0 : plain.Length - dot - 1);
        }
        foreach (var found in ThaiNumberWords.Find(s))
            yield return new Token(s.Substring(found.Start, found.Length), found.Value, found.Decimals);
    }

    /// <summary>Whether a number written in the answer is <paramref name="source"/>, as it stands or rounded.</summary>
    public static bool Matches(Token written, Token source) => written.Value is { } v
        ? source.Value is { } s && (s == v || written.Decimals > 0 && Math.Round(s, written.Decimals, MidpointRounding.AwayFromZero) == v)
        : source.Value is null && string.Equals(source.Text, written.Text, StringComparison.Ordinal);
}
