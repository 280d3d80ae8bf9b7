using DgBot.Core.Formatting;
using Microsoft.ML;

namespace DgBot.Ml;

/// <summary>Where a model and its card live: risk-model.zip, risk-model-card.json and risk-model-card.md in one folder.</summary>
public static class RiskModelFiles
{
    public const string ModelFile = "risk-model.zip";
    public const string CardFile = "risk-model-card.json";
    public const string SummaryFile = "risk-model-card.md";

    /// <summary>data/models, beside the default database (DESIGN §7).</summary>
    public static string DefaultDirectory(string dataDirectory) => Path.Combine(dataDirectory, "models");

    /// <summary>
    /// The model folder of a database: data/models for the default data/dgbot.db, otherwise "&lt;name&gt;-models" beside the
    /// database file, so a model is never read for a database it was not trained on by accident of a shared folder.
    /// </summary>
    public static string DirectoryFor(string databasePath, string dataDirectory)
    {
        var db = Path.GetFullPath(databasePath);
        if (string.Equals(db, Path.GetFullPath(DgBot.Core.DataPaths.DefaultDatabasePath(dataDirectory)), StringComparison.Ordinal))
            return DefaultDirectory(dataDirectory);
        return Path.Combine(Path.GetDirectoryName(db)!, Path.GetFileNameWithoutExtension(db) + "-models");
    }

    public static bool Exists(string directory) =>
        File.Exists(Path.Combine(directory, ModelFile)) && File.Exists(Path.Combine(directory, CardFile));

    /// <summary>Writes the model, the card and its summary; each file is written beside its target and moved into place.</summary>
    public static void Save(TrainedRiskModel trained, string directory, ThaiFormatter formatter)
    {
        Directory.CreateDirectory(directory);
        var ml = new MLContext(trained.Card.Seed);
        var schema = ml.Data.LoadFromEnumerable(new List<RiskTrainer.Input>(), RiskTrainer.InputSchema(trained.Features.Count)).Schema;
        var model = Path.Combine(directory, ModelFile);
        // A unique temporary name: two processes saving into one folder must not write the same half-written file.
        var temp = $"{model}.{Guid.NewGuid():N}.writing";
        ml.Model.Save(trained.Model, schema, temp);
        File.Move(temp, model, overwrite: true);
        WriteText(Path.Combine(directory, CardFile), trained.Card.ToJson());
        WriteText(Path.Combine(directory, SummaryFile), trained.Card.ToMarkdown(formatter));
    }

    private static void WriteText(string path, string text)
    {
        var temp = $"{path}.{Guid.NewGuid():N}.writing";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }
}

/// <summary>A trained model ready to score: the ML.NET chain (trees, feature contributions, calibrator) and its card.</summary>
public sealed class RiskModel
{
    private readonly PredictionEngine<RiskTrainer.Input, RiskTrainer.Output> _engine;
    private readonly Lock _gate = new();

    private RiskModel(ITransformer model, RiskModelCard card)
    {
        Card = card;
        var ml = new MLContext(card.Seed);
        _engine = ml.Model.CreatePredictionEngine<RiskTrainer.Input, RiskTrainer.Output>(model, inputSchemaDefinition: RiskTrainer.InputSchema(card.Features.Count));
    }

    public RiskModelCard Card { get; }

    public static RiskModel FromTrained(TrainedRiskModel trained) => new(trained.Model, trained.Card);

    public static RiskModel Load(string directory)
    {
        var card = RiskModelCard.FromJson(File.ReadAllText(Path.Combine(directory, RiskModelFiles.CardFile)));
        var ml = new MLContext(card.Seed);
        using var stream = File.OpenRead(Path.Combine(directory, RiskModelFiles.ModelFile));
        var model = ml.Model.Load(stream, out _);
        return new RiskModel(model, card);
    }

    /// <summary>The calibrated probability of a drop and each feature's contribution to the raw score.</summary>
    public (double Probability, float[] Contributions) Predict(float[] features)
    {
        if (features.Length != Card.Features.Count) throw new ArgumentException($"the model takes {Card.Features.Count} features, got {features.Length}");
        // A PredictionEngine is not thread-safe; one call takes microseconds, so a lock costs less than a pool.
        lock (_gate)
        {
            var output = _engine.Predict(new RiskTrainer.Input { Features = features });
            return (output.Probability, (float[])output.FeatureContributions.Clone());
        }
    }
}
