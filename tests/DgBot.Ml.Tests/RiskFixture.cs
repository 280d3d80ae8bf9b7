using DgBot.Core;
using DgBot.Core.Formatting;
using DgBot.Core.Risk;
using DgBot.Core.Storage;
using DgBot.Ml;
using Microsoft.Data.Sqlite;

namespace DgBot.Ml.Tests;

/// <summary>
/// One demo database (the shipped seed), its history, and one model trained on it with the default seed and saved to a
/// folder, shared by every test of the collection: building the database takes about 20 s, training a few seconds.
/// </summary>
public sealed class RiskFixture : IDisposable
{
    public string DataDirectory { get; } = DataPaths.FindDataDirectory();
    public SurveyDefinition Definition { get; }
    public string DbPath { get; }
    public SurveyHistory History { get; }
    public TrainedRiskModel Trained { get; }
    public string ModelDirectory { get; }
    public ThaiFormatter Formatter { get; }

    public RiskFixture()
    {
        Definition = SurveyDefinition.Load(DataDirectory);
        var folder = Path.Combine(Path.GetTempPath(), $"dgbot-ml-tests-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        DbPath = Path.Combine(folder, "demo.db");
        DatabaseBuilder.Build(Definition, DbPath);
        History = SurveyHistory.Load(DbPath);
        Formatter = ThaiFormatter.Load(Path.Combine(Path.GetDirectoryName(DataDirectory)!, "prompts"), Definition.Reference);
        Trained = new RiskTrainer().Train(History);
        ModelDirectory = RiskModelFiles.DirectoryFor(DbPath, DataDirectory);
        RiskModelFiles.Save(Trained, ModelDirectory, Formatter);
    }

    public SqliteConnection Open() => Database.Open(DbPath, readOnly: true);

    /// <summary>A private copy of the database for a test that writes, in the fixture's folder.</summary>
    public string CopyDatabase()
    {
        var copy = Path.Combine(Path.GetDirectoryName(DbPath)!, $"copy-{Guid.NewGuid():N}.db");
        File.Copy(DbPath, copy);
        return copy;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        var folder = Path.GetDirectoryName(DbPath)!;
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class RiskCollection : ICollectionFixture<RiskFixture>
{
    public const string Name = "risk model";
}
