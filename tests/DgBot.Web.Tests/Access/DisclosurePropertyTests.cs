using Dapper;
using DgBot.Core.Access;
using DgBot.Core.Queries;
using DgBot.Web.Access;
using Microsoft.Data.Sqlite;

namespace DgBot.Web.Tests.Access;

/// <summary>
/// The disclosure rule, checked over the whole demo database rather than by example: for every questionnaire item, and for
/// the score of every pillar, every group a dcio may ask an aggregate for (the whole population, one ministry, type, region or
/// mission, or two of them combined) is compared with every other such group. Where one lies inside the other, the units between them are none or
/// at least four, or one of the two is refused; two filters at once are always refused.
/// </summary>
public sealed class DisclosurePropertyTests(DemoDatabase db) : IClassFixture<DemoDatabase>
{
    private static readonly Caller Dcio = new("web", "dcio-property", Roles.Dcio, new UnitRef("D116", "กรมที่ดิน", "department"));
    private const int Year = 2567;

    private sealed record Member(string Id, string Kind, string? Ministry, string? AgencyType, string? Region, string? Mission);

    private List<Member> Units()
    {
        using var c = new SqliteConnection($"Data Source={db.Path};Mode=ReadOnly");
        return c.Query<Member>("SELECT id AS Id, kind AS Kind, ministry AS Ministry, agency_type AS AgencyType, region AS Region, mission AS Mission FROM unit").ToList();
    }

    /// <summary>The filters a dcio may ask an aggregate with: none, or one of each dimension's values.</summary>
    private static IEnumerable<UnitFilter> Filters(IReadOnlyList<Member> units, string population)
    {
        var pool = units.Where(u => u.Kind == population).ToList();
        yield return UnitFilter.None;
        foreach (var m in pool.Select(u => u.Ministry).OfType<string>().Distinct()) yield return new UnitFilter(Ministry: m);
        foreach (var t in pool.Select(u => u.AgencyType).OfType<string>().Distinct()) yield return new UnitFilter(AgencyType: t);
        foreach (var r in pool.Select(u => u.Region).OfType<string>().Distinct()) yield return new UnitFilter(Region: r);
        foreach (var m in pool.Select(u => u.Mission).OfType<string>().Distinct()) yield return new UnitFilter(Mission: m);
        // And every two filters combined, as a dcio may type them ("หน่วยงานราชการในกระทรวงแรงงาน"): the rule must refuse these.
        foreach (var u in pool.DistinctBy(u => (u.Ministry, u.AgencyType, u.Mission)))
        {
            if (u.Ministry is not null && u.AgencyType is not null) yield return new UnitFilter(Ministry: u.Ministry, AgencyType: u.AgencyType);
            if (u.Ministry is not null && u.Mission is not null) yield return new UnitFilter(Ministry: u.Ministry, Mission: u.Mission);
            if (u.AgencyType is not null && u.Mission is not null) yield return new UnitFilter(AgencyType: u.AgencyType, Mission: u.Mission);
        }
    }

    private static bool In(Member u, UnitFilter f) =>
        (f.Ministry is null || u.Ministry == f.Ministry) && (f.AgencyType is null || u.AgencyType == f.AgencyType)
        && (f.Region is null || u.Region == f.Region) && (f.Mission is null || u.Mission == f.Mission);

    /// <summary>Every pair of groups shown, one inside the other, differs by no units or by at least four.</summary>
    private static void AssertNoSmallDifference(string what, IReadOnlyList<(UnitFilter Filter, HashSet<string> Units)> shown)
    {
        foreach (var (fa, a) in shown)
            foreach (var (fb, b) in shown)
            {
                if (ReferenceEquals(a, b) || a.Count > b.Count || !a.IsSubsetOf(b)) continue;
                var between = b.Count - a.Count;
                Assert.True(between == 0 || between >= AccessLimits.MinimumGroup, $"{what}: {fa} inside {fb} differ by {between} unit(s)");
            }
    }

    [Fact]
    public void No_two_item_statistics_a_dcio_can_get_differ_by_one_to_three_units()
    {
        var units = Units();
        var queries = SurveyQueries.ForFile(db.Path);
        using var c = new SqliteConnection($"Data Source={db.Path};Mode=ReadOnly");
        var answers = c.Query<(string Item, string UnitId)>("SELECT item, unit_id FROM response WHERE year = @Year", new { Year })
            .GroupBy(r => r.Item).ToDictionary(g => g.Key, g => g.Select(r => r.UnitId).ToHashSet());
        var checkedPairs = 0;
        foreach (var population in new[] { "department", "province" })
        {
            var byId = units.Where(u => u.Kind == population).ToDictionary(u => u.Id);
            var items = c.Query<string>("SELECT DISTINCT r.item FROM response r JOIN unit u ON u.id = r.unit_id WHERE r.year = @Year AND u.kind = @population",
                new { Year, population }).ToList();
            Assert.NotEmpty(items);
            foreach (var item in items)
            {
                var shown = new List<(UnitFilter, HashSet<string>)>();
                foreach (var filter in Filters(units, population))
                {
                    var result = (ItemStatistic)AccessRedaction.ForCaller(Dcio, queries.ItemStatistic(item, population, Year, filter), queries)!;
                    if (result.Issue != QueryIssue.None) continue;
                    var members = answers[item].Where(id => byId.TryGetValue(id, out var u) && In(u, filter)).ToHashSet();
                    Assert.Equal(members.Count, result.Answered);
                    shown.Add((filter, members));
                }
                AssertNoSmallDifference($"{population} item {item}", shown);
                checkedPairs += shown.Count * shown.Count;
            }
        }
        Assert.True(checkedPairs > 10_000, $"only {checkedPairs} pairs checked");
    }

    [Fact]
    public void Two_filters_at_once_are_refused_to_a_dcio()
    {
        var queries = SurveyQueries.ForFile(db.Path);
        var both = new UnitFilter(Ministry: "กระทรวงแรงงาน", AgencyType: "หน่วยงานราชการ");
        var item = (ItemStatistic)AccessRedaction.ForCaller(Dcio, queries.ItemStatistic("3.1", "department", Year, both), queries)!;
        var summary = (GroupSummary)AccessRedaction.ForCaller(Dcio, queries.GroupSummary("department", "mean", filter: both), queries)!;
        var grouped = (GroupSummary)AccessRedaction.ForCaller(Dcio, queries.GroupSummary("department", "mean", "type", filter: new UnitFilter(Ministry: "กระทรวงแรงงาน")), queries)!;
        Assert.Equal(QueryIssue.TooNarrow, item.Issue);
        Assert.Equal(QueryIssue.TooNarrow, summary.Issue);
        Assert.Equal(QueryIssue.TooNarrow, grouped.Issue);
        // An analyst gets all three.
        Assert.Equal(QueryIssue.None, queries.ItemStatistic("3.1", "department", Year, both).Issue);
    }

    [Fact]
    public void No_two_group_means_a_dcio_can_get_differ_by_one_to_three_units_and_every_partition_hides_none_or_at_least_four()
    {
        var units = Units();
        var queries = SurveyQueries.ForFile(db.Path);
        using var c = new SqliteConnection($"Data Source={db.Path};Mode=ReadOnly");
        foreach (var population in new[] { "department", "province" })
            foreach (var pillar in new int?[] { null, 1, 2, 3, 4, 5, 6, 7 })
            {
                var key = ScoreKey.From(pillar, null);
                var scored = c.Query<string>("SELECT unit_id FROM score WHERE year = @Year AND scope = @Scope AND key = @Key",
                    new { Year, Scope = key.ScopeName, key.Key }).ToHashSet();
                var shown = new List<(UnitFilter, HashSet<string>)>();
                foreach (var filter in Filters(units, population))
                {
                    var result = (GroupSummary)AccessRedaction.ForCaller(Dcio, queries.GroupSummary(population, "mean", pillar: pillar, filter: filter), queries)!;
                    if (result.Issue != QueryIssue.None || result.Overall?.Mean is null) continue;
                    shown.Add((filter, units.Where(u => u.Kind == population && In(u, filter) && scored.Contains(u.Id)).Select(u => u.Id).ToHashSet()));
                }
                AssertNoSmallDifference($"{population} pillar {pillar}", shown);

                foreach (var by in population == "department" ? new[] { "ministry", "type", "mission" } : ["region"])
                {
                    var grouped = (GroupSummary)AccessRedaction.ForCaller(Dcio, queries.GroupSummary(population, "mean", by, pillar: pillar), queries)!;
                    var hidden = grouped.Groups.Where(g => g.Mean is null).Sum(g => g.Units);
                    Assert.True(hidden == 0 || hidden >= AccessLimits.MinimumGroup, $"{population} by {by}: {hidden} unit(s) hidden");
                    Assert.All(grouped.Groups.Where(g => g.Mean is not null), g => Assert.True(g.Units >= AccessLimits.MinimumGroup));
                    Assert.All(grouped.Groups, g => Assert.Null(g.Median));
                }
            }
    }

    [Fact]
    public void A_level_distribution_tells_a_dcio_no_more_than_the_level_lists_they_may_already_ask_for()
    {
        var queries = SurveyQueries.ForFile(db.Path);
        var distribution = (LevelDistribution)AccessRedaction.ForCaller(Dcio, queries.LevelDistribution("department", groupBy: "ministry"), queries)!;
        foreach (var group in distribution.Groups.Where(g => g.Group is not null))
            foreach (var level in group.Levels)
            {
                var list = (UnitList)AccessRedaction.ForCaller(Dcio, queries.ListUnits("department", level: level.Level, filter: new UnitFilter(Ministry: group.Group)), queries)!;
                Assert.Equal(level.Count, list.Total);
            }
    }
}
