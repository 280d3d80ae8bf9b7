using DgBot.Web.Chat.Model;
using Microsoft.Extensions.DependencyInjection;

namespace DgBot.Web.Tests.Model;

public class NumberGuardTests
{
    [Theory]
    [InlineData("คะแนน ๖๓.๔๕", "{\"score\":63.45}")]                   // Thai digits
    [InlineData("คะแนน 63.45", "คะแนน ๖๓.๔๕")]
    [InlineData("1,234 แห่ง", "{\"count\":1234}")]                        // thousands separator
    [InlineData("ร้อยละ 59.21%", "{\"share\":59.2105}")]                   // rounded to the decimals written
    [InlineData("คะแนน 63.5", "{\"score\":63.50}")]
    [InlineData("ข้อ 2.1.4.1 ปี 2567", "{\"item\":\"2.1.4.1\",\"year\":2567}")]
    [InlineData("ระดับ 3,4", "{\"levels\":[3,4]}")]
    [InlineData("ขออภัยครับ ตอบได้เฉพาะเรื่องผลสำรวจ", "")]
    public void Numbers_found_in_the_results_pass(string text, string source) =>
        Assert.Empty(NumberGuard.Unsupported(text, [source]));

    [Theory]
    [InlineData("ระดับ 3", "{\"score\":2.6}", "3")]                       // a whole number is never a rounding
    [InlineData("คะแนน 63.46", "{\"score\":63.45}", "63.46")]
    [InlineData("ข้อ 2.1.4.2", "{\"item\":\"2.1.4.1\"}", "2.1.4.2")]
    [InlineData("ปี 2024", "{\"year\":2567}", "2024")]                      // no BE→CE conversion by the model
    [InlineData("คะแนน ๙๙", "{\"score\":63.45}", "99")]
    public void A_number_not_in_the_results_is_reported(string text, string source, string reported) =>
        Assert.Equal([reported], NumberGuard.Unsupported(text, [source]));

    [Fact]
    public void The_question_itself_is_a_source() =>
        Assert.Empty(NumberGuard.Unsupported("ตัวชี้วัด 6 ของปี 2566", ["{}", "ตัวชี้วัด 6 ปี 2566 เป็นอย่างไร"]));

    [Theory]
    [InlineData("คะแนนเก้าสิบเก้าจุดเก้าเก้า", "99.99", 2)]
    [InlineData("คะแนน เก้า สิบ เก้า จุด เก้า เก้า", "99.99", 2)]
    [InlineData("ปีสองพันห้าร้อยหกสิบเจ็ด", "2567", 0)]
    [InlineData("อันดับที่ยี่สิบเอ็ด", "21", 0)]
    [InlineData("สิบเอ็ดแห่ง", "11", 0)]
    [InlineData("หนึ่งร้อยเอ็ดหน่วยงาน", "101", 0)]
    [InlineData("ร้อยละห้าสิบจุดสองห้า", "50.25", 2)]
    [InlineData("หนึ่งล้านสองแสนสามหมื่นสี่พันห้าร้อยหกสิบเจ็ด", "1234567", 0)]
    [InlineData("สองล้านห้าแสน", "2500000", 0)]
    [InlineData("อยู่ระดับสาม", "3", 0)]
    [InlineData("ศูนย์จุดห้า", "0.5", 1)]
    [InlineData("สามร้อยห้า", "305", 0)]
    [InlineData("สิบ", "10", 0)]
    [InlineData("คะแนน ๙๙.๙๙", "99.99", 2)]
    public void A_number_spelt_in_Thai_words_or_digits_is_read_with_its_value(string text, string value, int decimals)
    {
        var token = Assert.Single(NumberGuard.Tokens(text));
        Assert.Equal(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), token.Value);
        Assert.Equal(decimals, token.Decimals);
    }

    [Theory]
    [InlineData("สามารถปรับปรุงได้")]          // สาม + า is สามารถ
    [InlineData("ความเสี่ยงสูง")]             // สี่ inside เสี่ยง
    [InlineData("รัฐวิสาหกิจ")]               // หก inside วิสาหกิจ
    [InlineData("ตามพันธกิจ")]
    [InlineData("ความสัมพันธ์")]
    [InlineData("ดำเนินการเรียบร้อย")]
    [InlineData("ศูนย์ข้อมูลภาครัฐ")]
    [InlineData("จุดแข็งและจุดอ่อน")]
    [InlineData("จังหวัดร้อยเอ็ด")]
    [InlineData("กรมสรรพสามิต")]
    [InlineData("ห้ามเผยแพร่")]
    [InlineData("ร้อยละ")]
    public void Ordinary_words_that_hold_a_number_word_are_not_numbers(string text) =>
        Assert.Empty(NumberGuard.Tokens(text));

    [Theory]
    [InlineData("กรมที่ดินได้คะแนนเก้าสิบเก้าจุดเก้าเก้า", "{\"score\":63.45}", "เก้าสิบเก้าจุดเก้าเก้า")]
    [InlineData("อยู่ระดับห้า", "{\"level\":3}", "ห้า")]
    public void A_number_in_Thai_words_not_in_the_results_is_reported(string text, string source, string reported) =>
        Assert.Equal([reported], NumberGuard.Unsupported(text, [source]));

    [Theory]
    [InlineData("คะแนนหกสิบสามจุดสี่ห้า", "{\"score\":63.45}")]
    [InlineData("คะแนนหกสิบสามจุดห้า", "{\"score\":63.45}")]                // rounded, as written
    [InlineData("อยู่ระดับสาม", "{\"level\":3}")]
    public void A_number_in_Thai_words_found_in_the_results_passes(string text, string source) =>
        Assert.Empty(NumberGuard.Unsupported(text, [source]));
}

/// <summary>
/// Whose number it is: the guard over hand-written results shaped as the functions return them, with the host's own
/// gazetteer reading which units and groups each line names. D116 is กรมที่ดิน, D097 กรมป่าไม้.
/// </summary>
[Collection(ModelWorld.Name)]
public class AnswerGuardTests(ModelWorld world)
{
    private const string Lands = "{\"id\":\"D116\",\"nameTh\":\"กรมที่ดิน\",\"kind\":\"department\"}";
    private const string Forests = "{\"id\":\"D097\",\"nameTh\":\"กรมป่าไม้\",\"kind\":\"department\"}";
    private const string Compared = "{\"year\":2567,\"units\":[{\"unit\":" + Lands + ",\"score\":61.25,\"level\":3},{\"unit\":" + Forests + ",\"score\":47.5,\"level\":2}]}";
    private const string Question = "เทียบกรมที่ดินกับกรมป่าไม้";

    private NumberGuard.Verdict Check(string answer, string question, params string[] results) =>
        NumberGuard.Check(answer, question, results, world.Host.Services.GetRequiredService<AnswerNames>());

    [Theory]
    [InlineData("กรมที่ดินได้คะแนน 47.5")]
    [InlineData("กรมที่ดินได้คะแนนสี่สิบเจ็ดจุดห้า")]
    [InlineData("กรมป่าไม้ได้คะแนน 61.25")]
    public void A_number_returned_for_one_unit_beside_another_units_name_is_misplaced(string answer)
    {
        var verdict = Check(answer, Question, Compared);
        Assert.False(verdict.Passes);
        Assert.Single(verdict.Misplaced);
        Assert.Empty(verdict.Unsupported);
    }

    [Fact]
    public void Each_units_own_figures_beside_its_name_pass() =>
        Assert.True(Check("ปี 2567 กรมที่ดินได้ 61.25 (ระดับ 3)\nส่วนกรมป่าไม้ได้ 47.5 (ระดับสอง)", Question, Compared).Passes);

    [Fact]
    public void A_line_that_names_nobody_may_hold_figures_of_units_the_answer_names_or_if_it_names_none_the_question()
    {
        Assert.True(Check("กรมที่ดิน ปี 2567\nคะแนนภาพรวม 61.25", "กรมที่ดินอยู่ระดับไหน", Compared).Passes);
        Assert.True(Check("คะแนนภาพรวม 61.25 ครับ", "กรมที่ดินอยู่ระดับไหน", Compared).Passes); // the question named it

        var verdict = Check("กรมที่ดิน ปี 2567\nคะแนนภาพรวม 47.5", "กรมที่ดินอยู่ระดับไหน", Compared);
        Assert.Equal(["47.5"], verdict.Misplaced);
        // The question named both, but the answer named only one: the question does not lend the other to the line below.
        Assert.Equal(["47.5"], Check("กรมที่ดิน ปี 2567\nคะแนนภาพรวม 47.5", Question, Compared).Misplaced);
    }

    [Fact]
    public void A_groups_figures_may_stand_beside_its_name_and_the_units_but_not_beside_another_groups_name()
    {
        const string versus = "{\"unit\":" + Lands + ",\"year\":2567,\"group\":\"กระทรวงมหาดไทย\",\"size\":12,\"lines\":[{\"score\":61.25,\"groupMean\":55.1}]}";
        Assert.True(Check("กรมที่ดินได้ 61.25 สูงกว่าค่าเฉลี่ยของกระทรวงมหาดไทย (55.1) จาก 12 หน่วยงาน", "กรมที่ดินเทียบกับกระทรวง", versus).Passes);
        Assert.True(Check("ค่าเฉลี่ยของกระทรวงมหาดไทยคือ 55.1", "กรมที่ดินเทียบกับกระทรวง", versus).Passes);

        const string summary = "{\"year\":2567,\"groups\":[{\"group\":\"ภาคเหนือ\",\"units\":17,\"mean\":55.5},{\"group\":\"ภาคใต้\",\"units\":14,\"mean\":48.25}]}";
        Assert.True(Check("ภาคเหนือ ค่าเฉลี่ย 55.5\nภาคใต้ ค่าเฉลี่ย 48.25", "ค่าเฉลี่ยแต่ละภาค", summary).Passes);
        Assert.Equal(["48.25"], Check("ภาคเหนือ ค่าเฉลี่ย 48.25", "ค่าเฉลี่ยแต่ละภาค", summary).Misplaced);
    }

    [Fact]
    public void A_rank_neighbour_may_be_named_with_the_round_and_its_own_rank()
    {
        const string rank = "{\"unit\":" + Lands + ",\"year\":2567,\"rank\":5,\"outOf\":150,\"score\":61.25,\"neighbours\":[{\"unit\":" + Forests + ",\"score\":62.5,\"level\":3,\"rank\":4}]}";
        Assert.True(Check("กรมที่ดินอยู่อันดับ 5 จาก 150\nกรมป่าไม้ ปี 2567 อยู่อันดับ 4 จาก 150 (62.5)", "กรมที่ดินอันดับเท่าไร", rank).Passes);
        Assert.Equal(["5"], Check("กรมป่าไม้อยู่อันดับ 5", "กรมที่ดินอันดับเท่าไร", rank).Misplaced);
    }

    [Fact]
    public void With_no_function_result_the_answer_may_hold_neither_a_number_nor_a_unit()
    {
        var verdict = Check("ปี 2567 กรมที่ดินยังไม่มีข้อมูลครับ", "กรมที่ดินปี 2567 อยู่ระดับไหน");

        Assert.Equal(["2567"], verdict.Unsupported);   // not even the question's own number
        Assert.Single(verdict.UnreturnedUnits);
        Assert.True(Check("ขออภัยครับ ผมตอบได้เฉพาะเรื่องผลสำรวจความพร้อมรัฐบาลดิจิทัล เช่น ระดับและอันดับของหน่วยงาน", "พรุ่งนี้ฝนตกไหม").Passes);
    }

    [Theory]
    [InlineData("ขออภัยครับ ยังไม่สามารถตอบเรื่องนี้ได้ ความเสี่ยงและพันธกิจของรัฐวิสาหกิจดูได้จากศูนย์ข้อมูลที่เผยแพร่แล้ว")]
    [InlineData("จุดแข็งและจุดอ่อนของหน่วยงานดูได้เลยครับ เมื่อดำเนินการเรียบร้อย ถามต่อได้ตามสะดวก")]
    [InlineData("ถามได้ทั้งระดับและอันดับของกรมหรือจังหวัด จุดที่ควรปรับ การเปรียบเทียบ และตัวเลขของรายงาน")]
    public void Ordinary_prose_names_no_unit_and_holds_no_number_even_with_no_function_result(string answer)
    {
        var verdict = Check(answer, "ช่วยอะไรได้บ้าง");
        Assert.True(verdict.Passes, $"unsupported: {string.Join(", ", verdict.Unsupported)}; units: {string.Join(", ", verdict.UnreturnedUnits)}");
    }

    [Fact]
    public void A_unit_no_function_returned_is_reported_even_without_a_number()
    {
        const string profile = "{\"unit\":" + Lands + ",\"year\":2567,\"overall\":{\"score\":61.25,\"level\":3}}";
        var verdict = Check("กรมป่าไม้ทำได้ดีกว่ากรมที่ดิน", "กรมที่ดินอยู่ระดับไหน", profile);

        Assert.True(verdict.NumbersPass);
        Assert.Contains("ป่าไม้", Assert.Single(verdict.UnreturnedUnits));
    }
}

/// <summary>The argument rules the model's calls meet, through the host's own validator over the demo database.</summary>
[Collection(ModelWorld.Name)]
public class ArgumentValidatorTests(ModelWorld world)
{
    private static readonly string[] ProfileParameters = ["unit", "year", "pillar", "sub_indicator"];
    private static readonly string[] ItemParameters = ["item", "population", "year", "ministry", "agency_type", "region"];

    private (Dictionary<string, object?>? Args, string? Problem) Check(string function, string[] parameters, string[] required, params (string, object?)[] args)
    {
        var validator = world.Host.Services.GetRequiredService<ArgumentValidator>();
        var (ok, problem) = validator.Check(function, parameters, required, args.ToDictionary(a => a.Item1, a => a.Item2));
        return (ok?.Arguments, problem);
    }

    [Theory]
    [InlineData("D116", "D116")]
    [InlineData("d116", "D116")]
    [InlineData("กรมที่ดิน", "D116")]
    [InlineData("Department of Lands", "D116")]
    [InlineData("ทด.", "D116")]
    [InlineData("เชียงใหม่", "TH-50")]
    [InlineData("จังหวัดเชียงใหม่", "TH-50")]
    public void A_unit_named_exactly_resolves_to_its_id(string given, string id)
    {
        var (args, problem) = Check("unit_profile", ProfileParameters, ["unit"], ("unit", given));
        Assert.Null(problem);
        Assert.Equal(id, args!["unit"]);
    }

    [Theory]
    [InlineData("unit", "กรมเวทมนตร์")]
    [InlineData("unit", "D999")]
    [InlineData("unit", "ตร.")]            // two units: the model must not pick one
    [InlineData("unit", "กรุงเทพมหานคร")]  // not a province in this survey
    [InlineData("unit", "กรมที่ดน")]       // a near miss is the parser's job, not the model's
    [InlineData("year", "2024")]
    [InlineData("year", "2562")]
    [InlineData("pillar", "8")]
    [InlineData("pillar", "6.5")]
    [InlineData("sub_indicator", "6.9")]
    [InlineData("colour", "red")]
    public void A_bad_argument_is_refused_with_a_reason(string name, string value)
    {
        var args = name == "unit" ? new[] { (name, (object?)value) } : [("unit", "D116"), (name, value)];
        var (ok, problem) = Check("unit_profile", ProfileParameters, ["unit"], args);
        Assert.Null(ok);
        Assert.False(string.IsNullOrWhiteSpace(problem));
    }

    [Fact]
    public void Names_become_what_the_functions_take()
    {
        var (args, problem) = Check("item_statistic", ItemParameters, ["item", "population"],
            ("item", "2.1.4.1"), ("population", "Province"), ("region", "อีสาน"), ("year", "2566"), ("ministry", null));
        Assert.Null(problem);
        Assert.Equal("province", args!["population"]);
        Assert.Equal("ภาคตะวันออกเฉียงเหนือ", args["region"]);
        Assert.Equal(2566, args["year"]);
        Assert.False(args.ContainsKey("ministry"));
    }

    [Theory]
    [InlineData("9.9.9", "department")]
    [InlineData("6.1A", "city")]
    public void An_item_must_be_a_question_of_the_populations_form(string item, string population)
    {
        var (ok, _) = Check("item_statistic", ItemParameters, ["item", "population"], ("item", item), ("population", population));
        Assert.Null(ok);
    }

    [Fact]
    public void A_required_argument_must_be_there()
    {
        var (ok, problem) = Check("unit_profile", ProfileParameters, ["unit"], ("year", "2567"));
        Assert.Null(ok);
        Assert.Contains("unit", problem);
    }
}
