using System.ComponentModel;
using DgBot.Core.Queries;
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

/// <summary>Until the risk model exists (DESIGN §7) the risk functions say so plainly instead of guessing.</summary>
public sealed record RiskUnavailable(string Status, string ReasonTh);

public sealed class RiskPlugin
{
    private static readonly RiskUnavailable NotAvailable = new("not_available", "ยังไม่มีแบบจำลองความเสี่ยงที่ฝึกแล้ว จึงยังไม่สามารถประเมินความเสี่ยงการลดระดับได้");

    [KernelFunction("risk_watchlist")]
    [Description("หน่วยงานที่มีแนวโน้มลดระดับในรอบถัดไป พร้อมเหตุผล | Units most likely to drop a level next round, with reasons")]
    public RiskUnavailable RiskWatchlist(
        [Description(Args.Population)] PopulationArg? population = null,
        [Description("จำนวน | how many")] int? n = null,
        [Description("ชื่อกระทรวงเต็มภาษาไทย | ministry, canonical Thai name")] string? ministry = null,
        [Description("ภาค | region, canonical Thai name")] string? region = null,
        [Description("ความน่าจะเป็นขั้นต่ำ 0-1 | minimum probability 0-1")] double? min_probability = null) => NotAvailable;

    [KernelFunction("unit_risk")]
    [Description("ความน่าจะเป็นที่หน่วยงานจะลดระดับ และเหตุผล | One unit's probability of dropping a level, and why")]
    public RiskUnavailable UnitRisk(
        [Description(Args.Unit)] string unit) => NotAvailable;
}
