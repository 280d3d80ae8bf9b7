using DgBot.Core.Formatting;
using DgBot.Web.Charts;
using DgBot.Web.Tests.Teams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SkiaSharp;

namespace DgBot.Web.Tests.Charts;

/// <summary>Thai in chart images must be Thai, not the empty boxes ("tofu") a font without Thai glyphs draws.</summary>
[Collection("teams")]
public sealed class ThaiFontTests(TeamsWorld world) : IDisposable
{
    private readonly ChartsFactory _factory = new(world.Db);

    public void Dispose() => _factory.Dispose();

    private T Service<T>() where T : notnull
    {
        using var _ = _factory.CreateClient();
        return _factory.Services.GetRequiredService<T>();
    }

    /// <summary>A real chart title, with stacked marks (น้ำ, ที่) as the formatter words it.</summary>
    private string Title()
    {
        var f = Service<ThaiFormatter>();
        return f.T("chart.profile.title", ("unit", "สำนักงานทรัพยากรน้ำแห่งชาติ"), ("year", 2567)) + " " +
               f.T("chart.profile.subtitle", ("peers", f.T("chart.peers.type", ("group", "หน่วยงานราชการ"))), ("n", 149));
    }

    [Fact]
    public void The_chart_font_is_a_Thai_font_picked_by_family_whose_typeface_has_a_glyph_for_every_character_of_a_title()
    {
        var font = Service<ChartFont>();
        var title = Title();

        Assert.True(font.Available);
        Assert.Contains(font.Family, new[] { "Loma", "Garuda", "Waree" });
        Assert.True(font.Typeface!.ContainsGlyphs(title), $"{font.Family} lacks glyphs for: {title}");
        // The same check fails for a font without Thai, so it can tell.
        using var dejavu = SKFontManager.Default.MatchFamily("DejaVu Sans");
        Assert.NotNull(dejavu);
        Assert.False(dejavu.ContainsGlyphs(title));
        Assert.Null(ChartFont.Find("DejaVu Sans"));
    }

    [Fact]
    public void Thai_drawn_in_the_chart_font_differs_from_the_same_text_drawn_as_tofu()
    {
        var family = Service<ChartFont>().Family!;
        var title = Title();

        var thai = Draw(title, family);
        // The control is the chart font's own "missing glyph" drawing: one unassigned code point per Thai letter. (A title
        // requested in DejaVu Sans is not a reliable control: ScottPlot may fall back to an installed font that has the
        // glyphs, and did in full test runs; that DejaVu lacks Thai glyphs is asserted on its typeface above.)
        var missing = Draw(new string('\u0378', title.Length), family);

        Assert.NotEqual(Ink(missing), Ink(thai));
        Assert.True(Differences(thai, missing) > 500, "the Thai rendering is too close to missing-glyph boxes");
    }

    [Fact]
    public async Task Without_a_Thai_font_the_host_says_so_at_start_up_and_answers_carry_no_chart_link()
    {
        await using var factory = new ChartsFactory(world.Db, new() { ["Charts:FontFamilies"] = "DejaVu Sans, No Such Font" });
        using var client = factory.CreateClient();

        Assert.Contains(factory.Logs.Lines, l => l.Level == LogLevel.Error && l.Message.Contains("fonts-thai-tlwg") && l.Message.Contains("DejaVu Sans"));
        var json = await factory.AskAsync(client, "จังหวัดระดับ 1 ด้านไซเบอร์กี่จังหวัด", "no-font");
        Assert.Equal("level_distribution", json.GetProperty("intent").GetString());
        Assert.True(json.TryGetProperty("rich", out _));
        Assert.False(json.TryGetProperty("chartUrl", out _));
    }

    /// <summary>The text as a chart title in the given family, drawn by ScottPlot as the charts are.</summary>
    private static SKBitmap Draw(string text, string family)
    {
        var plot = new ScottPlot.Plot();
        plot.Title(text, size: 16);
        plot.Axes.Title.Label.FontName = family;
        plot.Axes.Title.FullFigureCenter = true;
        lock (ChartRenderer.Gate) return SKBitmap.Decode(plot.GetImageBytes(1000, 160, ScottPlot.ImageFormat.Png));
    }

    private static int Ink(SKBitmap b) => b.Pixels.Count(p => p.Red < 128);

    private static int Differences(SKBitmap a, SKBitmap b) => a.Pixels.Zip(b.Pixels).Count(p => p.First != p.Second);
}
