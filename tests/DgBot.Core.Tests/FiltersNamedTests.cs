using DgBot.Core.Formatting;
using DgBot.Core.Queries;
using DgBot.Core.Reference;

namespace DgBot.Core.Tests;

/// <summary>
/// Every list, top-n, distribution, movers, item and summary answer opens with a line that names each filter it was given, so
/// a filter the parser dropped or added is visible at a glance (DESIGN §5 "understood").
/// </summary>
public class FiltersNamedTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private readonly SurveyQueries _queries = SurveyQueries.ForFile(db.DbPath);
    private readonly AnswerRenderer _renderer = new(ThaiFormatter.Load(Path.Combine(Path.GetDirectoryName(db.DataDirectory)!, "prompts"), db.Definition.Reference));

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        string[] functions = ["level_distribution", "list_units", "top_units", "movers", "item_statistic", "group_summary"];
        (string Filter, string Value, string Shown)[] filters =
        [
            ("ministry", "กระทรวงมหาดไทย", "กระทรวงมหาดไทย"),
            ("agency_type", "รัฐวิสาหกิจ", "รัฐวิสาหกิจ"),
            ("mission", "service", "ภารกิจหลักด้านบริการ"),
            ("region", "ภาคเหนือ", "ภาคเหนือ"),
        ];
        foreach (var function in functions)
            foreach (var (filter, value, shown) in filters)
                if (!(function == "movers" && filter == "agency_type"))
                    data.Add(function, filter + "=" + value, shown);
        return data;
    }

    private object Run(string function, UnitFilter filter)
    {
        var population = filter.Region is null ? Population.Department : Population.Province;
        return function switch
        {
            "level_distribution" => _queries.LevelDistribution(population, filter: filter),
            "list_units" => _queries.ListUnits(population, minLevel: 2, maxLevel: 3, filter: filter),
            "top_units" => _queries.TopUnits(population, "best", 5, filter: filter),
            "movers" => _queries.Movers(population, "improved", filter: filter),
            "item_statistic" => _queries.ItemStatistic(population == Population.Department ? "3.1" : "1.1", population, filter: filter),
            _ => _queries.GroupSummary(population, "mean", filter: filter),
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_first_line_names_the_filter_and_the_year(string function, string filter, string shown)
    {
        var (name, value) = (filter[..filter.IndexOf('=')], filter[(filter.IndexOf('=') + 1)..]);
        var unitFilter = name switch
        {
            "ministry" => new UnitFilter(Ministry: value),
            "agency_type" => new UnitFilter(AgencyType: value),
            "mission" => new UnitFilter(Mission: value),
            _ => new UnitFilter(Region: value),
        };
        var first = _renderer.Render(Run(function, unitFilter)).Split('\n')[0];
        Assert.Contains(shown, first);
        Assert.Contains("2567", first);
    }

    [Fact]
    public void A_list_by_level_names_its_range_and_a_set_names_each_level()
    {
        var range = _renderer.Render(_queries.ListUnits(Population.Province, minLevel: 1, maxLevel: 2, filter: new UnitFilter(Region: "ภาคเหนือ")));
        Assert.StartsWith("จังหวัดภาคเหนือที่อยู่ระดับ 1–2 (ภาพรวม ปี 2567):", range);
        var set = _renderer.Render(_queries.ListUnits(Population.Department, levels: [1, 3]));
        Assert.StartsWith("หน่วยงานระดับกรมที่อยู่ระดับ 1 และ 3 (ภาพรวม ปี 2567):", set);
        var list = _queries.ListUnits(Population.Department, levels: [1, 3]);
        Assert.All(list.Units, u => Assert.Contains(u.Level, new[] { 1, 3 }));
        Assert.Equal(list.CountsByLevel[0] + list.CountsByLevel[2], list.Total);
    }

    [Fact]
    public void An_empty_list_names_the_nearest_level_that_has_units()
    {
        var counts = _queries.ListUnits(Population.Province, filter: new UnitFilter(Region: "ภาคตะวันตก")).CountsByLevel;
        var empty = Enumerable.Range(1, 5).FirstOrDefault(l => counts[l - 1] == 0);
        if (empty == 0) return; // every level has a western province in this dataset: nothing to explain
        var text = _renderer.Render(_queries.ListUnits(Population.Province, level: empty, filter: new UnitFilter(Region: "ภาคตะวันตก")));
        Assert.Contains(": 0 แห่ง", text.Split('\n')[0]);
        Assert.Contains("ระดับที่ใกล้ที่สุดที่มี", text);
    }

    [Fact]
    public void A_top_list_cut_through_a_tie_says_how_many_tied_units_were_left_out()
    {
        var all = _queries.TopUnits(Population.Province, "best", 100, subIndicator: "6.2");
        var cut = Enumerable.Range(1, all.Units.Count - 1).FirstOrDefault(n => all.Units[n - 1].Rank == all.Units[n].Rank);
        Assert.True(cut > 0, "a sub-indicator with few distinct scores has ties");
        var top = _queries.TopUnits(Population.Province, "best", cut, subIndicator: "6.2");
        Assert.True(top.TiedAtCut > 0);
        Assert.Contains($"มีอีก {top.TiedAtCut} แห่งคะแนนเท่ากัน", _renderer.Render(top));
    }

    [Fact]
    public void Unit_vs_group_compares_with_the_mean_of_the_units_own_ministry_by_default()
    {
        var v = _queries.UnitVersusGroup("D116");
        Assert.Equal(RankScope.Ministry, v.Scope);
        Assert.Equal("กระทรวงมหาดไทย", v.Group);
        var peers = _queries.ListUnits(Population.Department, filter: new UnitFilter(Ministry: "กระทรวงมหาดไทย"));
        Assert.Equal(peers.Total, v.Size);
        var ministryMean = _queries.GroupSummary(Population.Department, "mean", filter: new UnitFilter(Ministry: "กระทรวงมหาดไทย")).Overall!.Mean;
        Assert.Equal(ministryMean, v.Lines[0].GroupMean);
        Assert.Equal(8, v.Lines.Count); // overall and the seven pillars
    }
}
