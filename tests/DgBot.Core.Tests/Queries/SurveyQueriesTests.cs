using Dapper;
using DgBot.Core.Queries;
using DgBot.Core.Storage;

namespace DgBot.Core.Tests.Queries;

/// <summary>Each query against a second, straightforward computation over the raw score table.</summary>
[Collection(DatabaseCollection.Name)]
public class SurveyQueriesTests(DatabaseFixture db)
{
    private readonly SurveyQueries _queries = SurveyQueries.ForFile(db.DbPath);

    private sealed record Raw(string UnitId, long Year, string Scope, string Key, double Score, long Level, string Kind,
        string? Ministry, string? AgencyType, string? Region, string? Mission);

    private List<Raw> RawScores()
    {
        using var c = db.Open();
        return c.Query<Raw>("""
            SELECT s.unit_id AS UnitId, s.year AS Year, s.scope AS Scope, s.key AS Key, s.score AS Score, s.level AS Level, u.kind AS Kind,
                   u.ministry AS Ministry, u.agency_type AS AgencyType, u.region AS Region, u.mission AS Mission
            FROM score s JOIN unit u ON u.id = s.unit_id
            """).ToList();
    }

    [Fact]
    public void A_unit_profile_has_every_level_and_the_change_from_the_previous_round()
    {
        var raw = RawScores();
        var unit = raw.First(r => r.Year == 2567 && raw.Any(o => o.UnitId == r.UnitId && o.Year == 2566)).UnitId;
        var profile = _queries.UnitProfile(unit);
        Assert.Equal(QueryIssue.None, profile.Issue);
        Assert.Equal(2567, profile.Year);
        Assert.Equal(2566, profile.PreviousYear);
        var now = raw.Single(r => r.UnitId == unit && r.Year == 2567 && r.Scope == "overall");
        var before = raw.Single(r => r.UnitId == unit && r.Year == 2566 && r.Scope == "overall");
        Assert.Equal((now.Score, (int)now.Level), (profile.Overall!.Score, profile.Overall.Level));
        Assert.Equal(before.Score, profile.Overall.PreviousScore);
        Assert.Equal(Math.Round(now.Score - before.Score, 2, MidpointRounding.AwayFromZero), profile.Overall.Change);
        Assert.Equal(7, profile.Pillars.Count);
        Assert.Equal(18, profile.SubIndicators.Count);
        Assert.All(profile.SubIndicators, s => Assert.Equal(raw.Single(r => r.UnitId == unit && r.Year == 2567 && r.Key == s.Key.Key && r.Scope == "sub_indicator").Score, s.Score));
    }

    [Fact]
    public void A_profile_narrowed_to_a_sub_indicator_keeps_its_pillar_and_that_sub_indicator()
    {
        var profile = _queries.UnitProfile("TH-50", subIndicator: "6.2");
        Assert.Equal("6", Assert.Single(profile.Pillars).Key.Key);
        Assert.Equal("6.2", Assert.Single(profile.SubIndicators).Key.Key);
    }

    [Fact]
    public void A_unit_that_did_not_respond_is_reported_as_such_not_as_level_zero()
    {
        using var c = db.Open();
        var absent = c.QueryFirst<string>("SELECT unit_id FROM surveyed WHERE year = 2567 AND unit_id NOT IN (SELECT unit_id FROM score WHERE year = 2567)");
        var profile = _queries.UnitProfile(absent);
        Assert.Equal(QueryIssue.NotResponded, profile.Issue);
        Assert.Null(profile.Overall);
        Assert.Equal(QueryIssue.NotResponded, _queries.UnitRank(absent).Issue);
    }

    [Fact]
    public void Unknown_units_years_and_sub_indicators_are_values_not_exceptions()
    {
        Assert.Equal(QueryIssue.UnknownUnit, _queries.UnitProfile("X999").Issue);
        Assert.Equal(QueryIssue.UnknownYear, _queries.UnitProfile("TH-50", year: 2550).Issue);
        Assert.Equal(QueryIssue.UnknownSubIndicator, _queries.UnitRank("TH-50", subIndicator: "9.9").Issue);
        Assert.Equal(QueryIssue.ScopeNotApplicable, _queries.UnitRank("TH-50", RankScope.Ministry).Issue);
    }

    [Theory]
    [InlineData(RankScope.All, null, null)]
    [InlineData(RankScope.Ministry, null, null)]
    [InlineData(RankScope.Type, 6, null)]
    [InlineData(RankScope.Mission, null, "2.1")]
    public void A_department_rank_is_competition_ranking_within_its_group(RankScope scope, int? pillar, string? sub)
    {
        var raw = RawScores();
        var key = ScoreKey.From(pillar, sub);
        var pool = raw.Where(r => r.Year == 2567 && r.Kind == "department" && r.Scope == key.ScopeName && r.Key == key.Key).ToList();
        foreach (var unit in pool.Select(p => p.UnitId).Take(25))
        {
            var me = pool.Single(p => p.UnitId == unit);
            var group = pool.Where(p => scope switch
            {
                RankScope.Ministry => p.Ministry == me.Ministry,
                RankScope.Type => p.AgencyType == me.AgencyType,
                RankScope.Mission => p.Mission == me.Mission,
                _ => true,
            }).ToList();
            if (scope == RankScope.Ministry && me.Ministry is null) continue;
            var rank = _queries.UnitRank(unit, scope, pillar, sub);
            Assert.Equal(QueryIssue.None, rank.Issue);
            Assert.Equal(group.Count, rank.OutOf);
            Assert.Equal(1 + group.Count(g => g.Score > me.Score), rank.Rank);
            Assert.Equal(group.Count(g => g.Score == me.Score) - 1, rank.TiedWith);
            var expectedPercentile = group.Count > 1 ? Math.Round(100.0 * group.Count(g => g.Score < me.Score) / (group.Count - 1), 2, MidpointRounding.AwayFromZero) : 100.0;
            Assert.Equal(expectedPercentile, rank.Percentile);
            Assert.All(rank.Neighbours, n => Assert.Contains(group, g => g.UnitId == n.Unit.Id));
        }
    }

    [Fact]
    public void A_province_ranks_within_its_region_and_ties_share_a_rank()
    {
        var raw = RawScores();
        var pool = raw.Where(r => r.Year == 2567 && r.Kind == "province" && r.Scope == "sub_indicator" && r.Key == "3.3").ToList();
        // every province's digital competency is at the same score in the demo (the report: all provinces at level 3)
        var rank = _queries.UnitRank("TH-50", RankScope.Region, subIndicator: "3.3");
        var region = pool.Where(p => p.Region == "ภาคเหนือ").ToList();
        Assert.Equal("ภาคเหนือ", rank.Group);
        Assert.Equal(region.Count, rank.OutOf);
        Assert.Equal(1 + region.Count(p => p.Score > rank.Score), rank.Rank);
    }

    [Theory]
    [InlineData("department", null, null, null)]
    [InlineData("department", 7, null, "type")]
    [InlineData("province", null, "6.2", null)]
    [InlineData("province", 2, null, "region")]
    [InlineData("department", null, "3.1", "mission")]
    public void A_level_distribution_counts_each_level_and_its_share(string population, int? pillar, string? sub, string? groupBy)
    {
        var raw = RawScores();
        var key = ScoreKey.From(pillar, sub);
        var pool = raw.Where(r => r.Year == 2567 && r.Kind == population && r.Scope == key.ScopeName && r.Key == key.Key).ToList();
        var result = _queries.LevelDistribution(population, pillar, sub, groupBy: groupBy);
        Assert.Equal(QueryIssue.None, result.Issue);
        var expected = pool.GroupBy(p => groupBy switch { "type" => p.AgencyType, "region" => p.Region, "mission" => p.Mission, _ => null }).ToList();
        Assert.Equal(expected.Count, result.Groups.Count);
        foreach (var g in expected)
        {
            var got = result.Groups.Single(x => x.Group == g.Key);
            Assert.Equal(g.Count(), got.Respondents);
            for (int l = 1; l <= 5; l++)
            {
                var n = g.Count(p => p.Level == l);
                Assert.Equal(n, got.Levels[l - 1].Count);
                Assert.Equal(Math.Round(100.0 * n / g.Count(), 2, MidpointRounding.AwayFromZero), got.Levels[l - 1].Share);
            }
        }
    }

    [Fact]
    public void Level_distribution_answers_the_reports_pillar_figures_with_the_published_values()
    {
        // Pillar 7, departments: 85.67 % at level 3 or above (l.108; 245/286 = 85.66, the report's rounding, digest g.1)
        var p7 = Assert.Single(_queries.LevelDistribution("department", pillar: 7).Groups);
        Assert.Equal(245, p7.AtLeastLevel3);
        Assert.InRange(p7.ShareAtLeastLevel3, 85.17, 86.17);
        // Provinces, cybersecurity: 59.21 % at level 1 (l.258)
        var cyber = Assert.Single(_queries.LevelDistribution("province", subIndicator: "6.2").Groups);
        Assert.Equal(59.21, cyber.Levels[0].Share);
        // Government agencies: 91.33 % at level 3 or above overall (l.179)
        var gov = Assert.Single(_queries.LevelDistribution("department", filter: new UnitFilter(AgencyType: "หน่วยงานราชการ")).Groups);
        Assert.Equal(91.33, gov.ShareAtLeastLevel3);
    }

    [Fact]
    public void Filters_narrow_a_distribution_to_one_ministry()
    {
        var raw = RawScores();
        const string ministry = "กระทรวงมหาดไทย";
        var expected = raw.Count(r => r.Year == 2567 && r.Scope == "overall" && r.Ministry == ministry);
        var result = Assert.Single(_queries.LevelDistribution("department", filter: new UnitFilter(Ministry: ministry)).Groups);
        Assert.Equal(expected, result.Respondents);
    }
}
