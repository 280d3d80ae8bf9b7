using Dapper;
using DgBot.Core.Queries;

namespace DgBot.Core.Tests.Queries;

[Collection(DatabaseCollection.Name)]
public class UnitGapsTests(DatabaseFixture db)
{
    private readonly SurveyQueries _queries = SurveyQueries.ForFile(db.DbPath);

    private Dictionary<string, string> Answers(string unit)
    {
        using var c = db.Open();
        return c.Query<(string Item, string Value)>("SELECT item, value FROM response WHERE unit_id = @unit AND year = 2567", new { unit })
            .ToDictionary(x => x.Item, x => x.Value);
    }

    [Theory]
    [InlineData("department")]
    [InlineData("province")]
    public void Completing_the_planned_items_lifts_each_sub_indicator_to_its_next_level(string kind)
    {
        using var c = db.Open();
        var units = c.Query<string>("SELECT DISTINCT s.unit_id FROM score s JOIN unit u ON u.id = s.unit_id WHERE s.year = 2567 AND u.kind = @kind ORDER BY s.unit_id LIMIT 12", new { kind });
        var form = db.Definition.Engine.Form(kind);
        var checkedPlans = 0;
        foreach (var unit in units)
        {
            var gaps = _queries.UnitGaps(unit);
            Assert.Equal(QueryIssue.None, gaps.Issue);
            foreach (var sub in gaps.SubIndicators.Where(s => s.NextLevel is not null && s.Plan.Count > 0))
            {
                var original = Answers(unit);
                var answers = new Dictionary<string, string>(original);
                string? lastOriginal = null;
                foreach (var item in sub.Plan)
                {
                    lastOriginal = original.GetValueOrDefault(item);
                    var i = form.IndexOf(item);
                    var best = Array.IndexOf(form.ItemPoints[i], form.ItemPoints[i].Max());
                    answers[item] = form.Items[i].IsNumeric
                        ? form.ItemBandMins[i]![best].ToString(System.Globalization.CultureInfo.InvariantCulture)
                        : form.Items[i].Options[best].Code;
                }
                var after = db.Definition.Engine.Score(kind, answers).SubIndicators.Single(s => s.Code == sub.Code);
                Assert.True(after.Level >= sub.NextLevel, $"{unit} {sub.Code}: plan {string.Join(",", sub.Plan)} reaches {after.Score}, not level {sub.NextLevel}");
                // the plan is minimal in its order: without its last item the next level is not reached
                var withoutLast = new Dictionary<string, string>(answers);
                if (lastOriginal is null) withoutLast.Remove(sub.Plan[^1]); else withoutLast[sub.Plan[^1]] = lastOriginal;
                var short_ = db.Definition.Engine.Score(kind, withoutLast).SubIndicators.Single(s => s.Code == sub.Code);
                Assert.True(short_.Level < sub.NextLevel, $"{unit} {sub.Code}: the plan without {sub.Plan[^1]} already reaches level {sub.NextLevel}");
                checkedPlans++;
            }
        }
        Assert.True(checkedPlans > 10, $"only {checkedPlans} plans checked");
    }

    [Fact]
    public void Gaps_are_ordered_weakest_first_and_items_by_points_gained()
    {
        using var c = db.Open();
        var unit = c.QueryFirst<string>("SELECT unit_id FROM score WHERE year = 2567 AND scope = 'overall' ORDER BY score LIMIT 1");
        var gaps = _queries.UnitGaps(unit);
        Assert.Equal(gaps.Pillars.OrderBy(p => p.Score).Select(p => p.Score), gaps.Pillars.Select(p => p.Score));
        Assert.Equal(gaps.SubIndicators.OrderBy(s => s.Score).Select(s => s.Score), gaps.SubIndicators.Select(s => s.Score));
        Assert.All(gaps.SubIndicators, s => Assert.Equal(s.Items.OrderByDescending(i => i.Gain).Select(i => i.Gain), s.Items.Select(i => i.Gain)));
        // every listed item really missed points, per the stored breakdown
        var missed = c.Query<(string Item, long Points, long Max)>("SELECT item, points, max_points FROM item_score WHERE unit_id = @unit AND year = 2567", new { unit })
            .ToDictionary(x => x.Item);
        Assert.All(gaps.SubIndicators.SelectMany(s => s.Items), i => Assert.Equal(missed[i.Item].Max - missed[i.Item].Points, i.Gain));
    }

    [Fact]
    public void Gaps_for_one_sub_indicator_cover_only_it_and_its_pillar()
    {
        var gaps = _queries.UnitGaps("TH-50", subIndicator: "6.2");
        Assert.Equal("6.2", Assert.Single(gaps.SubIndicators).Code);
        Assert.Equal(6, Assert.Single(gaps.Pillars).Pillar);
    }

    [Fact]
    public void A_unit_that_did_not_respond_has_no_gaps_but_says_so()
    {
        using var c = db.Open();
        var absent = c.QueryFirst<string>("SELECT unit_id FROM surveyed WHERE year = 2567 AND unit_id NOT IN (SELECT unit_id FROM score WHERE year = 2567)");
        Assert.Equal(QueryIssue.NotResponded, _queries.UnitGaps(absent).Issue);
    }
}
