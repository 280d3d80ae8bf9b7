using System.ComponentModel;
using DgBot.Core.Queries;
using DgBot.Core.Risk;
using DgBot.Ml;
using DgBot.Web.Risk;
using Microsoft.SemanticKernel;

namespace DgBot.Web.Plugins;

/// <summary>The report's own figures and recommendations.</summary>
public sealed class ReportPlugin(SurveyQueries queries)
{
    [KernelFunction("published_figure")]
    [Description("ตัวเลขที่รายงานผลสำรวจปี 2567 เผยแพร่ พร้อมบรรทัดที่มา | The report's own figures for a topic, with their source line")]
    public PublishedFigures PublishedFigure(
        [Description("หัวข้อเป็นคำภาษาไทยหรืออังกฤษ เช่น อัตราการตอบกลับ คลาวด์ DCIO | topic words")] string topic,
        [Description(Args.Population)] PopulationArg? population = null) =>
        queries.PublishedFigure(topic, population?.ToString());

    [KernelFunction("recommendations")]
    [Description("ข้อเสนอแนะเชิงนโยบายของรายงาน | The report's policy recommendations")]
    public Recommendations Recommendations(
        [Description("ด้าน เช่น ข้อมูล ทักษะ บริการ AI | area such as data, skills, services")] string? area = null) =>
        queries.Recommendations(area);
}

/// <summary>What the framework's pillars, sub-indicators and levels mean.</summary>
public sealed class FrameworkPlugin(SurveyQueries queries)
{
    [KernelFunction("describe")]
    [Description("ความหมายของตัวชี้วัด ตัวชี้วัดย่อย หรือระดับ | What a pillar, sub-indicator or level means")]
    public FrameworkDescription Describe(
        [Description(Args.Pillar)] int? pillar = null,
        [Description(Args.SubIndicator)] string? sub_indicator = null,
        [Description("ระดับ 1-5 | level 1-5")] int? level = null) =>
        queries.Describe(pillar, sub_indicator, level);
}

/// <summary>
/// Units likely to drop a level next round (DESIGN §7): the trained model's estimates for the round after the latest, with
/// the facts behind them. With no model loaded, both functions return the honest status "not_available".
/// </summary>
public sealed class RiskPlugin(RiskModelHost risk, UnitResolver units)
{
    [KernelFunction("risk_watchlist")]
    [Description("หน่วยงานที่มีแนวโน้มลดระดับในรอบถัดไป พร้อมเหตุผล | Units most likely to drop a level next round, with reasons")]
    public RiskWatchlist RiskWatchlist(
        [Description(Args.Population)] PopulationArg? population = null,
        [Description("จำนวน | how many")] int? n = null,
        [Description("ชื่อกระทรวงเต็มภาษาไทย | ministry, canonical Thai name")] string? ministry = null,
        [Description("ภาค | region, canonical Thai name")] string? region = null,
        [Description("ความน่าจะเป็นขั้นต่ำ 0-1 | minimum probability 0-1")] double? min_probability = null) =>
        risk.Predictor is { } predictor
            ? predictor.Watchlist(population?.ToString(), n, ministry, region, min_probability)
            : Core.Risk.RiskWatchlist.NotAvailable(population?.ToString(), new UnitFilter(ministry, null, region), min_probability, n ?? RiskPredictor.DefaultWatchlistSize);

    [KernelFunction("unit_risk")]
    [Description("ความน่าจะเป็นที่หน่วยงานจะลดระดับ และเหตุผล | One unit's probability of dropping a level, and why")]
    public UnitRisk UnitRisk(
        [Description(Args.Unit)] string unit)
    {
        var resolved = units.Resolve(unit).Unit;
        return risk.Predictor is { } predictor
            ? predictor.UnitRisk(resolved?.Id ?? unit)
            : Core.Risk.UnitRisk.NotAvailable(resolved);
    }
}
