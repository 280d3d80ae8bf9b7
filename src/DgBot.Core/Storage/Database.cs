using System.Globalization;
using Microsoft.Data.Sqlite;

namespace DgBot.Core.Storage;

/// <summary>Opens DgBot's SQLite file with the settings every caller needs.</summary>
public static class Database
{
    private static readonly CompareInfo ThaiCompare = CultureInfo.GetCultureInfo("th-TH").CompareInfo;

    public static SqliteConnection Open(string path, bool readOnly = false)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        };
        var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        // Binary order puts Thai leading vowels in the wrong place; THAI sorts the way a Thai reader expects.
        connection.CreateCollation("THAI", (a, b) => ThaiCompare.Compare(a, b));
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;";
        pragmas.ExecuteNonQuery();
        return connection;
    }
}

/// <summary>Schema migrations, applied in order at start-up and recorded in PRAGMA user_version.</summary>
public static class Migrations
{
    public static int Apply(SqliteConnection connection, string dataDirectory)
    {
        var steps = new (int Version, Func<string> Sql)[]
        {
            (1, () => File.ReadAllText(Path.Combine(dataDirectory, "schema.sql"))),
        };
        var current = CurrentVersion(connection);
        foreach (var (version, sql) in steps.Where(s => s.Version > current))
        {
            using var tx = connection.BeginTransaction();
            using (var cmd = connection.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = sql() + $"\nPRAGMA user_version = {version};";
                cmd.ExecuteNonQuery();
            }
            tx.Commit();
            current = version;
        }
        return current;
    }

    public static int CurrentVersion(SqliteConnection connection)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA user_version";
        return Convert.ToInt32(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
