using System.Globalization;
using DgBot.Core.Formatting;
using DgBot.Core.Queries;
using Microsoft.Extensions.Options;
using ScottPlot;

namespace DgBot.Web.Charts;

/// <summary>
/// Draws the three chart kinds as PNG with ScottPlot, every label in the Thai font <see cref="ChartFont"/> chose and every word
/// from the formatter's templates. Sized for a phone (800×500 by default; grouped distributions grow with their groups).
/// </summary>
public sealed class ChartRenderer(ChartFont font, ThaiFormatter f, IOptions<ChartOptions> options)
{
    // Levels 1–5 from red to green (ColorBrewer RdYlGn), the order readers expect of "worse" to "better".
    private static readonly Color[] LevelColors = [Color.FromHex("#d73027"), Color.FromHex("#fc8d59"), Color.FromHex("#fee08b"), Color.FromHex("#91cf60"), Color.FromHex("#1a9850")];
    private static readonly Color Ink = Color.FromHex("#222222");
    private static readonly Color Muted = Color.FromHex("#666666");
    private static readonly Color PeerColor = Color.FromHex("#9e9e9e");
    private const int MaxGroups = 25;
    private const int MaxLabel = 32;
    private const int MaxTitle = 72;

    public static Color LevelColor(int level) => LevelColors[Math.Clamp(level, 1, 5) - 1];

    private string Family => font.Family ?? throw new InvalidOperationException("no Thai chart font is installed");

    /// <summary>The PNG of a chart query's record; <paramref name="note"/> (the synthetic-data line) is printed under the chart.</summary>
    /// <summary>
    /// ScottPlot and SkiaSharp keep process-wide font caches that are not safe to fill from several threads at once (two charts
    /// drawn together could pick up the wrong typeface); charts are cached, so drawing one at a time costs little.
    /// </summary>
    public static readonly Lock Gate = new();

    public byte[] Render(object data, string? note)
    {
        lock (Gate) return RenderUnlocked(data, note);
    }

    private byte[] RenderUnlocked(object data, string? note) => data switch
    {
        LevelDistribution { GroupBy: null } d => Distribution(d, note),
        LevelDistribution d => GroupedDistribution(d, note),
        PeerComparison p => Profile(p, note),
        TrendChart t => Trend(t.Trend, t.LevelMins, note),
        _ => throw new ArgumentException($"no chart for {data.GetType().Name}", nameof(data)),
    };

    private Plot NewPlot(string title, string? subtitle, string? note)
    {
        var plt = new Plot();
        plt.Font.Set(Family);
        plt.Title(subtitle is null ? Short(title, MaxTitle) : Short(title, MaxTitle) + "\n" + Short(subtitle, MaxTitle), size: 16);
        plt.Axes.Title.FullFigureCenter = true;
        plt.Axes.Title.Label.ForeColor = Ink;
        plt.Axes.Title.Label.FontName = Family;
        plt.Grid.MajorLineColor = Color.FromHex("#e6e6e6");
        if (!string.IsNullOrEmpty(note))
        {
            // A second bottom axis with no ticks is the simplest footer ScottPlot lays out for us.
            var footer = plt.Axes.AddBottomAxis();
            footer.SetTicks([], []);
            footer.FrameLineStyle.Width = 0;
            footer.MajorTickStyle.Length = 0;
            footer.MinorTickStyle.Length = 0;
            footer.LabelText = note;
            Style(footer.LabelStyle, 11, Muted);
            footer.LabelStyle.Bold = false;
        }
        return plt;
    }

    private void Style(LabelStyle label, float size, Color? color = null)
    {
        label.FontName = Family;
        label.FontSize = size;
        label.ForeColor = color ?? Ink;
    }

    private byte[] Png(Plot plt, int? height = null) => plt.GetImageBytes(options.Value.Width, height ?? options.Value.Height, ImageFormat.Png);

    private string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    private string? FilterText(UnitFilter filter)
    {
        var parts = new[] { filter.Ministry, filter.AgencyType, filter.Region }.Where(p => p is not null).ToList();
        return parts.Count == 0 ? null : f.T("chart.distribution.filter", ("filter", string.Join(" ", parts)));
    }

    private Plot DistributionPlot(LevelDistribution d, string? subtitle, string? note) =>
        NewPlot(f.T("chart.distribution.title", ("population", f.Population(d.Population)), ("key", f.Key(d.Key)), ("year", d.Year)), subtitle, note);

    private byte[] Distribution(LevelDistribution d, string? note)
    {
        var g = d.Groups[0];
        var subtitle = string.Join(" · ", new[] { FilterText(d.Filter), f.T("chart.distribution.respondents", ("n", g.Respondents)) }.Where(s => s is not null));
        var plt = DistributionPlot(d, subtitle, note);
        var bars = g.Levels.Select(l => new Bar
        {
            Position = l.Level,
            Value = l.Count,
            FillColor = LevelColor(l.Level),
            LineColor = Ink.WithAlpha(0.6),
            Label = f.T("chart.distribution.bar", ("count", l.Count), ("share", ThaiFormatter.Percent(l.Share))),
        }).ToList();
        var plot = plt.Add.Bars(bars);
        Style(plot.ValueLabelStyle, 15);
        plot.ValueLabelStyle.Bold = true;
        plt.Axes.Bottom.SetTicks(g.Levels.Select(l => (double)l.Level).ToArray(),
            g.Levels.Select(l => f.T("chart.level", ("level", l.Level)) + "\n" + f.LevelName(l.Level)).ToArray());
        Style(plt.Axes.Bottom.TickLabelStyle, 13);
        Style(plt.Axes.Left.TickLabelStyle, 12);
        plt.YLabel(f.T("chart.distribution.count_axis"), 14);
        plt.Axes.Left.Label.FontName = Family;
        var max = Math.Max(1, g.Levels.Max(l => l.Count));
        plt.Axes.SetLimits(0.4, 5.6, 0, max * 1.18);
        plt.Grid.XAxisStyle.MajorLineStyle.IsVisible = false;
        return Png(plt);
    }

    /// <summary>Grouped: one 100 % bar per group, split by level, with each segment's count; groups top to bottom in the query's order.</summary>
    private byte[] GroupedDistribution(LevelDistribution d, string? note)
    {
        var groups = d.Groups.Take(MaxGroups).ToList();
        var subtitle = string.Join(" · ", new[] { f.T("chart.distribution.group_by." + d.GroupBy), FilterText(d.Filter),
            f.T("chart.distribution.respondents", ("n", d.Groups.Sum(g => g.Respondents))) }.Where(s => s is not null));
        var plt = DistributionPlot(d, subtitle, note);
        var bars = new List<Bar>();
        for (var i = 0; i < groups.Count; i++)
        {
            var y = groups.Count - 1 - i;
            double start = 0;
            foreach (var l in groups[i].Levels)
            {
                if (l.Count == 0) continue;
                bars.Add(new Bar
                {
                    Position = y,
                    ValueBase = start,
                    Value = start + l.Share,
                    Size = 0.7,
                    FillColor = LevelColor(l.Level),
                    LineColor = Colors.White,
                    // Count and share fit inside a segment of about 15 % of the width, a count alone from about 5 %.
                    Label = l.Share >= 15 ? f.T("chart.distribution.segment", ("count", l.Count), ("share", ThaiFormatter.Percent(l.Share)))
                        : l.Share >= 5 ? Count(l.Count) : "",
                    CenterLabel = true,
                });
                start += l.Share;
            }
        }
        var plot = plt.Add.Bars(bars);
        plot.Horizontal = true;
        Style(plot.ValueLabelStyle, 12);
        plt.Axes.Left.SetTicks(Enumerable.Range(0, groups.Count).Select(i => (double)(groups.Count - 1 - i)).ToArray(),
            groups.Select(g => f.T("chart.distribution.group_label", ("group", Short(g.Group ?? NoGroup(d.GroupBy))), ("n", g.Respondents))).ToArray());
        Style(plt.Axes.Left.TickLabelStyle, 12);
        Style(plt.Axes.Bottom.TickLabelStyle, 12);
        plt.XLabel(f.T("chart.distribution.share_axis"), 13);
        plt.Axes.Bottom.Label.FontName = Family;
        plt.Axes.SetLimits(0, 100.5, -0.6, groups.Count - 0.4);
        plt.Grid.YAxisStyle.MajorLineStyle.IsVisible = false;
        LevelLegend(plt);
        return Png(plt, Math.Max(options.Value.Height, 190 + 30 * groups.Count));
    }

    private string NoGroup(string? groupBy) => groupBy == "ministry" ? f.T("chart.distribution.no_group.ministry") : f.T("chart.distribution.no_group");

    private void LevelLegend(Plot plt)
    {
        foreach (var level in Enumerable.Range(1, 5))
            plt.Legend.ManualItems.Add(new LegendItem { LabelText = f.T("chart.level", ("level", level)), FillColor = LevelColor(level), LineColor = LevelColor(level) });
        Legend(plt);
    }

    private void Legend(Plot plt)
    {
        plt.Legend.FontName = Family;
        plt.Legend.FontSize = 12;
        plt.Legend.Orientation = Orientation.Horizontal;
        plt.ShowLegend(Edge.Bottom);
    }

    /// <summary>A unit's 7 pillars (top to bottom) beside its peers' median, over the level bands.</summary>
    private byte[] Profile(PeerComparison p, string? note)
    {
        var subtitle = p.PeerBy == ChartSource.HiddenPeers ? f.T("chart.profile.subtitle.hidden")
            : f.T("chart.profile.subtitle", ("peers", p.PeerBy == "population" ? f.T("chart.peers.population." + p.Unit!.Kind) : f.T("chart.peers." + p.PeerBy, ("group", p.PeerGroup))),
                ("n", p.Peers));
        var plt = NewPlot(f.T("chart.profile.title", ("unit", p.Unit!.NameTh), ("year", p.Year)), subtitle, note);
        var n = p.Pillars.Count;
        Bands(plt, p.LevelMins, vertical: true, labelAt: n - 0.55);

        var bars = new List<Bar>();
        for (var i = 0; i < n; i++)
        {
            var pillar = p.Pillars[i];
            var y = n - 1 - i;
            bars.Add(new Bar { Position = y + 0.19, Value = pillar.Score, Size = 0.36, FillColor = LevelColor(pillar.Level), LineColor = Ink.WithAlpha(0.5), Label = ThaiFormatter.Score(pillar.Score) });
            if (pillar.PeerMedian is { } median)
                bars.Add(new Bar { Position = y - 0.19, Value = median, Size = 0.36, FillColor = PeerColor, LineColor = PeerColor, Label = ThaiFormatter.Score(median) });
        }
        var plot = plt.Add.Bars(bars);
        plot.Horizontal = true;
        Style(plot.ValueLabelStyle, 11);
        plt.Axes.Left.SetTicks(Enumerable.Range(0, n).Select(i => (double)(n - 1 - i)).ToArray(),
            p.Pillars.Select(x => f.T("chart.pillar", ("pillar", x.Pillar), ("name", Short(f.PillarName(x.Pillar), 26)))).ToArray());
        Style(plt.Axes.Left.TickLabelStyle, 12);
        Style(plt.Axes.Bottom.TickLabelStyle, 12);
        plt.XLabel(f.T("chart.score_axis"), 13);
        plt.Axes.Bottom.Label.FontName = Family;
        plt.Axes.SetLimits(0, 108, -0.6, n - 0.1);
        plt.Grid.YAxisStyle.MajorLineStyle.IsVisible = false;
        plt.Legend.ManualItems.Add(new LegendItem { LabelText = f.T("chart.profile.unit_series", ("unit", p.Unit.NameTh)), FillColor = Colors.White, OutlineColor = Ink, OutlineWidth = 1 });
        plt.Legend.ManualItems.Add(new LegendItem { LabelText = f.T("chart.profile.peer_series"), FillColor = PeerColor, LineColor = PeerColor });
        Legend(plt);
        return Png(plt);
    }

    /// <summary>A unit's score in every round over the level bands; a round it did not answer is a gap in the line, marked as such.</summary>
    private byte[] Trend(UnitTrend t, IReadOnlyList<double> mins, string? note)
    {
        var plt = NewPlot(f.T("chart.trend.title", ("unit", t.Unit!.NameTh), ("key", f.Key(t.Key))), f.T("chart.trend.subtitle"), note);
        var rounds = t.Rounds;
        Bands(plt, mins, vertical: false, labelAt: rounds[0].Year - 0.45);
        // One line per run of answered rounds, so a missed round breaks the line instead of being bridged.
        var run = new List<TrendPoint>();
        void Flush()
        {
            if (run.Count == 0) return;
            var line = plt.Add.Scatter(run.Select(r => (double)r.Year).ToArray(), run.Select(r => r.Score!.Value).ToArray(), Color.FromHex("#1f4e79"));
            line.LineWidth = 3;
            line.MarkerSize = 0;
            run.Clear();
        }
        foreach (var r in rounds)
        {
            if (r.Responded) { run.Add(r); continue; }
            Flush();
            var gap = plt.Add.HorizontalSpan(r.Year - 0.35, r.Year + 0.35, Color.FromHex("#bdbdbd").WithAlpha(0.35));
            gap.LineWidth = 0;
            var label = plt.Add.Text(f.T("chart.trend.no_response"), r.Year, 8);
            Style(label.LabelStyle, 12, Muted);
            label.LabelAlignment = Alignment.MiddleCenter;
        }
        Flush();
        foreach (var r in rounds.Where(r => r.Responded))
        {
            plt.Add.Marker(r.Year, r.Score!.Value, MarkerShape.FilledCircle, 13, LevelColor(r.Level!.Value));
            var label = plt.Add.Text(ThaiFormatter.Score(r.Score.Value), r.Year, r.Score.Value);
            Style(label.LabelStyle, 13);
            label.LabelStyle.Bold = true;
            label.LabelAlignment = r.Score.Value > 88 ? Alignment.UpperCenter : Alignment.LowerCenter;
            label.OffsetY = r.Score.Value > 88 ? 10 : -10;
        }
        plt.Axes.Bottom.SetTicks(rounds.Select(r => (double)r.Year).ToArray(), rounds.Select(r => Count(r.Year)).ToArray());
        Style(plt.Axes.Bottom.TickLabelStyle, 13);
        Style(plt.Axes.Left.TickLabelStyle, 12);
        plt.XLabel(f.T("chart.year_axis"), 13);
        plt.YLabel(f.T("chart.score_axis"), 13);
        plt.Axes.Bottom.Label.FontName = Family;
        plt.Axes.Left.Label.FontName = Family;
        plt.Axes.SetLimits(rounds[0].Year - 0.5, rounds[^1].Year + 0.5, 0, 100);
        plt.Grid.XAxisStyle.MajorLineStyle.IsVisible = false;
        return Png(plt);
    }

    /// <summary>The five level bands, lightly tinted, with a dashed line at each lower bound and the level written in the band.</summary>
    /// <param name="labelAt">Where the level names go across the bands: the y of the top row (vertical bands), the x of the left edge (horizontal ones).</param>
    private void Bands(Plot plt, IReadOnlyList<double> mins, bool vertical, double labelAt)
    {
        var edges = new List<double> { 0 };
        edges.AddRange(mins);
        edges.Add(100);
        for (var i = 0; i < edges.Count - 1; i++)
        {
            var level = i + 1;
            var tint = LevelColor(level).WithAlpha(0.10);
            if (vertical) plt.Add.HorizontalSpan(edges[i], edges[i + 1], tint).LineWidth = 0;
            else plt.Add.VerticalSpan(edges[i], edges[i + 1], tint).LineWidth = 0;
            if (i > 0)
            {
                var line = vertical ? (ScottPlot.Plottables.AxisLine)plt.Add.VerticalLine(edges[i], 1, Muted.WithAlpha(0.7), LinePattern.Dashed)
                                    : plt.Add.HorizontalLine(edges[i], 1, Muted.WithAlpha(0.7), LinePattern.Dashed);
                line.ExcludeFromLegend = true;
            }
            var text = f.T("chart.level", ("level", level));
            var middle = (edges[i] + edges[i + 1]) / 2;
            var label = vertical ? plt.Add.Text(text, middle, labelAt) : plt.Add.Text(text, labelAt, middle);
            Style(label.LabelStyle, 11, Muted);
            label.LabelAlignment = vertical ? Alignment.LowerCenter : Alignment.MiddleLeft;
        }
    }

    private static string Short(string text, int max = MaxLabel) => text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";
}
