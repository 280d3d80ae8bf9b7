using System.Security.Cryptography;
using Dapper;
using DgBot.Cli;
using DgBot.Core;
using DgBot.Core.Storage;
using Microsoft.Data.Sqlite;

namespace DgBot.Cli.Tests;

/// <summary>One real database per test class, built from the real reference data, rules and the seeded demo rounds.
/// Tests work on their own copies, so they never share state.</summary>
public sealed class BuiltDatabase : IDisposable
{
    public string Directory { get; }
    public string Path { get; }
    public SurveyDefinition Definition { get; }

    public BuiltDatabase()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dgbot-cli-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Path = System.IO.Path.Combine(Directory, "built.db");
        Definition = SurveyDefinition.Load(DataPaths.FindDataDirectory());
        DatabaseBuilder.Build(Definition, Path);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}

/// <summary>A scratch folder per test with a copy of the built database, and helpers to run `dgbot` and read tables.</summary>
public abstract class CliTestBase : IDisposable
{
    protected CliTestBase(BuiltDatabase built)
    {
        Built = built;
        Work = System.IO.Path.Combine(built.Directory, Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Work);
        Db = System.IO.Path.Combine(Work, "dgbot.db");
        File.Copy(built.Path, Db);
    }

    protected BuiltDatabase Built { get; }
    protected string Work { get; }
    protected string Db { get; }
    protected SurveyDefinition Definition => Built.Definition;

    protected static async Task<(int Exit, string Out, string Err)> Dgbot(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    protected string WriteFile(string name, string text) => WriteFile(name, System.Text.Encoding.UTF8.GetBytes(text));

    protected string WriteFile(string name, byte[] bytes)
    {
        var path = System.IO.Path.Combine(Work, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    protected static byte[] Sha256Of(string path) => SHA256.HashData(File.ReadAllBytes(path));

    protected static List<string> Rows(string db, string sql, object? args = null)
    {
        using var c = Database.Open(db, readOnly: true);
        return c.Query(sql, args).Select(r => string.Join('|', ((IDictionary<string, object?>)r).Values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)))).ToList();
    }

    protected static string? Scalar(string db, string sql, object? args = null)
    {
        using var c = Database.Open(db, readOnly: true);
        return Convert.ToString(c.ExecuteScalar(sql, args), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Work, recursive: true); } catch (IOException) { }
        GC.SuppressFinalize(this);
    }
}
