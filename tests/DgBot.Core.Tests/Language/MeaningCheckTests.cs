using DgBot.Core.Language;

namespace DgBot.Core.Tests.Language;

/// <summary>
/// `notUsed`: every word that changes a question's meaning must show up in the call, or be named as left out. Built by
/// checking the call against the question, so each case here is a reading the parser gets wrong (or cannot do) today, and the
/// right readings beside them stay silent.
/// </summary>
public sealed class MeaningCheckTests(ParserFixture f) : IClassFixture<ParserFixture>
{
    private ParsedQuestion Parse(string text) => f.Parser.Parse(text);

    [Fact]
    public void A_name_that_is_no_unit_beside_one_that_is_is_named_as_left_out()
    {
        var p = Parse("เทียบกรมปรมะงกับกรมปศุสัตว์ให้หน่อย");
        Assert.Contains(p.NotUsed, w => w.StartsWith("กรมปรมะง", StringComparison.Ordinal));
    }

    [Fact]
    public void A_unit_beyond_the_five_a_comparison_takes_is_named_as_left_out()
    {
        var p = Parse("เทียบ เชียงใหม่ ลำพูน ลำปาง แพร่ น่าน พะเยา");
        Assert.Equal("compare_units", p.Intent);
        Assert.Equal(5, ((string[])p.Arguments["units"]!).Length);
        Assert.Single(p.NotUsed);
    }

    [Fact]
    public void A_level_a_function_cannot_take_is_named_and_a_count_before_อันดับ_is_no_level()
    {
        Assert.Empty(Parse("หน่วยงานเสี่ยงตกระดับ 5 อันดับ").NotUsed);
        Assert.Empty(Parse("หน่วยงานระดับ 2 มีที่ไหนบ้าง").NotUsed);
    }

    [Fact]
    public void Right_readings_say_nothing_was_left_out()
    {
        foreach (var question in new[] { "กรมที่ดินอยู่ระดับไหน ปี 2565", "จังหวัดภาคเหนือที่ได้ระดับ 1 หรือ 2", "ค่าเฉลี่ยคะแนนของกระทรวงมหาดไทยเท่าไหร่",
                     "เชียงใหม่ด้านความมั่นคงปลอดภัยไซเบอร์อันดับเท่าไร", "ข้อมูลย้อนหลังของ กสอ. ด้านหลังบ้าน" })
            Assert.True(Parse(question).NotUsed.Count == 0, $"{question}: {string.Join(", ", Parse(question).NotUsed)}");
    }

    [Fact]
    public void Not_used_is_empty_for_conversation_moves()
    {
        Assert.Empty(Parse("สวัสดีครับ ยกเว้นวันหยุด").NotUsed);
    }
}
