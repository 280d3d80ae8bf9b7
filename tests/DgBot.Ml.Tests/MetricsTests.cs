using DgBot.Ml;

namespace DgBot.Ml.Tests;

public class MetricsTests
{
    [Fact]
    public void A_perfect_ranking_has_AUC_1_and_full_precision_at_the_top()
    {
        var p = new[] { 0.9, 0.8, 0.3, 0.2, 0.1 };
        var y = new[] { true, true, false, false, false };
        var m = RiskMetrics.Compute(p, y);
        Assert.Equal(1, m.AucRoc, 9);
        Assert.Equal(1, m.AucPr, 9);
        Assert.Equal(0.4, m.PrecisionAt10, 9); // 2 hits in the 5 units there are
        Assert.Equal(1, m.RecallAt10, 9);
        Assert.Equal((0.01 + 0.04 + 0.09 + 0.04 + 0.01) / 5, m.Brier, 9);
    }

    [Fact]
    public void Tied_scores_count_as_ties_not_in_input_order()
    {
        // A rule that gives everyone the same score ranks no better than chance, whatever order the rows come in.
        var p = Enumerable.Repeat(0.2, 40).ToArray();
        var y = Enumerable.Range(0, 40).Select(i => i < 8).ToArray();
        var m = RiskMetrics.Compute(p, y);
        Assert.Equal(0.5, m.AucRoc, 9);
        Assert.Equal(0.2, m.AucPr, 9);
        Assert.Equal(0.2, m.PrecisionAt10, 9);
        Assert.Equal(0.25, m.RecallAt10, 9); // 10 of 40 taken at random: 2 of the 8 expected
    }

    [Fact]
    public void The_reliability_table_has_ten_bins_that_hold_every_prediction()
    {
        var p = new[] { 0.0, 0.05, 0.15, 0.5, 0.99, 1.0 };
        var y = new[] { false, false, true, true, true, false };
        var m = RiskMetrics.Compute(p, y);
        Assert.Equal(10, m.Reliability.Count);
        Assert.Equal(p.Length, m.Reliability.Sum(b => b.Count));
        Assert.Equal(2, m.Reliability[9].Count);
        Assert.Equal(0.5, m.Reliability[9].ObservedRate, 9);
    }
}
