using DgBot.Core;
using DgBot.Core.Storage;
using Microsoft.Data.Sqlite;

namespace DgBot.Core.Tests;

/// <summary>One real database, built from the real reference data with the default seed, shared by the tests that only read it.</summary>
public sealed class DatabaseFixture : IDisposable
{
    public string DataDirectory { get; } = DataPaths.FindDataDirectory();
    public SurveyDefinition Definition { get; }
    public string DbPath { get; }
    public BuildResult Build { get; }

    public DatabaseFixture()
    {
        Definition = SurveyDefinition.Load(DataDirectory);
        DbPath = Path.Combine(Path.GetTempPath(), $"dgbot-core-tests-{Guid.NewGuid():N}.db");
        Build = DatabaseBuilder.Build(Definition, DbPath);
    }

    public SqliteConnection Open() => Database.Open(DbPath, readOnly: true);

    /// <summary>A private copy for tests that write.</summary>
    public string CopyDatabase()
    {
        var copy = Path.Combine(Path.GetTempPath(), $"dgbot-core-copy-{Guid.NewGuid():N}.db");
        File.Copy(DbPath, copy);
        return copy;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        DatabaseBuilder.DeleteDatabaseFiles(DbPath);
    }
}

[CollectionDefinition(Name)]
public sealed class DatabaseCollection : ICollectionFixture<DatabaseFixture>
{
    public const string Name = "database";
}
