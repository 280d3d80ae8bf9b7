using Microsoft.Extensions.Options;
using SkiaSharp;

namespace DgBot.Web.Charts;

/// <summary>
/// The font charts are drawn with, chosen by family name from Charts:FontFamilies: the first family that is installed under
/// that very name (fontconfig substitutes silently otherwise) and has glyphs for Thai, Latin letters and digits. DejaVu, the
/// usual default, draws Thai as empty boxes, so there is no silent fallback: without such a font, charts are off and the log
/// says why, once, at start-up.
/// </summary>
public sealed class ChartFont
{
    /// <summary>Characters every chart uses: Thai with stacked marks, Latin, digits and the punctuation of titles.</summary>
    public const string Coverage = "ระดับที่ ผู้ใหญ่ น้ำ ชื่อ ปี พ.ศ. ABC xyz 0123456789 (%) · – …";

    public string? Family { get; }
    public SKTypeface? Typeface { get; }
    public bool Available => Typeface is not null;
    public IReadOnlyList<string> Tried { get; }

    public ChartFont(IOptions<ChartOptions> options, ILogger<ChartFont> logger)
    {
        Tried = options.Value.FontFamilyList;
        foreach (var family in Tried)
        {
            if (Find(family) is not { } typeface) continue;
            Family = typeface.FamilyName;
            Typeface = typeface;
            logger.LogInformation("Charts are drawn with the font family {Family}", Family);
            return;
        }
        logger.LogError("No Thai-capable chart font is installed (tried {Families}): chart images are OFF and answers carry no chart links. " +
                        "Install Debian's fonts-thai-tlwg (apt-get install fonts-thai-tlwg) or set Charts:FontFamilies to an installed Thai font",
            string.Join(", ", Tried));
    }

    /// <summary>The installed typeface of exactly this family, if it covers <see cref="Coverage"/>; null otherwise.</summary>
    public static SKTypeface? Find(string family)
    {
        var typeface = SKFontManager.Default.MatchFamily(family);
        if (typeface is null) return null;
        if (!string.Equals(typeface.FamilyName, family, StringComparison.OrdinalIgnoreCase) || !typeface.ContainsGlyphs(Coverage))
        {
            typeface.Dispose();
            return null;
        }
        return typeface;
    }
}
