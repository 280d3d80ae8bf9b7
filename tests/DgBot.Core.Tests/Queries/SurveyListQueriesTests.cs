using Dapper;
using DgBot.Core.Demo;
using DgBot.Core.Queries;

namespace DgBot.Core.Tests.Queries;

[Collection(DatabaseCollection.Name)]
public class SurveyListQueriesTests(DatabaseFixture db)
{
    private readonly SurveyQueries _queries = SurveyQueries.ForFile(db.DbPath);

    private List<(string UnitId, long Year, double Score, long Level, string? Ministry, string? Region)> Scores(string scope, string key, string kind)
    {
        using var c = db.Open();
        return c.Query<(string, long, double, long, string?, string?)>(
            "SELECT s.unit_id, s.year, s.score, s.level, u.ministry, u.region FROM score s JOIN unit u ON u.id = s.unit_id WHERE s.scope = @scope AND s.key = @key AND u.kind = @kind",
            new { scope, key, kind }).ToList();
    }

    [Fact]
    public void A_trend_lists_every_round_and_marks_rounds_without_a_response()
    {
        using var c = db.Open();
        var unit = c.QueryFirst<string>("SELECT unit_id FROM surveyed WHERE year = 2567 AND unit_id NOT IN (SELECT unit_id FROM score WHERE year = 2567)");
        var trend = _queries.UnitTrend(unit, pillar: 3);
        Assert.Equal([2563, 2564, 2565, 2566, 2567], trend.Rounds.Select(r => r.Year));
        var last = trend.Rounds[^1];
        Assert.False(last.Responded);
        Assert.Null(last.Level);
        var raw = Scores("pillar", "3", "department").Where(s => s.UnitId == unit).ToDictionary(s => s.Year);
        Assert.All(trend.Rounds.Where(r => r.Responded), r => Assert.Equal(raw[r.Year].Score, r.Score));
        Assert.Equal(raw.Count, trend.Rounds.Count(r => r.Responded));
    }

    [Fact]
    public void Comparing_units_gives_each_side_by_side_and_names_the_unknown_ones()
    {
        var result = _queries.CompareUnits(["TH-50", "TH-51", "X1"], subIndicator: "6.2");
        Assert.Equal(QueryIssue.UnknownUnit, result.Issue);
        Assert.Equal(["X1"], result.UnknownUnits);
        var raw = Scores("sub_indicator", "6.2", "province").Where(s => s.Year == 2567).ToDictionary(s => s.UnitId);
        Assert.Equal(2, result.Units.Count);
        Assert.All(result.Units, u => Assert.Equal(raw[u.Unit.Id].Score, u.Score));
        // at most five units side by side, the first five asked for
        var seven = _queries.CompareUnits(["TH-11", "TH-12", "TH-13", "TH-14", "TH-15", "TH-16", "TH-17"]);
        Assert.Equal(["TH-11", "TH-12", "TH-13", "TH-14", "TH-15"], seven.Units.Select(u => u.Unit.Id));
    }

    [Theory]
    [InlineData("best")]
    [InlineData("worst")]
    public void Top_units_are_the_best_or_worst_n_by_score(string order)
    {
        var raw = Scores("pillar", "2", "province").Where(s => s.Year == 2567 && s.Region == "ภาคใต้").ToList();
        var result = _queries.TopUnits("province", order, 5, pillar: 2, filter: new UnitFilter(Region: "ภาคใต้"));
        Assert.Equal(5, result.Units.Count);
        var expected = (order == "best" ? raw.OrderByDescending(r => r.Score) : raw.OrderBy(r => r.Score)).Take(5).Select(r => r.Score);
        Assert.Equal(expected, result.Units.Select(u => u.Score!.Value));
        Assert.Equal(raw.Count, result.Total);
    }

    [Fact]
    public void Listing_units_by_level_band_returns_exactly_the_units_in_the_band()
    {
        var raw = Scores("sub_indicator", "2.1", "department").Where(s => s.Year == 2567).ToList();
        var result = _queries.ListUnits("department", subIndicator: "2.1", maxLevel: 1);
        Assert.Equal(raw.Where(r => r.Level <= 1).Select(r => r.UnitId).Order(), result.Units.Select(u => u.Unit.Id).Order());
        Assert.Equal(97, result.Total); // Data Governance level 1: 33.92 % of 286 (l.222)
        var exact = _queries.ListUnits("department", pillar: 4, level: 3);
        Assert.All(exact.Units, u => Assert.Equal(3, u.Level));
    }

    [Theory]
    [InlineData("improved")]
    [InlineData("regressed")]
    public void Movers_are_the_units_whose_level_changed_between_two_rounds(string direction)
    {
        var raw = Scores("overall", "", "department");
        var before = raw.Where(r => r.Year == 2566).ToDictionary(r => r.UnitId);
        var expected = raw.Where(r => r.Year == 2567 && before.ContainsKey(r.UnitId))
            .Where(r => direction == "improved" ? r.Level > before[r.UnitId].Level : r.Level < before[r.UnitId].Level)
            .Select(r => r.UnitId).Order().ToList();
        var result = _queries.Movers("department", direction);
        Assert.Equal((2566, 2567), (result.FromYear, result.ToYear));
        Assert.Equal(expected, result.Units.Select(u => u.Unit.Id).Order());
        Assert.Equal(raw.Count(r => r.Year == 2567 && before.ContainsKey(r.UnitId)), result.Compared);
    }

    [Fact]
    public void Item_statistics_give_the_published_shares()
    {
        var dcio = _queries.ItemStatistic("3.1", "department");
        Assert.Equal(286, dcio.Respondents);
        Assert.Equal(88.81, dcio.Answers.Single(a => a.Option == "has").Share); // l.780
        var cyber = _queries.ItemStatistic("6.2.1", "province");
        Assert.Equal(44.74, cyber.Answers.Single(a => a.Option == "yes").Share); // l.2808
        var staff = _queries.ItemStatistic("3.2.1", "department");
        Assert.Equal(762715, staff.Sum); // l.897
        Assert.Equal(QueryIssue.UnknownItem, _queries.ItemStatistic("9.9.9", "department").Issue);
    }

    [Fact]
    public void Every_calibrated_answer_share_is_answered_by_item_statistic_with_the_published_value()
    {
        var spec = CalibrationSpec.Load(DataPaths.CalibrationPath(db.DataDirectory));
        var figures = Reference.PublishedFigure.Load(DataPaths.PublishedFiguresPath(db.DataDirectory)).ToDictionary(f => f.Id);
        foreach (var t in spec.ItemTargets.Where(t => t.Figure is not null && t.Base != "all" && figures[t.Figure].Unit == "percent"))
        {
            var share = _queries.ItemStatistic(t.Item, t.Population).Answers.Single(a => a.Option == t.Option).Share;
            Assert.True(Math.Abs(share - figures[t.Figure!].Value) <= 0.5, $"{t.Figure}: {share} vs {figures[t.Figure!].Value}");
        }
    }
}
