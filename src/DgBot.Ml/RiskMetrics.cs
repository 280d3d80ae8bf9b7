using System.Text.Json.Serialization;

namespace DgBot.Ml;

/// <summary>One bin of the reliability table: predictions in [Lower, Upper), how many, their mean and the observed drop rate.</summary>
public sealed record ReliabilityBin(
    [property: JsonPropertyName("lower")] double Lower,
    [property: JsonPropertyName("upper")] double Upper,
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("mean_predicted")] double MeanPredicted,
    [property: JsonPropertyName("observed_rate")] double ObservedRate);

/// <summary>The forward test's metrics for one scorer (the model or a baseline), the keys of DESIGN §7's model card.</summary>
public sealed record RiskMetrics(
    [property: JsonPropertyName("auc_roc")] double AucRoc,
    [property: JsonPropertyName("auc_pr")] double AucPr,
    [property: JsonPropertyName("precision_at_10")] double PrecisionAt10,
    [property: JsonPropertyName("precision_at_20")] double PrecisionAt20,
    [property: JsonPropertyName("recall_at_10")] double RecallAt10,
    [property: JsonPropertyName("recall_at_20")] double RecallAt20,
    [property: JsonPropertyName("brier")] double Brier,
    [property: JsonPropertyName("reliability")] IReadOnlyList<ReliabilityBin> Reliability)
{
    /// <summary>
    /// Metrics of probabilities against outcomes. Tied scores are treated as tied, not in input order: AUC counts a tie
    /// as half, AUC-PR (average precision) moves one step per distinct score, and precision@k / recall@k are the expected
    /// values when the tied units straddling the cut are taken in random order. That matters for the baselines, which
    /// give most units the same score.
    /// </summary>
    public static RiskMetrics Compute(IReadOnlyList<double> probability, IReadOnlyList<bool> label)
    {
        if (probability.Count != label.Count) throw new ArgumentException("one probability per label");
        var n = label.Count;
        var positives = label.Count(l => l);
        var groups = Enumerable.Range(0, n).GroupBy(i => probability[i]).OrderByDescending(g => g.Key)
            .Select(g => (Score: g.Key, Count: g.Count(), Positives: g.Count(i => label[i]))).ToList();
        return new RiskMetrics(RocArea(groups, positives, n - positives), AveragePrecision(groups, positives),
            PrecisionAt(groups, 10), PrecisionAt(groups, 20),
            positives == 0 ? 0 : ExpectedHits(groups, 10) / positives, positives == 0 ? 0 : ExpectedHits(groups, 20) / positives,
            n == 0 ? 0 : Enumerable.Range(0, n).Average(i => Math.Pow(probability[i] - (label[i] ? 1 : 0), 2)),
            ReliabilityTable(probability, label));
    }

    private static double RocArea(List<(double Score, int Count, int Positives)> groups, int positives, int negatives)
    {
        if (positives == 0 || negatives == 0) return 0.5;
        double negativesBelow = negatives, sum = 0;
        foreach (var g in groups)
        {
            var groupNegatives = g.Count - g.Positives;
            negativesBelow -= groupNegatives;
            sum += g.Positives * (negativesBelow + 0.5 * groupNegatives);
        }
        return sum / ((double)positives * negatives);
    }

    private static double AveragePrecision(List<(double Score, int Count, int Positives)> groups, int positives)
    {
        if (positives == 0) return 0;
        double tp = 0, seen = 0, ap = 0, lastRecall = 0;
        foreach (var g in groups)
        {
            tp += g.Positives; seen += g.Count;
            var recall = tp / positives;
            ap += (recall - lastRecall) * (tp / seen);
            lastRecall = recall;
        }
        return ap;
    }

    private static double ExpectedHits(List<(double Score, int Count, int Positives)> groups, int k)
    {
        double hits = 0; int taken = 0;
        foreach (var g in groups)
        {
            if (taken >= k) break;
            var take = Math.Min(g.Count, k - taken);
            hits += g.Positives * (double)take / g.Count;
            taken += take;
        }
        return hits;
    }

    private static double PrecisionAt(List<(double Score, int Count, int Positives)> groups, int k)
    {
        var available = groups.Sum(g => g.Count);
        return available == 0 ? 0 : ExpectedHits(groups, k) / Math.Min(k, available);
    }

    private static List<ReliabilityBin> ReliabilityTable(IReadOnlyList<double> probability, IReadOnlyList<bool> label)
    {
        var bins = new List<ReliabilityBin>();
        for (int b = 0; b < 10; b++)
        {
            double lower = b / 10.0, upper = (b + 1) / 10.0;
            var members = Enumerable.Range(0, probability.Count)
                .Where(i => probability[i] >= lower && (probability[i] < upper || b == 9 && probability[i] <= 1)).ToList();
            bins.Add(new ReliabilityBin(lower, upper, members.Count,
                members.Count == 0 ? 0 : members.Average(i => probability[i]),
                members.Count == 0 ? 0 : members.Average(i => label[i] ? 1.0 : 0.0)));
        }
        return bins;
    }
}
