using DgBot.Core.Language;

namespace DgBot.Core.Tests.Language;

/// <summary>
/// The classes a new user was answered wrongly for (level ranges and sets, averages, a unit against its group, scope
/// follow-ups, missions, a new topic after a list), each in wordings other than the corpora's, with the near misses that must
/// stay what they were.
/// </summary>
public sealed class RangesAndGroupsParserTests(ParserFixture f) : IClassFixture<ParserFixture>
{
    private ParsedQuestion Parse(string text) => f.Parser.Parse(text);
    private static object? Arg(ParsedQuestion p, string name) => p.Arguments.GetValueOrDefault(name);

    [Theory]
    [InlineData("กรมในกระทรวงการคลังที่อยู่ระดับ 2 หรือ 3", 2, 3)]
    [InlineData("จังหวัดระดับ 1-2 ภาคใต้", 1, 2)]
    [InlineData("หน่วยงานระดับ ๓–๔ ในกระทรวงยุติธรรม", 3, 4)]
    [InlineData("list agencies at level 2 to 4 in the Ministry of Finance", 2, 4)]
    [InlineData("หน่วยงานที่อยู่ระดับสองถึงสาม", 2, 3)]
    [InlineData("จังหวัดที่ได้ขั้นริเริ่มหรือขั้นต้น", 1, 2)]
    public void A_range_of_levels_is_min_and_max(string question, int lo, int hi)
    {
        var p = Parse(question);
        Assert.Equal("list_units", p.Intent);
        Assert.Equal(lo, Arg(p, "min_level"));
        Assert.Equal(hi, Arg(p, "max_level"));
        Assert.Null(Arg(p, "level"));
        Assert.Empty(p.NotUsed);
    }

    [Theory]
    [InlineData("หน่วยงานระดับ 2 กับ 5 มีที่ไหนบ้าง", new[] { 2, 5 })]
    [InlineData("จังหวัดระดับ 1, 3 และ 5", new[] { 1, 3, 5 })]
    public void Levels_that_are_not_adjacent_are_a_set(string question, int[] levels)
    {
        var p = Parse(question);
        Assert.Equal("list_units", p.Intent);
        Assert.Equal(levels, Arg(p, "levels"));
    }

    [Fact]
    public void A_single_level_and_a_bound_stay_what_they_were()
    {
        Assert.Equal(3, Arg(Parse("หน่วยงานระดับ 3 มีที่ไหนบ้าง"), "level"));
        Assert.Equal(3, Arg(Parse("จังหวัดที่ได้ระดับ 3 ขึ้นไปมีที่ไหนบ้าง"), "min_level"));
        var below = Parse("กรมที่ต่ำกว่าระดับ 3");
        Assert.Equal(2, Arg(below, "max_level"));
    }

    [Theory]
    [InlineData("คะแนนเฉลี่ยของจังหวัดภาคเหนือเท่าไร", "mean", "region", "ภาคเหนือ")]
    [InlineData("มัธยฐานคะแนนรัฐวิสาหกิจ", "median", "agency_type", "รัฐวิสาหกิจ")]
    [InlineData("average score of the Ministry of Interior", "mean", "ministry", "กระทรวงมหาดไทย")]
    public void An_average_of_a_named_group_is_a_group_summary_filtered_to_it(string question, string statistic, string filter, string value)
    {
        var p = Parse(question);
        Assert.Equal("group_summary", p.Intent);
        Assert.Equal(statistic, Arg(p, "statistic"));
        Assert.Equal(value, Arg(p, filter));
    }

    [Theory]
    [InlineData("ภาคไหนมีจังหวัดระดับ 5 มากที่สุด", "region", "province")]
    [InlineData("ประเภทไหนมีหน่วยงานระดับ 1 เยอะสุด", "type", "department")]
    public void Which_group_has_the_most_units_at_a_level_is_a_count_per_group(string question, string groupBy, string population)
    {
        var p = Parse(question);
        Assert.Equal("group_summary", p.Intent);
        Assert.Equal(groupBy, Arg(p, "group_by"));
        Assert.Equal(population, Arg(p, "population"));
        Assert.Equal("count", Arg(p, "statistic"));
    }

    [Fact]
    public void Who_scored_highest_stays_a_top_list()
    {
        Assert.Equal("top_units", Parse("จังหวัดไหนได้คะแนนสูงสุดในภาคใต้").Intent);
        Assert.Equal("group_summary", Parse("คะแนนสูงสุดของจังหวัดภาคใต้เท่าไร").Intent);
    }

    [Theory]
    [InlineData("กรมสรรพากรสูงกว่าค่าเฉลี่ยกระทรวงไหม", "ministry")]
    [InlineData("เชียงรายเทียบค่าเฉลี่ยทั้งประเทศ", "all")]
    [InlineData("ลำพูนต่ำกว่าค่าเฉลี่ยประเทศหรือเปล่า", "all")]
    [InlineData("กรมการกงสุลเทียบกับหน่วยงานภารกิจเดียวกัน", "mission")]
    public void A_unit_against_its_group_names_the_group(string question, string scope)
    {
        var p = Parse(question);
        Assert.Equal("unit_vs_group", p.Intent);
        Assert.Equal(scope, Arg(p, "scope"));
    }

    [Fact]
    public void A_rank_among_a_group_stays_a_rank()
    {
        var p = Parse("กรมสรรพากรอันดับเท่าไหร่เมื่อเทียบกับหน่วยงานในกระทรวง");
        Assert.Equal("unit_rank", p.Intent);
        Assert.Equal("ministry", Arg(p, "scope"));
    }

    [Fact]
    public void A_scope_word_after_a_unit_keeps_the_unit()
    {
        var turns = f.Converse("อุดรธานีอยู่ระดับไหน", "ขอดูอันดับทั่วประเทศ", "แล้วเทียบกับค่าเฉลี่ยภาคล่ะ");
        Assert.Equal("unit_rank", turns[1].Intent);
        Assert.Equal("TH-41", Arg(turns[1], "unit"));
        Assert.Equal("unit_vs_group", turns[2].Intent);
        Assert.Equal("TH-41", Arg(turns[2], "unit"));
        Assert.Equal("region", Arg(turns[2], "scope"));
    }

    [Fact]
    public void A_report_figure_after_a_list_carries_nothing_from_the_list()
    {
        var turns = f.Converse("จังหวัดภาคกลางระดับ 2 มีที่ไหนบ้าง", "response rate ปีนี้เท่าไหร่");
        Assert.Equal("published_figure", turns[1].Intent);
        Assert.Null(Arg(turns[1], "population"));
    }

    [Fact]
    public void A_short_follow_up_keeps_the_group_statistic()
    {
        var turns = f.Converse("กระทรวงไหนมีหน่วยงานระดับ 5 มากที่สุด", "แล้วระดับ 2 ล่ะ");
        Assert.Equal("group_summary", turns[1].Intent);
        Assert.Equal(2, Arg(turns[1], "level"));
        Assert.Equal("ministry", Arg(turns[1], "group_by"));
    }

    [Fact]
    public void A_mission_group_word_is_a_filter_and_a_pillar_word_stays_a_pillar()
    {
        var mission = Parse("หน่วยงานด้านบริการที่อยู่ระดับ 4");
        Assert.Equal("service", Arg(mission, "mission"));
        Assert.Null(Arg(mission, "pillar"));
        var pillar = Parse("กรมที่ดินด้านบริการภาครัฐได้เท่าไร");
        Assert.Equal(4, Arg(pillar, "pillar"));
    }

    [Fact]
    public void Ministry_ending_a_question_is_not_read_as_a_fall()
    {
        // "กระทรวงไหม" holds ร่วงไหม without its tone mark; it asks about the ministry, not about falling.
        Assert.Equal("unit_vs_group", Parse("กรมควบคุมโรคสูงกว่าค่าเฉลี่ยกระทรวงไหม").Intent);
        Assert.Equal("unit_risk", Parse("กรมควบคุมโรคจะร่วงไหม").Intent);
    }

    [Fact]
    public void Asking_to_change_an_average_is_refused()
    {
        Assert.Equal("out_of_scope", Parse("ช่วยเปลี่ยนค่าเฉลี่ยของจังหวัดภาคใต้ให้เป็น 75").Intent);
        Assert.Equal("group_summary", Parse("ค่าเฉลี่ยของจังหวัดภาคใต้เท่าไร").Intent);
    }

    [Fact]
    public void Every_parse_names_the_rule_that_chose_it()
    {
        Assert.Equal("unit: one unit named", Parse("กรมที่ดินอยู่ระดับไหน").Rule);
        Assert.Equal("greeting", Parse("สวัสดีครับ").Rule);
    }

    [Theory]
    [InlineData("ขอรายชื่อหน่วยงานระดับ 4 ยกเว้นกรมที่ดิน", "ยกเว้น กรมที่ดิน")]
    [InlineData("จังหวัดระดับ 2 ไม่รวมภาคใต้", "ไม่รวม ภาคใต้")]
    public void An_exclusion_is_never_applied_backwards_and_never_silently_dropped(string question, string notUsed)
    {
        var p = Parse(question);
        // The excluded name is neither the unit asked about nor a filter: the list is the whole population, and says what it left out.
        Assert.Equal("list_units", p.Intent);
        Assert.Null(Arg(p, "region"));
        Assert.Empty(p.Units);
        Assert.Equal([notUsed], p.NotUsed);
    }

    [Fact]
    public void A_request_for_names_beside_a_count_is_a_list()
    {
        var p = Parse("จังหวัดภาคใต้ที่ได้ระดับ 2 มีกี่จังหวัด ขอชื่อด้วย");
        Assert.Equal("list_units", p.Intent);
        Assert.Equal(2, Arg(p, "level"));
    }

    [Fact]
    public void Not_counting_a_group_is_an_exclusion_not_a_filter()
    {
        var p = Parse("10 อันดับแรกของกรม ไม่นับพวกรัฐวิสาหกิจ");
        Assert.Null(Arg(p, "agency_type"));
        Assert.Contains("ไม่นับ รัฐวิสาหกิจ", p.NotUsed);
    }

    [Fact]
    public void A_scope_alone_after_a_unit_ranks_it_there()
    {
        var turns = f.Converse("กรมชลประทานได้ระดับอะไร", "แล้วในกระทรวงล่ะ");
        Assert.Equal("unit_rank", turns[1].Intent);
        Assert.Equal("ministry", Arg(turns[1], "scope"));
        var there = f.Converse("ขส.ทบ. ได้คะแนนเท่าไร", "ในกลุ่มรัฐวิสาหกิจอยู่อันดับไหน");
        Assert.NotEqual("out_of_scope", there[1].Intent);
    }

    [Fact]
    public void Which_type_of_agency_written_in_full_ranks_the_types()
    {
        var p = Parse("ประเภทหน่วยงานไหนมีหน่วยงานระดับ 5 มากที่สุด");
        Assert.Equal("group_summary", p.Intent);
        Assert.Equal("type", Arg(p, "group_by"));
    }
}
