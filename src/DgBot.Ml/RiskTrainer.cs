using System.Globalization;
using DgBot.Core.Risk;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace DgBot.Ml;

public enum RiskTrainerKind { FastTree, LightGbm }

/// <summary>A unit's features in round t and whether its overall level in round t+1 was lower (the label, DESIGN §7).</summary>
public sealed record LabelledExample(UnitFeatures Features, bool Dropped);

/// <summary>What training produced: the served model, its card, and the forward test's own predictions (for tests).</summary>
public sealed class TrainedRiskModel(ITransformer model, RiskModelCard card, RiskFeatureBuilder features,
    IReadOnlyList<(string UnitId, double Probability, bool Dropped)> forwardTest)
{
    public ITransformer Model { get; } = model;
    public RiskModelCard Card { get; } = card;
    public RiskFeatureBuilder Features { get; } = features;
    public IReadOnlyList<(string UnitId, double Probability, bool Dropped)> ForwardTest { get; } = forwardTest;
}

/// <summary>
/// Trains the risk model (DESIGN §7), forward in time only, never with a random split. Transition i (round t → t+1) is
/// scored by a model fit on transitions 0..i−1 ("forward chaining"): the transitions before the last choose the trainer
/// (FastTree or LightGbm, mean AUC-PR), the last one is the forward test, and the served model is refit the same way on
/// every transition. A unit-round is in exactly one transition, and a model never sees the transition it scores.
/// Probabilities are calibrated by Platt scaling on the forward-chained scores, so the calibration, too, is learnt out of
/// time, the way the model is used. Single-threaded trainers and a fixed seed make a run repeatable.
/// </summary>
public sealed class RiskTrainer(int seed = RiskTrainer.DefaultSeed)
{
    public const int DefaultSeed = 2567;
    public const string CalibrationText =
        "Platt scaling fit on forward-chained out-of-time scores: each transition before the scored one, scored by a model fit on the transitions before it";

    public int Seed { get; } = seed;

    public static string Transition(int year, int next) => $"{year}->{next}";

    /// <summary>The transitions t → t+1 of consecutive survey rounds, by t.</summary>
    public static IReadOnlyList<(int Year, int Next)> Transitions(SurveyHistory history) =>
        history.Years.Zip(history.Years.Skip(1)).Select(p => (p.First, p.Second)).ToList();

    /// <summary>Units that answered both rounds: features from rounds ≤ year, the label from the next round.</summary>
    public static List<LabelledExample> Examples(SurveyHistory history, RiskFeatureBuilder builder, int year, int next)
    {
        var asOf = history.AsOf(year);
        var examples = new List<LabelledExample>();
        foreach (var f in builder.BuildAll(asOf))
            if (history.RoundOf(f.UnitId, next) is { } after)
                examples.Add(new LabelledExample(f, after.Level < f.Facts.Current.Level));
        return examples;
    }

    public TrainedRiskModel Train(SurveyHistory history, IProgress<(string Stage, double Fraction)>? progress = null)
    {
        var transitions = Transitions(history);
        if (transitions.Count < 2)
            throw new InvalidOperationException($"the risk model needs at least three survey rounds (two transitions) to train and test forward; the database has {history.Years.Count}");
        var builder = new RiskFeatureBuilder(history);
        progress?.Report(("features", 0.02));
        var chain = transitions.Select(t => (t.Year, t.Next, Rows: Examples(history, builder, t.Year, t.Next))).ToList();
        var m = chain.Count - 1; // the test transition
        var ml = new MLContext(Seed);
        var n = builder.Count;
        List<LabelledExample> Before(int i) => chain.Take(i).SelectMany(t => t.Rows).ToList();
        List<bool> Labels(int i) => chain[i].Rows.Select(r => r.Dropped).ToList();

        // 1. Forward chaining: transition i is scored by a model fit on transitions 0..i-1. The transitions before the test
        // one choose the trainer (mean AUC-PR); the chosen trainer's scores on them calibrate the evaluated model.
        var forward = new Dictionary<(RiskTrainerKind Kind, int Transition), List<double>>();
        var selection = new Dictionary<string, double>();
        var kinds = Enum.GetValues<RiskTrainerKind>();
        for (int i = 1; i < m; i++)
            foreach (var k in kinds)
            {
                progress?.Report(($"choosing the trainer: {k} on {Transition(chain[i].Year, chain[i].Next)}", 0.05 + 0.5 * ((i - 1) * kinds.Length + (int)k) / Math.Max(1, (m - 1) * kinds.Length)));
                forward[(k, i)] = RawScores(ml, FitTrees(ml, View(ml, Before(i), n), k, n).Trees, chain[i].Rows, n);
            }
        foreach (var k in kinds.Where(_ => m > 1))
            selection[k.ToString()] = Enumerable.Range(1, m - 1).Average(i => RiskMetrics.Compute(forward[(k, i)], Labels(i)).AucPr);
        // Ties (and a history too short to compare on) keep FastTree.
        var kind = m > 1 && selection[nameof(RiskTrainerKind.LightGbm)] > selection[nameof(RiskTrainerKind.FastTree)] ? RiskTrainerKind.LightGbm : RiskTrainerKind.FastTree;

        // 2. The forward test: fit on every transition before the last, calibrate on the earlier forward scores, score the last.
        progress?.Report(($"forward test {Transition(chain[m].Year, chain[m].Next)} ({kind})", 0.6));
        var trainRows = Before(m);
        var (evalTrees, _) = FitTrees(ml, View(ml, trainRows, n), kind, n, contributions: false);
        var testRaw = RawScores(ml, evalTrees, chain[m].Rows, n);
        forward[(kind, m)] = testRaw;
        var evalCalibration = Calibrator(ml, Enumerable.Range(1, m - 1).Select(i => (forward[(kind, i)], Labels(i))));
        var testProbabilities = evalCalibration is null
            ? Probabilities(ml, evalTrees, chain[m].Rows, n)
            : Probabilities(ml, new TransformerChain<ITransformer>(evalTrees, evalCalibration), chain[m].Rows, n);
        var testLabels = Labels(m);
        var baselines = new Dictionary<string, RiskMetrics>
        {
            [RiskModelCard.FellLastRound] = Baseline(builder, "fell_last_round", trainRows, chain[m].Rows),
            [RiskModelCard.NearLowerBand] = Baseline(builder, "near_lower_band", trainRows, chain[m].Rows),
        };

        // 3. The served model: the same recipe on every transition, calibrated on every forward score, to score the latest round.
        progress?.Report(("final model on every transition", 0.8));
        var allRows = chain.SelectMany(t => t.Rows).ToList();
        var (trees, contributionCalculator) = FitTrees(ml, View(ml, allRows, n), kind, n, contributions: true);
        var calibration = Calibrator(ml, Enumerable.Range(1, m).Select(i => (forward[(kind, i)], Labels(i))));
        ITransformer served = calibration is null
            ? new TransformerChain<ITransformer>(trees, contributionCalculator!)
            : new TransformerChain<ITransformer>(trees, contributionCalculator!, calibration);
        progress?.Report(("model card", 0.95));

        var card = new RiskModelCard(
            Synthetic: history.Synthetic,
            DataRounds: history.Years,
            TrainRounds: history.Years.Where(y => y <= chain[m - 1].Next).ToList(),
            TrainTransitions: chain.Take(m).Select(t => Transition(t.Year, t.Next)).ToList(),
            TestTransition: Transition(chain[m].Year, chain[m].Next),
            Trainer: kind.ToString(),
            Seed: Seed,
            Label: "overall level in round t+1 lower than in round t; features from rounds <= t only",
            Calibration: CalibrationText,
            TrainExamples: trainRows.Count,
            TrainPositives: trainRows.Count(r => r.Dropped),
            TestUnits: chain[m].Rows.Count,
            TestPositives: chain[m].Rows.Count(r => r.Dropped),
            Model: RiskMetrics.Compute(testProbabilities, testLabels),
            Baselines: baselines,
            Selection: new TrainerSelection(m > 1 ? string.Join(", ", Enumerable.Range(1, m - 1).Select(i => Transition(chain[i].Year, chain[i].Next))) : null,
                selection, "higher mean AUC-PR over the forward-chained validation transitions; FastTree on a tie or with too few rounds"),
            Served: new ServedModel(chain.Select(t => Transition(t.Year, t.Next)).ToList(), allRows.Count, allRows.Count(r => r.Dropped),
                history.LatestYear, history.LatestYear + 1),
            Features: builder.Features.Select(f => f.Name).ToList(),
            DatasetFingerprint: history.Fingerprint,
            TrainedAt: DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        var test = chain[m].Rows.Select((r, i) => (r.Features.UnitId, testProbabilities[i], r.Dropped)).ToList();
        progress?.Report(("trained", 1));
        return new TrainedRiskModel(served, card, builder, test);
    }

    /// <summary>Platt scaling fit on out-of-time raw scores and what happened; null when there are none (or one class only).</summary>
    private static ITransformer? Calibrator(MLContext ml, IEnumerable<(List<double> Scores, List<bool> Labels)> forward)
    {
        var rows = forward.SelectMany(f => f.Scores.Select((s, i) => new Scored { Score = (float)s, Label = f.Labels[i] })).ToList();
        if (rows.Count == 0 || rows.All(r => r.Label) || !rows.Any(r => r.Label)) return null;
        return ml.BinaryClassification.Calibrators.Platt().Fit(ml.Data.LoadFromEnumerable(rows));
    }

    /// <summary>
    /// A baseline rule scored as a probability: the drop rate, in the training transitions, of the units on the same side of
    /// the rule. Ranking by it is ranking by the rule; the rate makes its Brier score and reliability comparable.
    /// </summary>
    private static RiskMetrics Baseline(RiskFeatureBuilder builder, string feature, List<LabelledExample> train, List<LabelledExample> test)
    {
        var index = builder.Features.Select((f, i) => (f, i)).Single(x => x.f.Name == feature).i;
        bool Flag(LabelledExample e) => e.Features.Values[index] > 0.5f;
        double Rate(bool flag)
        {
            var group = train.Where(e => Flag(e) == flag).ToList();
            return group.Count == 0 ? train.Average(e => e.Dropped ? 1.0 : 0.0) : group.Average(e => e.Dropped ? 1.0 : 0.0);
        }
        double yes = Rate(true), no = Rate(false);
        return RiskMetrics.Compute(test.Select(e => Flag(e) ? yes : no).ToList(), test.Select(e => e.Dropped).ToList());
    }

    // ---------------- ML.NET ----------------

    internal sealed class Input
    {
        public bool Label { get; set; }
        public float[] Features { get; set; } = [];
    }

    internal sealed class Output
    {
        public float Score { get; set; }
        public float Probability { get; set; }
        public float[] FeatureContributions { get; set; } = [];
    }

    private sealed class Scored
    {
        public bool Label { get; set; }
        public float Score { get; set; }
    }

    internal static SchemaDefinition InputSchema(int featureCount)
    {
        var schema = SchemaDefinition.Create(typeof(Input));
        schema[nameof(Input.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featureCount);
        return schema;
    }

    private static IDataView View(MLContext ml, IEnumerable<LabelledExample> rows, int featureCount) =>
        ml.Data.LoadFromEnumerable(rows.Select(r => new Input { Label = r.Dropped, Features = r.Features.Values }).ToList(), InputSchema(featureCount));

    private (ITransformer Trees, ITransformer? Contributions) FitTrees(MLContext ml, IDataView data, RiskTrainerKind kind, int featureCount, bool contributions = false)
    {
        // Sized for a few hundred units a round: 100 shallow trees (8 leaves), each leaf needing a dozen units, 80% of the features per tree.
        if (kind == RiskTrainerKind.FastTree)
        {
            var trees = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
            {
                NumberOfTrees = 100, NumberOfLeaves = 8, MinimumExampleCountPerLeaf = 12, LearningRate = 0.1,
                FeatureFraction = 0.8, Seed = Seed, FeatureSelectionSeed = Seed, NumberOfThreads = 1,
            }).Fit(data);
            return (trees, contributions ? ml.Transforms.CalculateFeatureContribution(trees, featureCount, featureCount, normalize: false).Fit(data) : null);
        }
        var gbm = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            NumberOfIterations = 100, NumberOfLeaves = 8, MinimumExampleCountPerLeaf = 12, LearningRate = 0.1,
            Seed = Seed, NumberOfThreads = 1, Silent = true,
            Booster = new GradientBooster.Options { FeatureFraction = 0.8, L2Regularization = 1 },
        }).Fit(data);
        return (gbm, contributions ? ml.Transforms.CalculateFeatureContribution(gbm, featureCount, featureCount, normalize: false).Fit(data) : null);
    }

    private static List<double> RawScores(MLContext ml, ITransformer trees, List<LabelledExample> rows, int featureCount) =>
        ml.Data.CreateEnumerable<Scored>(trees.Transform(View(ml, rows, featureCount)), reuseRowObject: false).Select(s => (double)s.Score).ToList();

    private sealed class Calibrated
    {
        public float Probability { get; set; }
    }

    private static List<double> Probabilities(MLContext ml, ITransformer model, List<LabelledExample> rows, int featureCount) =>
        ml.Data.CreateEnumerable<Calibrated>(model.Transform(View(ml, rows, featureCount)), reuseRowObject: false).Select(o => (double)o.Probability).ToList();
}
