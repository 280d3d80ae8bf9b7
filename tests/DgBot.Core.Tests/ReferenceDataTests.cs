using DgBot.Core;
using DgBot.Core.Reference;

namespace DgBot.Core.Tests;

public class ReferenceDataTests
{
    private static readonly string DataDir = DataPaths.FindDataDirectory();
    private static readonly ReferenceData Data = ReferenceData.Load(DataDir);

    [Fact]
    public void Every_reference_csv_loads_and_has_no_orphan_keys()
    {
        // Load validates every foreign key; this checks the files are all there and non-trivial too.
        Assert.Equal(7, Data.Pillars.Count);
        Assert.Equal(18, Data.SubIndicators.Count);
        Assert.Equal(5, Data.Levels.Count);
        Assert.Equal(35, Data.PillarLevelLabels.Count);
        Assert.Equal(6, Data.Regions.Count);
        Assert.Equal(21, Data.Ministries.Count);
        Assert.Equal(5, Data.AgencyTypes.Count);
        Assert.Equal(2, Data.Missions.Count);
        Assert.All(Data.SubIndicators, s => Assert.Contains(Data.Pillars, p => p.Id == s.Pillar));
        Assert.All(Data.Items.Where(i => i.SubIndicator is not null), i => Assert.Contains(Data.SubIndicators, s => s.Code == i.SubIndicator));
        Assert.All(Data.Agencies, a =>
        {
            Assert.Contains(Data.Ministries, m => m.Code == a.MinistryCode);
            Assert.Contains(Data.AgencyTypes, t => t.Code == a.AgencyType);
            Assert.Contains(Data.Missions, m => m.Code == a.Mission);
        });
    }

    [Fact]
    public void The_sub_indicator_codes_are_the_ones_the_design_fixes()
    {
        string[] expected = ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "4.1", "4.2", "4.3", "4.4", "5.1", "5.2", "6.1", "6.2", "7.1"];
        Assert.Equal(expected, Data.SubIndicators.Select(s => s.Code));
        Assert.Equal("Cybersecurity", Data.SubIndicators.Single(s => s.Code == "6.2").NameEn);
    }

    [Fact]
    public void There_are_76_provinces_each_in_exactly_one_of_the_six_regions_and_no_Bangkok()
    {
        Assert.Equal(76, Data.Provinces.Count);
        Assert.Equal(76, Data.Provinces.Select(p => p.Id).Distinct().Count());
        Assert.All(Data.Provinces, p => Assert.Single(Data.Regions, r => r.Code == p.RegionCode));
        var perRegion = Data.Provinces.GroupBy(p => p.RegionCode).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["N"] = 9, ["NE"] = 20, ["C"] = 21, ["E"] = 7, ["W"] = 5, ["S"] = 14 }, perRegion);
        Assert.DoesNotContain(Data.Provinces, p => p.NameTh.Contains("กรุงเทพ"));
        Assert.Equal(["ภาคเหนือ", "ภาคตะวันออกเฉียงเหนือ", "ภาคกลาง", "ภาคตะวันออก", "ภาคตะวันตก", "ภาคใต้"], Data.Regions.Select(r => r.NameTh));
    }

    [Fact]
    public void The_301_agencies_allow_the_respondent_groups_the_report_implies()
    {
        Assert.Equal(301, Data.Agencies.Count);
        var types = Data.Agencies.GroupBy(a => a.AgencyType).ToDictionary(g => g.Key, g => g.Count());
        // 150/50/57/14/15 respond; every group has at least that many surveyed units.
        Assert.True(types["gov"] >= 150 && types["soe"] >= 50 && types["public_org"] >= 57 && types["independent"] >= 14 && types["other"] >= 15);
        Assert.True(Data.Agencies.Count(a => a.Mission == "policy") >= 127);
        Assert.True(Data.Agencies.Count(a => a.Mission == "service") >= 159);
    }

    [Theory]
    [InlineData("ตร.")]
    [InlineData("อย.")]
    public void Ambiguous_abbreviations_stay_on_every_unit_they_can_mean(string abbreviation)
    {
        var units = Data.Units().Where(u => u.Abbreviations.Contains(abbreviation) || u.Aliases.Contains(abbreviation)).ToList();
        Assert.Contains(units, u => u.Kind == Population.Department);
        Assert.Contains(units, u => u.Kind == Population.Province);
    }

    [Fact]
    public void The_agencies_the_report_names_are_all_present()
    {
        string[] named = ["กรมบัญชีกลาง", "กรมสรรพากร", "กรมส่งเสริมการเกษตร", "กรมการขนส่งทางบก", "สำนักงานสถิติแห่งชาติ", "กรมการปกครอง", "กรมที่ดิน",
            "กรมป้องกันและบรรเทาสาธารณภัย", "กรมการจัดหางาน", "กรมพัฒนาฝีมือแรงงาน", "สำนักงานประกันสังคม", "สำนักงานปลัดกระทรวงมหาดไทย"];
        Assert.All(named, n => Assert.Contains(Data.Agencies, a => a.NameTh == n));
        Assert.Contains(Data.Agencies, a => a.AbbreviationsTh.Contains("สพร."));
    }

    [Fact]
    public void Every_item_has_Thai_text_and_choice_items_have_options()
    {
        Assert.All(Data.Items, i =>
        {
            Assert.False(string.IsNullOrWhiteSpace(i.TextTh));
            if (!i.IsNumeric) Assert.True(i.Options.Count >= 2, $"{i.Population} {i.Code} has no options");
        });
        Assert.Contains(Data.Items, i => i.Population == Population.Department && i.Code == "2.1.4.1");
        Assert.Contains(Data.Items, i => i.Population == Population.Department && i.Code == "6.1A");
    }

    [Fact]
    public void A_province_with_an_unknown_region_is_reported_with_the_file_name()
    {
        var dir = CopyDataDirectory();
        var path = Path.Combine(dir, "reference", "provinces.csv");
        var lines = File.ReadAllLines(path);
        lines[1] = lines[1].Replace(",C,", ",XX,");
        File.WriteAllLines(path, lines);
        var e = Assert.Throws<ReferenceDataException>(() => ReferenceData.Load(dir));
        Assert.Contains("provinces.csv", e.Message);
        Assert.Contains("XX", e.Message);
    }

    [Fact]
    public void An_item_that_feeds_an_unknown_sub_indicator_is_an_orphan_key()
    {
        var dir = CopyDataDirectory();
        var path = Path.Combine(dir, "reference", "items.csv");
        var text = File.ReadAllText(path).Replace("department,1.1,1.1,", "department,1.1,9.9,");
        File.WriteAllText(path, text);
        var e = Assert.Throws<ReferenceDataException>(() => ReferenceData.Load(dir));
        Assert.Contains("9.9", e.Message);
    }

    private static string CopyDataDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "dgbot-ref-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(dir, "reference"));
        foreach (var f in Directory.GetFiles(Path.Combine(DataDir, "reference"), "*.csv"))
            File.Copy(f, Path.Combine(dir, "reference", Path.GetFileName(f)));
        return dir;
    }
}
