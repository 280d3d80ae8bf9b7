using Dapper;
using DgBot.Core.Queries;

namespace DgBot.Core.Tests.Queries;

[Collection(DatabaseCollection.Name)]
public class ReportQueriesTests(DatabaseFixture db)
{
    private readonly SurveyQueries _queries = SurveyQueries.ForFile(db.DbPath);

    [Theory]
    [InlineData("อัตราการตอบกลับเป็นเท่าไร", "dept_response_rate", 95.02)]
    [InlineData("บุคลากรไอทีมีกี่คน", "dept_q3_2_it_direct", 19046)]
    [InlineData("อุปสรรคที่พบมากที่สุด", "dept_obstacles_budget", 73.79)]
    [InlineData("ใช้คลาวด์กลาง GDCC กี่เปอร์เซ็นต์", "dept_q6_1a_gdcc_yes", 70.28)]
    [InlineData("มี DCIO กี่หน่วยงาน", "dept_q3_1_dcio_has", 88.81)]
    public void Published_figures_are_found_by_Thai_topic_words(string topic, string figure, double value)
    {
        var result = _queries.PublishedFigure(topic);
        Assert.NotNull(result.MatchedTopic);
        var hit = Assert.Single(result.Figures, f => f.Id == figure);
        Assert.Equal(value, hit.Value);
        using var c = db.Open();
        Assert.Equal(c.QuerySingle<long>("SELECT source_line FROM published_figure WHERE id = @figure", new { figure }), hit.SourceLine);
    }

    [Fact]
    public void A_population_narrows_the_figures_to_departments_or_provinces()
    {
        var provinces = _queries.PublishedFigure("คลาวด์", "province");
        Assert.NotEmpty(provinces.Figures);
        Assert.All(provinces.Figures, f => Assert.StartsWith("prov_", f.Id));
    }

    [Fact]
    public void A_figure_the_digest_marks_as_wrong_comes_with_its_caveat()
    {
        var leadership = Assert.Single(_queries.PublishedFigure("Digital Leadership", "department").Figures, f => f.Id == "dept_p3_leadership_ge_l3");
        Assert.Equal(75.78, leadership.Value);
        Assert.Contains("75.87", leadership.CaveatTh);
        var dcio = Assert.Single(_queries.PublishedFigure("DCIO").Figures, f => f.Id == "dept_q3_1_dcio_has");
        Assert.Null(dcio.CaveatTh);
    }

    [Fact]
    public void Words_outside_the_topic_list_search_the_figures_descriptions()
    {
        var result = _queries.PublishedFigure("Blockchain");
        Assert.Contains(result.Figures, f => f.Id == "dept_q7_1_3_blockchain_adopt");
    }

    [Theory]
    [InlineData(null, 10)]
    [InlineData("data", 2)]
    [InlineData("ทักษะ", 3)]
    [InlineData("AI", 1)]
    public void Recommendations_come_from_the_report_by_area(string? area, int count)
    {
        var result = _queries.Recommendations(area);
        Assert.Equal(count, result.Items.Count);
        Assert.All(result.Items, r => Assert.InRange(r.SourceLine, 3036, 3160));
    }

    [Fact]
    public void Describe_explains_a_pillar_a_sub_indicator_and_a_level()
    {
        var p6 = _queries.Describe(pillar: 6);
        Assert.Equal("โครงสร้างพื้นฐานความมั่นคงปลอดภัยและมีประสิทธิภาพ", p6.NameTh);
        Assert.Equal(["6.1", "6.2"], p6.Children.Select(c => c.Code));
        Assert.Equal("Obsolete", p6.Levels[0].PillarLabelEn);
        var cyber = _queries.Describe(subIndicator: "6.2");
        Assert.Equal("Cybersecurity", cyber.NameEn);
        var level3 = Assert.Single(_queries.Describe(level: 3).Levels);
        Assert.Equal(("ระดับขั้นกลาง", 40.0), (level3.NameTh, level3.MinScore));
        Assert.Equal(QueryIssue.UnknownLevel, _queries.Describe(level: 9).Issue);
        Assert.Equal(7, _queries.Describe().Children.Count);
    }
}
