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
