using System.ComponentModel;
using DgBot.Core.Queries;
using Microsoft.SemanticKernel;

namespace DgBot.Web.Plugins;

/// <summary>Questions about groups of units.</summary>
public sealed class AnalyticsPlugin(SurveyQueries queries)
{
    private const string MinistryDescription = "ชื่อกระทรวงเต็มภาษาไทย | ministry, canonical Thai name";
    private const string TypeDescription = "ประเภทหน่วยงาน เช่น หน่วยงานราชการ รัฐวิสาหกิจ องค์การมหาชน | agency type, canonical Thai name";
    private const string RegionDescription = "ภาค เช่น ภาคเหนือ | region, canonical Thai name";

    [KernelFunction("level_distribution")]
    [Description("จำนวนและสัดส่วนหน่วยงานในแต่ละระดับ แยกกลุ่มได้ | Counts and shares of units per level, optionally grouped and filtered")]
    public LevelDistribution LevelDistribution(
        [Description(Args.Population)] PopulationArg population,
        [Description(Args.Pillar)] int? pillar = null,
        [Description(Args.SubIndicator)] string? sub_indicator = null,
        [Description(Args.Year)] int? year = null,
        [Description("แยกตาม ประเภท กระทรวง ภาค หรือพันธกิจ | group by type, ministry, region or mission")] GroupByArg? group_by = null,
        [Description(MinistryDescription)] string? ministry = null,
        [Description(TypeDescription)] string? agency_type = null,
        [Description(RegionDescription)] string? region = null) =>
        queries.LevelDistribution(population.ToString(), pillar, sub_indicator, year, group_by?.ToString(), new UnitFilter(ministry, agency_type, region));

    [KernelFunction("list_units")]
    [Description("รายชื่อหน่วยงานหรือจังหวัดตามระดับและเงื่อนไข | The units matching a level and filters")]
    public UnitList ListUnits(
        [Description(Args.Population)] PopulationArg population,
        [Description(Args.Pillar)] int? pillar = null,
        [Description(Args.SubIndicator)] string? sub_indicator = null,
        [Description("ระดับ 1-5 | level 1-5")] int? level = null,
        [Description("ระดับต่ำสุด 1-5 | lowest level 1-5")] int? min_level = null,
        [Description("ระดับสูงสุด 1-5 | highest level 1-5")] int? max_level = null,
        [Description(MinistryDescription)] string? ministry = null,
        [Description(TypeDescription)] string? agency_type = null,
        [Description(RegionDescription)] string? region = null,
        [Description(Args.Year)] int? year = null) =>
        queries.ListUnits(population.ToString(), pillar, sub_indicator, level, min_level, max_level, new UnitFilter(ministry, agency_type, region), year);

    [KernelFunction("top_units")]
    [Description("หน่วยงานหรือจังหวัดที่ดีที่สุดหรือต่ำที่สุด n แห่ง | The best or worst n units")]
    public UnitList TopUnits(
        [Description(Args.Population)] PopulationArg population,
        [Description("ดีที่สุด (best) หรือต่ำที่สุด (worst) | best or worst")] OrderArg order,
        [Description("จำนวน ค่าเริ่มต้น 10 | how many, default 10")] int? n = null,
        [Description(Args.Pillar)] int? pillar = null,
        [Description(Args.SubIndicator)] string? sub_indicator = null,
        [Description(MinistryDescription)] string? ministry = null,
        [Description(TypeDescription)] string? agency_type = null,
        [Description(RegionDescription)] string? region = null,
        [Description(Args.Year)] int? year = null) =>
        queries.TopUnits(population.ToString(), order.ToString(), n ?? 10, pillar, sub_indicator, new UnitFilter(ministry, agency_type, region), year);

    [KernelFunction("movers")]
    [Description("หน่วยงานหรือจังหวัดที่ระดับขึ้นหรือลงระหว่างสองรอบ | Units whose level rose or fell between two rounds")]
    public Movers Movers(
        [Description(Args.Population)] PopulationArg population,
        [Description("ขึ้น (improved) หรือลง (regressed) | improved or regressed")] DirectionArg direction,
        [Description(Args.Pillar)] int? pillar = null,
        [Description(Args.SubIndicator)] string? sub_indicator = null,
        [Description("ปี พ.ศ. ต้นทาง ค่าเริ่มต้นรอบก่อนล่าสุด | from year (BE), default the round before the latest")] int? from_year = null,
        [Description("ปี พ.ศ. ปลายทาง ค่าเริ่มต้นรอบล่าสุด | to year (BE), default the latest round")] int? to_year = null,
        [Description(MinistryDescription)] string? ministry = null,
        [Description(RegionDescription)] string? region = null) =>
        queries.Movers(population.ToString(), direction.ToString(), pillar, sub_indicator, from_year, to_year, new UnitFilter(ministry, null, region));

    [KernelFunction("item_statistic")]
    [Description("สัดส่วนคำตอบของข้อคำถามหนึ่งข้อ | The share of each answer to one questionnaire item")]
    public ItemStatistic ItemStatistic(
        [Description("รหัสข้อคำถาม เช่น 3.1 หรือ 6.1A | item code such as 3.1 or 6.1A")] string item,
        [Description(Args.Population)] PopulationArg population,
        [Description(Args.Year)] int? year = null,
        [Description(MinistryDescription)] string? ministry = null,
        [Description(TypeDescription)] string? agency_type = null,
        [Description(RegionDescription)] string? region = null) =>
        queries.ItemStatistic(item, population.ToString(), year, new UnitFilter(ministry, agency_type, region));
}
