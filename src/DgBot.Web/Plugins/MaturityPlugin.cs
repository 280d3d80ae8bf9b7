using System.ComponentModel;
using DgBot.Core.Queries;
using Microsoft.SemanticKernel;

namespace DgBot.Web.Plugins;

/// <summary>How one unit (a department or a province) stands.</summary>
public sealed class MaturityPlugin(SurveyQueries queries, UnitResolver units)
{
    private string Id(string unit) => units.Resolve(unit).Unit?.Id ?? unit;

    [KernelFunction("unit_profile")]
    [Description("ระดับและคะแนนของหน่วยงานหรือจังหวัด (ภาพรวม รายตัวชี้วัด รายตัวชี้วัดย่อย) และการเปลี่ยนแปลงจากรอบก่อน | A unit's levels and scores, overall, per pillar and sub-indicator, with the change from the previous round")]
    public UnitProfile UnitProfile(
        [Description("หน่วยงานหรือจังหวัด: รหัส ชื่อ หรือชื่อย่อ | unit id, name or abbreviation")] string unit,
        [Description("ปี พ.ศ. ของรอบสำรวจ ค่าเริ่มต้นคือรอบล่าสุด | survey year (Buddhist Era), default the latest round")] int? year = null,
        [Description(Args.Pillar)] int? pillar = null,
        [Description(Args.SubIndicator)] string? sub_indicator = null) =>
        queries.UnitProfile(Id(unit), year, pillar, sub_indicator);

    [KernelFunction("unit_rank")]
    [Description("อันดับของหน่วยงานหรือจังหวัด จากทั้งหมดกี่แห่ง อันดับร่วม เปอร์เซ็นไทล์ และหน่วยงานข้างเคียง | A unit's rank, out of how many, ties, percentile and neighbours")]
    public UnitRank UnitRank(
        [Description(Args.Unit)] string unit,
        [Description("กลุ่มที่เทียบ: ทั้งหมด กระทรวง ประเภท ภาค หรือพันธกิจ | comparison group: all, ministry, type, region or mission")] RankScopeArg scope = RankScopeArg.all,
        [Description(Args.Pillar)] int? pillar = null,
        [Description(Args.SubIndicator)] string? sub_indicator = null,
        [Description(Args.Year)] int? year = null) =>
        queries.UnitRank(Id(unit), Enum.Parse<RankScope>(scope.ToString(), ignoreCase: true), pillar, sub_indicator, year);

    [KernelFunction("unit_vs_group")]
    [Description("คะแนนของหน่วยงานหรือจังหวัดเทียบค่าเฉลี่ยและมัธยฐานของกลุ่ม (ค่าเริ่มต้น: กระทรวงของกรม ภาคของจังหวัด) รายด้านเมื่อไม่ระบุ | A unit's score against its group's mean and median (default: a department's ministry, a province's region), per pillar when none is asked")]
    public UnitVersusGroup UnitVsGroup(
        [Description(Args.Unit)] string unit,
        [Description("กลุ่มที่เทียบ: ทั้งหมด กระทรวง ประเภท ภาค หรือพันธกิจ | comparison group: all, ministry, type, region or mission")] RankScopeArg? scope = null,
        [Description(Args.Pillar)] int? pillar = null,
        [Description(Args.SubIndicator)] string? sub_indicator = null,
        [Description(Args.Year)] int? year = null) =>
        queries.UnitVersusGroup(Id(unit), scope is { } s ? Enum.Parse<RankScope>(s.ToString(), ignoreCase: true) : null, pillar, sub_indicator, year);

    [KernelFunction("unit_gaps")]
    [Description("จุดอ่อนของหน่วยงานและข้อที่ทำแล้วจะขึ้นระดับถัดไป พร้อมคะแนนที่ได้เพิ่ม | A unit's weakest areas and the items that would lift the next level, with points")]
    public UnitGaps UnitGaps(
        [Description(Args.Unit)] string unit,
        [Description(Args.Pillar)] int? pillar = null,
        [Description(Args.SubIndicator)] string? sub_indicator = null,
        [Description(Args.Year)] int? year = null) =>
        queries.UnitGaps(Id(unit), pillar, sub_indicator, year);

    [KernelFunction("unit_trend")]
    [Description("ระดับและคะแนนของหน่วยงานทุกรอบสำรวจ | A unit's levels and scores over every round")]
    public UnitTrend UnitTrend(
        [Description(Args.Unit)] string unit,
        [Description(Args.Pillar)] int? pillar = null,
        [Description(Args.SubIndicator)] string? sub_indicator = null) =>
        queries.UnitTrend(Id(unit), pillar, sub_indicator);

    [KernelFunction("compare_units")]
    [Description("เทียบหน่วยงานหรือจังหวัด 2-5 แห่ง | Compare 2-5 units side by side")]
    public UnitComparison CompareUnits(
        [Description("รายชื่อหน่วยงานหรือจังหวัด 2-5 แห่ง | 2-5 unit ids, names or abbreviations")] string[] units,
        [Description(Args.Pillar)] int? pillar = null,
        [Description(Args.SubIndicator)] string? sub_indicator = null,
        [Description(Args.Year)] int? year = null) =>
        queries.CompareUnits(units.Select(Id).ToList(), pillar, sub_indicator, year);
}
