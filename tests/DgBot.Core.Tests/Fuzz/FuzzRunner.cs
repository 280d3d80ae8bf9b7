using System.Diagnostics;
using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace DgBot.Core.Tests.Fuzz;

/// <summary>
/// Runs one FsCheck property over <c>count</c> generated inputs, timing each call of the target with a Stopwatch after a
/// warm-up (JIT, first-use caches), and fails when any input takes <see cref="MaxMillisecondsPerInput"/> or more (an input
/// over the limit is timed again, best of six, since the test machine is shared).
/// Exceptions the target is not documented to throw fail the property, and FsCheck shrinks the input that caused them.
/// </summary>
public sealed class FuzzRunner(ITestOutputHelper output)
{
    public const double MaxMillisecondsPerInput = 100;
    public const int WarmUp = 200;

    public sealed record Stats(string Name, int Count, double MaxMs, double AverageMs, string Slowest);

    public Stats Run<T>(string name, Gen<T> gen, int count, Action<T> target, Func<T, string>? describe = null,
        Func<T, IEnumerable<T>>? shrink = null)
    {
        var arb = shrink is null ? Arb.From(gen) : Arb.From(gen, shrink);
        var show = describe ?? (x => x?.ToString() ?? "null");
        var inner = target;
        // The failing input and the whole stack go into the message, which is what a test log keeps.
        target = input =>
        {
            try { inner(input); }
            catch (Exception e) when (e is not FuzzFailure) { throw new FuzzFailure($"{name}: {show(input)} failed with {e}", e); }
        };
        // Warm-up inputs go through the target too (a crash there is still a crash), but are not timed or counted.
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(WarmUp).WithQuietOnSuccess(true).WithName(name + " (warm-up)"),
            Prop.ForAll(arb, (T input) => target(input)));

        int n = 0, retimed = 0;
        double total = 0, rawMax = 0, max = 0;
        string slowest = "";
        var watch = new Stopwatch();
        var property = Prop.ForAll(arb, (T input) =>
        {
            watch.Restart();
            target(input);
            watch.Stop();
            var ms = watch.Elapsed.TotalMilliseconds;
            n++;
            total += ms;
            rawMax = Math.Max(rawMax, ms);
            // The machine is shared: a slow call is timed again (best of five) before it counts, so a pause of the process
            // is not mistaken for an input that hangs the target.
            if (ms >= MaxMillisecondsPerInput)
            {
                retimed++;
                for (int i = 0; i < 5 && ms >= MaxMillisecondsPerInput; i++)
                {
                    watch.Restart();
                    target(input);
                    ms = Math.Min(ms, watch.Elapsed.TotalMilliseconds);
                }
            }
            if (ms > max) { max = ms; slowest = show(input); }
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(count).WithQuietOnSuccess(true).WithName(name), property);

        var stats = new Stats(name, n, max, n == 0 ? 0 : total / n, slowest.Length > 300 ? slowest[..300] + "…" : slowest);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"FUZZ {name}: {stats.Count} inputs, max {stats.MaxMs:0.###} ms, avg {stats.AverageMs:0.####} ms (first timing max {rawMax:0.#} ms, {retimed} re-timed); slowest: {stats.Slowest}"));
        Assert.True(stats.Count >= count, $"{name}: only {stats.Count} of {count} inputs ran");
        Assert.True(stats.MaxMs < MaxMillisecondsPerInput,
            $"{name}: the slowest input took {stats.MaxMs:0.#} ms (best of six; limit {MaxMillisecondsPerInput} ms): {stats.Slowest}");
        return stats;
    }
}

public sealed class FuzzFailure(string message, Exception inner) : Exception(message, inner);

/// <summary>Generators shared by the fuzz tests: arbitrary UTF-16 (lone surrogates included), Thai-heavy text, mutations.</summary>
public static class FuzzGen
{
    /// <summary>Mutated texts are cut to about 4k characters (and may be cut inside a surrogate pair).</summary>
    public const int MaxLength = 4096;

    public static readonly string[] ZeroWidth = ["\u200B", "\u200C", "\u200D", "\uFEFF", "\u2060", "\u00AD"];
    public static readonly string[] Emoji = ["😀", "👍🏽", "🇹🇭", "👨‍👩‍👧", "❤️", "🙏", "𝕏", "\U0001F600"];

    /// <summary>Any UTF-16 code unit, lone surrogates and control characters included.</summary>
    public static Gen<char> AnyChar => Gen.Choose(0, 0xFFFF).Select(c => (char)c);

    /// <summary>Thai consonants, vowels, tone and combining marks (the whole U+0E00–U+0E7F block, unassigned points too).</summary>
    public static Gen<char> ThaiChar => Gen.Choose(0x0E00, 0x0E7F).Select(c => (char)c);

    public static Gen<string> Piece => Gen.Frequency(
        (30, ThaiChar.Select(c => c.ToString())),
        (8, Gen.Elements("0", "1", "2", "5", "7", "9", "25", "2567", "2024", "66", "6.2", "3.1A")),
        (8, Gen.Choose(0x0E50, 0x0E59).Select(c => ((char)c).ToString())), // Thai digits ๐–๙
        (8, Gen.Elements(" ", "  ", "\t", "\n", "\r\n", "\u00A0", "\u3000")),
        (5, Gen.Elements(ZeroWidth)),
        (5, Gen.Choose(0x0300, 0x036F).Select(c => ((char)c).ToString())),  // combining diacritics
        (4, Gen.Elements(Emoji)),
        (6, Gen.Elements("กรม", "จังหวัด", "จ.", "สป.มท.", "ปี", "ระดับ", "อันดับ", "มิติที่", "ตัวชี้วัดที่", "ภาคเหนือ",
            "ปีที่แล้ว", "ย้อนหลัง", "เทียบกับ", "แล้ว", "ล่ะ", "ไหน", "ด้านไซเบอร์", "Department of", "DCIO", "ของฉัน", "ำ", "ํา")),
        (4, Gen.Elements(".", ",", "?", "!", "\"", "'", "(", ")", "-", "/", "\\", "%", "_", "*", "[", "]", "{", "}", "<at>", "&amp;")),
        (2, AnyChar.Select(c => c.ToString())));

    public static Gen<string> Pieces(int min, int max) =>
        Gen.Choose(min, max).SelectMany(n => Gen.ArrayOf(Piece, n)).Select(string.Concat);

    public static Gen<string> AnyString(int max) =>
        Gen.Choose(0, max).SelectMany(n => Gen.ArrayOf(AnyChar, n)).Select(a => new string(a));

    /// <summary>Whole code points, astral planes included, encoded as valid UTF-16.</summary>
    public static Gen<string> AnyScalars(int max) =>
        Gen.Choose(0, max).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 0x10FFFF).Where(c => c is < 0xD800 or > 0xDFFF), n))
            .Select(cps => string.Concat(cps.Select(char.ConvertFromUtf32)));

    /// <summary>One edit of a text: insert, delete, duplicate, cut (possibly inside a surrogate pair), repeat or digit swap.</summary>
    public static Gen<string> Mutate(string text) => Gen.Frequency((19, Gen.Choose(0, 9).Where(k => k != 4)), (1, Gen.Constant(4))).SelectMany(kind =>
        Gen.Choose(0, text.Length).SelectMany(a => Gen.Choose(0, text.Length).SelectMany(b => Piece.Select(piece =>
        {
            int lo = Math.Min(a, b), hi = Math.Max(a, b);
            return kind switch
            {
                0 => text.Insert(a, piece),
                1 => text.Remove(lo, hi - lo),
                2 => text.Insert(hi, text[lo..hi]),
                3 => text[..a],
                4 => string.Concat(Enumerable.Repeat(text + " ", 1 + (a % 40))),   // long, up to a few thousand characters
                5 => text.Insert(a, ZeroWidth[b % ZeroWidth.Length]),
                6 => string.Concat(text.Select(c => c is >= '0' and <= '9' ? (char)(c - '0' + 0x0E50) : c)),
                7 => text.Replace(" ", piece),
                8 => text.Length == 0 ? piece : text.Remove(a == text.Length ? a - 1 : a, 1).Insert(a == text.Length ? a - 1 : a, piece),
                _ => piece + text + piece,
            };
        }))));

    /// <summary>A text mutated one to four times in a row.</summary>
    public static Gen<string> Mutations(Gen<string> seeds) =>
        seeds.SelectMany(s => Gen.Choose(1, 4).SelectMany(times =>
        {
            var g = Gen.Constant(s);
            for (int i = 0; i < times; i++) g = g.SelectMany(Mutate).Select(m => m.Length > MaxLength ? m[..MaxLength] : m);
            return g;
        }));

    /// <summary>Smaller versions of a failing text: halves, then each character dropped (first 64), so a crash shrinks to its cause.</summary>
    public static IEnumerable<string> Shrink(string s)
    {
        if (s.Length == 0) yield break;
        if (s.Length > 1) { yield return s[..(s.Length / 2)]; yield return s[(s.Length / 2)..]; }
        for (int i = 0; i < Math.Min(s.Length, 64); i++) yield return s.Remove(i, 1);
    }

    public static string Describe(string s) =>
        $"len {s.Length}: \"" + string.Concat(s.Take(200).Select(c => c < ' ' || char.IsSurrogate(c) || c > '\u007e' && char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.OtherNotAssigned
            ? $"\\u{(int)c:X4}" : c.ToString())) + (s.Length > 200 ? "…" : "") + "\"";
}
