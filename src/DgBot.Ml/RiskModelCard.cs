using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using DgBot.Core.Formatting;

namespace DgBot.Ml;

public sealed record TrainerSelection(
    [property: JsonPropertyName("validation_transition")] string? ValidationTransition,
    [property: JsonPropertyName("auc_pr")] IReadOnlyDictionary<string, double> AucPr,
    [property: JsonPropertyName("rule")] string Rule);

public sealed record ServedModel(
    [property: JsonPropertyName("train_transitions")] IReadOnlyList<string> TrainTransitions,
    [property: JsonPropertyName("examples")] int Examples,
    [property: JsonPropertyName("positives")] int Positives,
    [property: JsonPropertyName("scores_round")] int ScoresRound,
    [property: JsonPropertyName("predicts_round")] int PredictsRound);

/// <summary>
/// The model card (DESIGN §7: data/models/risk-model-card.json). The metrics are those of the forward test: a model
/// trained on the transitions before the last one and scored on the last. The model that is served is refit the same way
/// on every transition (<see cref="Served"/>), so its estimates for the next round rest on this test.
/// </summary>
public sealed record RiskModelCard(
    [property: JsonPropertyName("synthetic")] bool Synthetic,
    [property: JsonPropertyName("data_rounds")] IReadOnlyList<int> DataRounds,
    [property: JsonPropertyName("train_rounds")] IReadOnlyList<int> TrainRounds,
    [property: JsonPropertyName("train_transitions")] IReadOnlyList<string> TrainTransitions,
    [property: JsonPropertyName("test_transition")] string TestTransition,
    [property: JsonPropertyName("trainer")] string Trainer,
    [property: JsonPropertyName("seed")] int Seed,
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("calibration")] string Calibration,
    [property: JsonPropertyName("train_examples")] int TrainExamples,
    [property: JsonPropertyName("train_positives")] int TrainPositives,
    [property: JsonPropertyName("test_units")] int TestUnits,
    [property: JsonPropertyName("test_positives")] int TestPositives,
    [property: JsonPropertyName("model")] RiskMetrics Model,
    [property: JsonPropertyName("baselines")] IReadOnlyDictionary<string, RiskMetrics> Baselines,
    [property: JsonPropertyName("selection")] TrainerSelection Selection,
    [property: JsonPropertyName("served_model")] ServedModel Served,
    [property: JsonPropertyName("features")] IReadOnlyList<string> Features,
    [property: JsonPropertyName("dataset_fingerprint")] string DatasetFingerprint,
    [property: JsonPropertyName("trained_at")] string TrainedAt)
{
    public const string FellLastRound = "fell_last_round";
    public const string NearLowerBand = "near_lower_band";

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public double BaseRate => TestUnits == 0 ? 0 : (double)TestPositives / TestUnits;

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static RiskModelCard FromJson(string json) =>
        JsonSerializer.Deserialize<RiskModelCard>(json, Json) ?? throw new InvalidDataException("empty model card");

    /// <summary>The Thai/English summary printed by `dgbot train` and written beside the card (Thai wording from the templates).</summary>
    public string ToMarkdown(ThaiFormatter f)
    {
        static string N(double x) => x.ToString("0.000", CultureInfo.InvariantCulture);
        static string P(double x) => (x * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
        var fell = Baselines[FellLastRound];
        var near = Baselines[NearLowerBand];
        var sb = new StringBuilder();
        sb.AppendLine(f.T("card.title"));
        sb.AppendLine();
        if (Synthetic) sb.AppendLine("> " + f.T("card.synthetic")).AppendLine();
        sb.AppendLine("- " + f.T("card.rounds", ("rounds", $"{DataRounds[0]}–{DataRounds[^1]}")));
        sb.AppendLine("- " + f.T("card.label"));
        sb.AppendLine("- " + f.T("card.split", ("train", string.Join(", ", TrainTransitions)), ("examples", TrainExamples), ("positives", TrainPositives),
            ("test", TestTransition), ("units", TestUnits), ("drops", TestPositives), ("rate", P(BaseRate))));
        sb.AppendLine("- " + f.T("card.trainer", ("trainer", Trainer), ("seed", Seed),
            ("selection", string.Join(", ", Selection.AucPr.Select(kv => $"{kv.Key} {N(kv.Value)}"))), ("validation", Selection.ValidationTransition ?? "-")));
        sb.AppendLine("- " + f.T("card.calibration", ("calibration", Calibration)));
        sb.AppendLine("- " + f.T("card.served", ("train", string.Join(", ", Served.TrainTransitions)), ("examples", Served.Examples),
            ("from", Served.ScoresRound), ("to", Served.PredictsRound)));
        sb.AppendLine();
        sb.AppendLine(f.T("card.metrics.head", ("test", TestTransition)));
        sb.AppendLine();
        sb.AppendLine(f.T("card.metrics.columns"));
        sb.AppendLine("|---|---:|---:|---:|");
        void Row(string name, Func<RiskMetrics, string> value) => sb.AppendLine($"| {name} | {value(Model)} | {value(fell)} | {value(near)} |");
        Row("AUC-ROC", m => N(m.AucRoc));
        Row("AUC-PR", m => N(m.AucPr));
        Row("precision@10", m => N(m.PrecisionAt10));
        Row("precision@20", m => N(m.PrecisionAt20));
        Row("recall@10", m => N(m.RecallAt10));
        Row("recall@20", m => N(m.RecallAt20));
        Row("Brier", m => N(m.Brier));
        sb.AppendLine();
        sb.AppendLine(f.T("card.reliability.head"));
        sb.AppendLine();
        sb.AppendLine(f.T("card.reliability.columns"));
        sb.AppendLine("|---|---:|---:|---:|");
        foreach (var b in Model.Reliability)
            sb.AppendLine($"| {b.Lower.ToString("0.0", CultureInfo.InvariantCulture)}–{b.Upper.ToString("0.0", CultureInfo.InvariantCulture)} | {b.Count} | " +
                          $"{(b.Count == 0 ? "-" : N(b.MeanPredicted))} | {(b.Count == 0 ? "-" : N(b.ObservedRate))} |");
        sb.AppendLine();
        sb.AppendLine(f.T("card.features", ("n", Features.Count)));
        sb.AppendLine();
        sb.AppendLine(string.Join(", ", Features.Select(x => $"`{x}`")));
        return sb.ToString();
    }
}
