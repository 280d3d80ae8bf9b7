using DgBot.Core;
using DgBot.Core.Reference;
using DgBot.Core.Scoring;

namespace DgBot.Core.Tests;

public class ScoringTests
{
    private static readonly string DataDir = DataPaths.FindDataDirectory();
    private static readonly ScoringEngine Engine = new(ReferenceData.Load(DataDir), ScoringRules.Load(DataPaths.RulesPath(DataDir)));

    private static Dictionary<string, string> A(params string[] pairs) =>
        pairs.Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);

    private static SubIndicatorScore Sub(Scorecard card, string code) => card.SubIndicators.Single(s => s.Code == code);

    // Each case is worked by hand from data/scoring/rules.json: points earned / points possible x 100, rounded to 2 places.
    public static TheoryData<string, string, string[], double, int> DepartmentExamples => new()
    {
        // 1.1: plan in progress 2 + cyber plans done 2 + exempt 2 + none 0 = 6 of 10
        { "1.1", "plan in progress, two cyber plans in place", ["1.1=in_progress", "1.2.1=done", "1.2.2=exempt", "1.2.3=none"], 60.00, 4 },
        // 1.2: regulations 4 + section 10 3 = 7 of 12
        { "1.2", "regulations and section 10 only", ["1.3=done", "1.4.1=yes", "1.4.2=no", "1.4.3=no"], 58.33, 3 },
        // 1.3: 4 + 2 + 1 + 1 + 0 (not related) + 4 = 12 of 22 = 54.545...
        { "1.3", "data policies with a partial guideline", ["1.5=done", "1.6=in_progress", "1.6.1=yes", "1.6.2=yes", "1.7=na", "1.8=done"], 54.55, 3 },
        // 2.1: council 2 + website 1 + communication 1 + four internal-use actions 8 + report 1 + dashboards 1 = 14 of 37
        { "2.1", "council and internal-use governance", ["2.1.1=done", "2.1.1.1=yes", "2.1.2=in_progress", "2.1.3.I1=yes", "2.1.3.I2=yes", "2.1.3.I3=yes", "2.1.3.I4=yes", "2.1.4.1=in_progress", "2.1.5.2=yes"], 37.84, 2 },
        // 2.2: partial 3 + CKAN 1 + usage statistics 2 = 6 of 19; 2.2.3.2 is not asked when 2.2.3.1 = none
        { "2.2", "partial open data, no sharable data", ["2.2.1.1=partial", "2.2.1.2.1=yes", "2.2.1.3=yes", "2.2.3.1=none", "2.2.3.2=full"], 31.58, 2 },
        // 2.3: three of six PDPA measures
        { "2.3", "half the PDPA measures", ["2.3.1.1=yes", "2.3.1.2=yes", "2.3.1.3=yes", "2.3.1.4=no"], 50.00, 3 },
        // 3.1: DCIO 4 + assigned executive 2 + award 2 = 8 of 12
        { "3.1", "a DCIO with an award", ["3.1=has", "3.1.1=yes", "3.1.2=no", "3.1.3=yes", "3.1.4=no"], 66.67, 4 },
        // 3.2: literacy 2 + technology 2 + measured 3 = 7 of 15
        { "3.2", "two skills promoted and measured", ["3.4.1=yes", "3.4.2=yes", "3.4.7=yes"], 46.67, 3 },
        // 3.3: ratio 60% -> band 50 (3 points) + average 72 -> band 70 (3 points) = 6 of 8
        { "3.3", "most staff assessed, average 72", ["3.5.1=60", "3.5.2=72"], 75.00, 4 },
        // 3.3: nobody assessed, so the average is not asked and earns nothing
        { "3.3", "nobody assessed", ["3.5.1=0", "3.5.2=90"], 0.00, 1 },
        // 4.1: basic tech 1 + welfare online 3 + tax partly online 2 + copy-free for all 3 + vulnerable groups 3 = 12 of 36
        { "4.1", "some section-10 services online", ["4.2.1=yes", "4.3.1.1=online_full", "4.3.1.3=online_partial", "4.4=all", "4.5=yes"], 33.33, 2 },
        // 4.2: 17 of 21 website features
        { "4.2", "17 website features", Enumerable.Range(1, 17).Select(i => $"4.6.{i}=yes").ToArray(), 80.95, 5 },
        // 4.2: 16 of 21 is just under the level-5 band
        { "4.2", "16 website features", Enumerable.Range(1, 16).Select(i => $"4.6.{i}=yes").ToArray(), 76.19, 4 },
        // 4.3: transactions up 3 + satisfaction measured 2 = 5 of 8
        { "4.3", "digital transactions rising", ["4.3.2=increased", "4.3.2.1=no", "4.3.3=yes"], 62.50, 4 },
        // 4.4: nine e-Information items 9 + one e-Consultation 1 + one e-Decision 2 = 12 of 27
        { "4.4", "information-heavy participation", [.. Enumerable.Range(1, 9).Select(i => $"4.7.{i}=yes"), "4.8.1=yes", "4.9.2=yes"], 44.44, 3 },
        // 5.1: ten work areas 10 + some integration 2 = 12 of 17
        { "5.1", "ten digital work areas", [.. Enumerable.Range(1, 10).Select(i => $"5.1A.{i}=yes"), "5.1C=some"], 70.59, 4 },
        // 5.2: automation 2 + improved 1 + procurement 1 + meetings 1 + WFA 2 + VPN 1 = 8 of 16
        { "5.2", "automation in procurement and WFA", ["5.2=yes", "5.2.1=yes", "5.2.2.1=yes", "5.3.1.1=yes", "5.3.2=yes", "5.3.2.1=yes"], 50.00, 3 },
        // 6.1: GDCC 2 + availability 2 + backup 1 + off-site copy 1 = 6 of 10 (an on-site copy is recorded, not scored)
        { "6.1", "GDCC with backups", ["6.1A=yes", "6.1.1=yes", "6.1.1.1=yes", "6.1.1.2=yes", "6.1.1.3=yes"], 60.00, 4 },
        // 6.2: no standard, so ISO is not asked; training 1 = 1 of 12
        { "6.2", "training only", ["6.2.1=no", "6.2.1.2=yes", "6.2.2.1=yes"], 8.33, 1 },
        // 7.1: seven technologies; 8 of 10 counts as full marks, so 7 of 8
        { "7.1", "seven technologies", Enumerable.Range(1, 7).Select(i => $"7.1.{i}=yes").ToArray(), 87.50, 5 },
        // 7.1: nine technologies is capped at 100
        { "7.1", "nine technologies", Enumerable.Range(1, 9).Select(i => $"7.1.{i}=yes").ToArray(), 100.00, 5 },
    };

    [Theory]
    [MemberData(nameof(DepartmentExamples))]
    public void A_department_sub_indicator_scores_as_worked_by_hand(string sub, string situation, string[] answers, double score, int level)
    {
        var card = Engine.Score(Population.Department, A(answers));
        var s = Sub(card, sub);
        Assert.True(score == s.Score, $"{sub} ({situation}): expected {score}, got {s.Score}");
        Assert.Equal(level, s.Level);
    }

    public static TheoryData<string, string[], double, int> ProvinceExamples => new()
    {
        // 1.2: regulations in progress earn 1 of 10, so 10.00 and level 1
        { "1.2", ["1.3=in_progress", "1.3.1=yes"], 10.00, 1 },
        // 1.2: regulations 2 + two kinds 4 = 6 of 10
        { "1.2", ["1.3=done", "1.3.1=yes", "1.3.2=yes"], 60.00, 4 },
        // 3.3: every province measures through its parent department: 2 of 4
        { "3.3", ["3.3.1=parent"], 50.00, 3 },
        // 4.4: e-Information alone is not scored; two of its items 2 of 27
        { "4.4", ["4.7.1=yes", "4.7.1.1=yes", "4.7.1.2=yes"], 7.41, 1 },
        // 6.2: standard 1 + NIST 2 = 3 of 8
        { "6.2", ["6.2.1=yes", "6.2.1.3=yes"], 37.50, 2 },
    };

    [Theory]
    [MemberData(nameof(ProvinceExamples))]
    public void A_province_sub_indicator_scores_as_worked_by_hand(string sub, string[] answers, double score, int level)
    {
        var s = Sub(Engine.Score(Population.Province, A(answers)), sub);
        Assert.Equal(score, s.Score);
        Assert.Equal(level, s.Level);
    }

    [Fact]
    public void A_pillar_is_the_mean_of_its_sub_indicators_and_overall_the_mean_of_pillars()
    {
        var card = Engine.Score(Population.Department, A("1.1=in_progress", "1.2.1=done", "1.2.2=exempt", "1.2.3=none",
            "1.3=done", "1.4.1=yes", "1.5=done", "1.6=in_progress", "1.6.1=yes", "1.6.2=yes", "1.7=na", "1.8=done"));
        // (60.00 + 58.33 + 54.55) / 3 = 57.6266... -> 57.63, level 3; other pillars 0, so overall 57.63 / 7 = 8.2328... -> 8.23
        var p1 = card.Pillars.Single(p => p.Pillar == 1);
        Assert.Equal(57.63, p1.Score);
        Assert.Equal(3, p1.Level);
        Assert.Equal(8.23, card.Score);
        Assert.Equal(1, card.Level);
    }

    [Fact]
    public void Every_item_says_whether_it_earned_or_missed_its_points()
    {
        var s = Sub(Engine.Score(Population.Department, A("3.1=has", "3.1.1=yes", "3.1.2=no")), "3.1");
        Assert.Equal(ItemOutcome.Earned, s.Items.Single(i => i.Item == "3.1").Outcome);
        Assert.Equal(ItemOutcome.Earned, s.Items.Single(i => i.Item == "3.1.1").Outcome);
        Assert.Equal(ItemOutcome.Missed, s.Items.Single(i => i.Item == "3.1.2").Outcome);
        Assert.Equal(ItemOutcome.Unanswered, s.Items.Single(i => i.Item == "3.1.3").Outcome);
        var none = Sub(Engine.Score(Population.Department, A("3.1=none", "3.1.1=yes")), "3.1");
        Assert.Equal(ItemOutcome.NotAsked, none.Items.Single(i => i.Item == "3.1.1").Outcome);
        Assert.Equal(0, none.EarnedPoints);
        var partial = Sub(Engine.Score(Population.Department, A("3.1=delegated")), "3.1");
        Assert.Equal(ItemOutcome.Partial, partial.Items.Single(i => i.Item == "3.1").Outcome);
    }

    [Fact]
    public void No_answers_score_zero_and_full_marks_score_100()
    {
        var empty = Engine.Score(Population.Province, new Dictionary<string, string>());
        Assert.Equal(0, empty.Score);
        Assert.Equal(1, empty.Level);
        var form = Engine.Form(Population.Department);
        var best = new Dictionary<string, string>();
        for (int i = 0; i < form.Items.Count; i++)
        {
            var item = form.Items[i];
            if (form.ItemSub[i] < 0) continue;
            best[item.Code] = item.IsNumeric ? "100" : item.Options[Array.IndexOf(form.ItemPoints[i], form.ItemPoints[i].Max())].Code;
        }
        var full = Engine.Score(Population.Department, best);
        Assert.Equal(100, full.Score);
        Assert.Equal(5, full.Level);
        Assert.All(full.SubIndicators, s => Assert.Equal(100, s.Score));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(19.99, 1)]
    [InlineData(20, 2)]
    [InlineData(39.99, 2)]
    [InlineData(40, 3)]
    [InlineData(59.99, 3)]
    [InlineData(60, 4)]
    [InlineData(79.99, 4)]
    [InlineData(80, 5)]
    [InlineData(100, 5)]
    public void A_score_maps_to_a_level_by_fixed_bands(double score, int level) =>
        Assert.Equal(level, Engine.Rules.LevelFor(score));

    [Fact]
    public void Scoring_the_same_answers_twice_gives_the_same_scorecard()
    {
        var answers = A("1.1=done", "2.2.1.1=full", "2.2.1.2.1=yes", "6.1A=yes", "7.1.1=yes", "3.5.1=30", "3.5.2=65");
        var a = Engine.Score(Population.Department, answers);
        var b = Engine.Score(Population.Department, answers);
        Assert.Equal(a.Score, b.Score);
        Assert.Equal(a.SubIndicators.Select(s => (s.Code, s.Score, s.Level)), b.SubIndicators.Select(s => (s.Code, s.Score, s.Level)));
    }

    [Fact]
    public void Answers_outside_an_items_options_earn_nothing()
    {
        var s = Sub(Engine.Score(Population.Department, A("1.3=maybe", "1.4.1=yes")), "1.2");
        Assert.Equal(3, s.EarnedPoints);
    }
}
