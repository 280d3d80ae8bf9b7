using System.ComponentModel;
using DgBot.Core.Queries;
using Microsoft.SemanticKernel;

namespace DgBot.Web.Plugins;

/// <summary>Questions about groups of units.</summary>
public sealed class AnalyticsPlugin(SurveyQueries queries)
{
    [KernelFunction("level_distribution")]
    [Description("จำนวนและสัดส่วนหน่วยงานในแต่ละระดับ แยกกลุ่มได้ | Counts and shares of units per level, optionally grouped and filtered")]
    public LevelDistribution LevelDistribution(
        [Description(Args.Population)] PopulationArg population,
        [Description(Args.Pillar)] int? pillar = null,
        [Description(Args.SubIndicator)] string? sub_indicator = null,
        [Description(Args.Year)] int? year = null,
        [Description(Args.GroupBy)] GroupByArg? group_by = null,
        [Description(Args.Ministry)] string? ministry = null,
        [Description(Args.AgencyType)] string? agency_type = null,
        [Description(Args.Region)] string? region = null,
        [Description(Args.Mission)] MissionArg? mission = null) =>
        queries.LevelDistribution(population.ToString(), pillar, sub_indicator, year, group_by?.ToString(), Filter(ministry, agency_type, region, mission));

    [KernelFunction("list_units")]
    [Description("รายชื่อหน่วยงานหรือจังหวัดตามระดับและเงื่อนไข | The units matching a level and filters")]
    public UnitList ListUnits(
        [Description(Args.Population)] PopulationArg population,
        [Description(Args.Pillar)] int? pillar = null,
        [Description(Args.SubIndicator)] string? sub_indicator = null,
        [Description(Args.Level)] int? level = null,
        [Description(Args.Levels)] int[]? levels = null,
        [Description(Args.MinLevel)] int? min_level = null,
        [Description(Args.MaxLevel)] int? max_level = null,
        [Description(Args.Ministry)] string? ministry = null,
        [Description(Args.AgencyType)] string? agency_type = null,
        [Description(Args.Region)] string? region = null,
        [Description(Args.Mission)] MissionArg? mission = null,
        [Description(Args.Year)] int? year = null) =>
        queries.ListUnits(population.ToString(), pillar, sub_indicator, level, min_level, max_level, Filter(ministry, agency_type, region, mission), year, levels);

    [KernelFunction("top_units")]
    [Description("หน่วยงานหรือจังหวัดที่ดีที่สุดหรือต่ำที่สุด n แห่ง | The best or worst n units")]
    public UnitList TopUnits(
        [Description(Args.Population)] PopulationArg population,
        [Description("ดีที่สุด (best) หรือต่ำที่สุด (worst) | best or worst")] OrderArg order,
        [Description("จำนวน ค่าเริ่มต้น 10 | how many, default 10")] int? n = null,
        [Description(Args.Pillar)] int? pillar = null,
        [Description(Args.SubIndicator)] string? sub_indicator = null,
        [Description(Args.Ministry)] string? ministry = null,
        [Description(Args.AgencyType)] string? agency_type = null,
        [Description(Args.Region)] string? region = null,
        [Description(Args.Mission)] MissionArg? mission = null,
        [Description(Args.Year)] int? year = null) =>
        queries.TopUnits(population.ToString(), order.ToString(), n ?? 10, pillar, sub_indicator, Filter(ministry, agency_type, region, mission), year);

    [KernelFunction("movers")]
    [Description("หน่วยงานหรือจังหวัดที่ระดับขึ้นหรือลงระหว่างสองรอบ | Units whose level rose or fell between two rounds")]
    public Movers Movers(
        [Description(Args.Population)] PopulationArg population,
        [Description("ขึ้น (improved) หรือลง (regressed) | improved or regressed")] DirectionArg direction,
        [Description(Args.Pillar)] int? pillar = null,
        [Description(Args.SubIndicator)] string? sub_indicator = null,
        [Description("ปี พ.ศ. ต้นทาง ค่าเริ่มต้นรอบก่อนล่าสุด | from year (BE), default the round before the latest")] int? from_year = null,
        [Description("ปี พ.ศ. ปลายทาง ค่าเริ่มต้นรอบล่าสุด | to year (BE), default the latest round")] int? to_year = null,
        [Description(Args.Ministry)] string? ministry = null,
        [Description(Args.Region)] string? region = null,
        [Description(Args.Mission)] MissionArg? mission = null) =>
        queries.Movers(population.ToString(), direction.ToString(), pillar, sub_indicator, from_year, to_year, Filter(ministry, null, region, mission));

    [KernelFunction("item_statistic")]
    [Description("สัดส่วนคำตอบของข้อคำถามหนึ่งข้อ | The share of each answer to one questionnaire item")]
    public ItemStatistic ItemStatistic(
        [Description("รหัสข้อคำถาม เช่น 3.1 หรือ 6.1A | item code such as 3.1 or 6.1A")] string item,
        [Description(Args.Population)] PopulationArg population,
        [Description(Args.Year)] int? year = null,
        [Description(Args.Ministry)] string? ministry = null,
        [Description(Args.AgencyType)] string? agency_type = null,
        [Description(Args.Region)] string? region = null,
        [Description(Args.Mission)] MissionArg? mission = null) =>
        queries.ItemStatistic(item, population.ToString(), year, Filter(ministry, agency_type, region, mission));

    [KernelFunction("group_summary")]
    [Description("สรุปคะแนนรายกลุ่มหรือทั้งกลุ่มที่กรอง: จำนวน ค่าเฉลี่ย มัธยฐาน ต่ำสุด สูงสุด และจำนวนที่อยู่ในระดับที่ถาม เรียงกลุ่มที่มากที่สุดก่อน | Per group (or the filtered population): how many units, mean, median, min and max score, and how many at the levels asked; the top group first")]
    public GroupSummary GroupSummary(
        [Description(Args.Population)] PopulationArg population,
        [Description("ค่าที่ถาม: mean median min max หรือ count | the statistic asked")] StatisticArg? statistic = null,
        [Description(Args.GroupBy)] GroupByArg? group_by = null,
        [Description(Args.Pillar)] int? pillar = null,
        [Description(Args.SubIndicator)] string? sub_indicator = null,
        [Description(Args.Level)] int? level = null,
        [Description(Args.Levels)] int[]? levels = null,
        [Description(Args.MinLevel)] int? min_level = null,
        [Description(Args.MaxLevel)] int? max_level = null,
        [Description(Args.Ministry)] string? ministry = null,
        [Description(Args.AgencyType)] string? agency_type = null,
        [Description(Args.Region)] string? region = null,
        [Description(Args.Mission)] MissionArg? mission = null,
        [Description(Args.Year)] int? year = null) =>
        queries.GroupSummary(population.ToString(), statistic?.ToString(), group_by?.ToString(), pillar, sub_indicator,
            level is null && levels is null && min_level is null && max_level is null ? null : SurveyQueries.LevelsOf(level, min_level, max_level, levels),
            Filter(ministry, agency_type, region, mission), year);

    private static UnitFilter Filter(string? ministry, string? agencyType, string? region, MissionArg? mission) =>
        new(ministry, agencyType, region, mission?.ToString());
}
