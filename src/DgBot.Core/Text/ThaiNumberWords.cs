namespace DgBot.Core.Text;

/// <summary>
/// Numbers spelt in Thai words, in text already passed through <see cref="ThaiText.Normalize"/> (which turns Thai digits into
/// Arabic ones): "เก้าสิบเก้าจุดเก้าเก้า" = 99.99, "สองพันห้าร้อยหกสิบเจ็ด" = 2567, "ยี่สิบเอ็ด" = 21, "หนึ่งล้านสองแสน" =
/// 1,200,000, with or without spaces between the words. Digits after จุด are read one by one, as Thai reads decimals.
/// Thai has no spaces between words, so a number word is taken only where it can stand as a word: not in the middle of a
/// syllable ("สี่" in เสี่ยง, "หก" in วิสาหกิจ, "สาม" in สามารถ) and not in the few ordinary words listed in
/// <see cref="NotNumbers"/>. Where the reading is unsure it leans to reading a number, which the guard then asks a source for.
/// </summary>
public static class ThaiNumberWords
{
    /// <summary>A number found: where it is in the text, its value and how many decimals were spelt.</summary>
    public readonly record struct Found(int Start, int Length, decimal? Value, int Decimals);

    private enum Kind { Digit, Ed, Yi, Multiplier, Million, Point }

    // No word here is a prefix of another, so the first that matches at a position is the only one.
    private static readonly (string Word, Kind Kind, int Value)[] Words =
    [
        ("ศูนย์", Kind.Digit, 0), ("หนึ่ง", Kind.Digit, 1), ("สอง", Kind.Digit, 2), ("สาม", Kind.Digit, 3), ("สี่", Kind.Digit, 4),
        ("ห้า", Kind.Digit, 5), ("หก", Kind.Digit, 6), ("เจ็ด", Kind.Digit, 7), ("แปด", Kind.Digit, 8), ("เก้า", Kind.Digit, 9),
        ("เอ็ด", Kind.Ed, 1), ("ยี่", Kind.Yi, 2),
        ("สิบ", Kind.Multiplier, 10), ("ร้อย", Kind.Multiplier, 100), ("พัน", Kind.Multiplier, 1_000),
        ("หมื่น", Kind.Multiplier, 10_000), ("แสน", Kind.Multiplier, 100_000), ("ล้าน", Kind.Million, 1_000_000),
        ("จุด", Kind.Point, 0),
    ];

    /// <summary>Ordinary words that hold a number word where it could stand as one: ร้อยละ is "per cent" (the number follows it),
    /// เรียบร้อย "done", พันธกิจ "mission", สัมพันธ์ "relation", เก้าอี้ "chair", ห้าม "must not", ห้าง "store".</summary>
    private static readonly string[] NotNumbers = ["ร้อยละ", "เรียบร้อย", "ร้อยกรอง", "พันธ", "ผูกพัน", "ล้านนา", "เก้าอี้", "ยี่ห้อ", "ห้าม", "ห้าง"];

    /// <summary>The province ร้อยเอ็ด, unless a number word runs into it ("หนึ่งร้อยเอ็ด" is 101).</summary>
    private const string RoiEt = "ร้อยเอ็ด";

    /// <summary>More words than any real number needs: the reading stops there, and what it read is reported as unreadable.</summary>
    private const int MaxWords = 40;

    public static IEnumerable<Found> Find(string text)
    {
        var blocked = Blocked(text);
        var i = 0;
        while (i < text.Length)
        {
            if (Word(text, i, blocked) is not { } first || !CanStart(text, i, first, blocked))
            {
                i++;
                continue;
            }
            var (found, end) = Read(text, i, blocked);
            if (found is { } f) yield return f;
            i = Math.Max(end, i + 1);
        }
    }

    private static bool[] Blocked(string text)
    {
        var blocked = new bool[text.Length];
        foreach (var word in NotNumbers)
            for (var at = text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.Ordinal))
                Array.Fill(blocked, true, at, word.Length);
        return blocked;
    }

    private static bool CanStart(string text, int i, (string Word, Kind Kind, int Value) w, bool[] blocked) => w.Kind switch
    {
        Kind.Ed or Kind.Point => false,
        // ศูนย์ alone is far more often "centre" (ศูนย์ข้อมูล) than zero; it counts only as the start of "ศูนย์จุด…".
        Kind.Digit when w.Value == 0 => NextWordAt(text, i + w.Word.Length, blocked, false) is ({ Kind: Kind.Point }, _),
        Kind.Multiplier when string.CompareOrdinal(text, i, RoiEt, 0, RoiEt.Length) == 0 => false,
        _ => true,
    };

    /// <summary>Reads one number from <paramref name="start"/>; returns it and where reading stopped.</summary>
    private static (Found? Found, int End) Read(string text, int start, bool[] blocked)
    {
        decimal total = 0, group = 0;
        int? digit = null;
        var lastMultiplier = int.MaxValue;
        var afterMultiplier = false;
        var end = start;
        var pos = start;
        var words = 0;
        decimal fraction = 0;
        var decimals = 0;
        try
        {
            checked
            {
                while (NextWordAt(text, pos, blocked, end == start) is { } next)
                {
                    var (w, at) = next;
                    if (++words > MaxWords) return (new Found(start, end - start, null, 0), end);
                    var after = at + w.Word.Length;
                    switch (w.Kind)
                    {
                        case Kind.Digit:
                            if (digit is not null) goto done;
                            digit = w.Value;
                            afterMultiplier = false;
                            break;
                        case Kind.Yi:
                            if (digit is not null || Word(text, after, blocked) is not { Value: 10 }) goto done;
                            digit = 2;
                            afterMultiplier = false;
                            break;
                        case Kind.Ed:
                            if (!afterMultiplier || digit is not null) goto done;
                            digit = 1;
                            afterMultiplier = false;
                            break;
                        case Kind.Multiplier:
                            if (w.Value >= lastMultiplier) goto done;
                            group += (digit ?? 1) * (decimal)w.Value;
                            digit = null;
                            lastMultiplier = w.Value;
                            afterMultiplier = true;
                            break;
                        case Kind.Million:
                            // "ล้าน" alone is one million; after millions it multiplies them again ("หนึ่งล้านล้าน").
                            var n = group + (digit ?? 0);
                            total = n == 0 && total == 0 ? w.Value : (total + n) * w.Value;
                            group = 0;
                            digit = null;
                            lastMultiplier = int.MaxValue;
                            afterMultiplier = true;
                            break;
                        case Kind.Point:
                            // Decimals are digit words read one by one ("จุดเก้าเก้า"); จุด with none after it is the word "point"
                            // (จุดแข็ง, จุดอ่อน), and the number ends before it.
                            var p = after;
                            while (NextWordAt(text, p, blocked, false) is ({ Kind: Kind.Digit } d, var dAt))
                            {
                                if (++words > MaxWords) return (new Found(start, end - start, null, 0), end);
                                decimals++;
                                fraction += d.Value / Pow10(decimals);
                                p = dAt + d.Word.Length;
                            }
                            if (decimals > 0) end = p;
                            goto done;
                    }
                    end = pos = after;
                }
            done:
                if (end == start) return (null, start + 1);
                var value = total + group + (digit ?? 0) + fraction;
                return (new Found(start, end - start, value, decimals), end);
            }
        }
        catch (OverflowException)
        {
            return (new Found(start, end - start, null, 0), end);
        }
    }

    private static decimal Pow10(int n)
    {
        decimal p = 1;
        for (var k = 0; k < n; k++) p *= 10;
        return p;
    }

    /// <summary>The next word at <paramref name="pos"/>, or after one space there; the first word of a number is never after a space.</summary>
    private static ((string Word, Kind Kind, int Value) Word, int At)? NextWordAt(string text, int pos, bool[] blocked, bool first)
    {
        if (Word(text, pos, blocked) is { } here) return (here, pos);
        if (!first && pos < text.Length && text[pos] == ' ' && Word(text, pos + 1, blocked) is { } spaced) return (spaced, pos + 1);
        return null;
    }

    /// <summary>The number word at <paramref name="i"/>, when it stands there as a word.</summary>
    private static (string Word, Kind Kind, int Value)? Word(string text, int i, bool[] blocked)
    {
        if (i >= text.Length || blocked[i]) return null;
        // After a leading vowel the letters belong to that syllable: "สี่" in เสี่ยง.
        if (i > 0 && text[i - 1] is >= '\u0e40' and <= '\u0e44') return null;
        foreach (var w in Words)
        {
            if (string.CompareOrdinal(text, i, w.Word, 0, w.Word.Length) != 0) continue;
            var j = i + w.Word.Length;
            // A vowel or mark right after the word means its last letter starts the next syllable ("สาม" + า in สามารถ,
            // "หก" + ิ in วิสาหกิจ); a letter silenced by ์ after it belongs to the word ("พัน" + ธ์ in สัมพันธ์).
            if (j < text.Length && IsFollowingMark(text[j])) return null;
            if (j + 1 < text.Length && text[j] is >= '\u0e01' and <= '\u0e2e' && text[j + 1] == '\u0e4c') return null;
            return w;
        }
        return null;
    }

    /// <summary>Vowels and marks written after (or above, below) the consonant they belong to: ะ า ำ, ั ิ ี ึ ื ุ ู ฺ, ็ ่ ้ ๊ ๋ ์ ํ.</summary>
    private static bool IsFollowingMark(char c) => c is '\u0e30' or '\u0e32' or '\u0e33' or '\u0e31' or >= '\u0e34' and <= '\u0e3a' or >= '\u0e47' and <= '\u0e4e';
}
