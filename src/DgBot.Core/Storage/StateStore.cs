using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace DgBot.Core.Storage;

/// <summary>
/// The operational database (conversations, channel references, subscriptions, outbox...), a separate SQLite file beside
/// the survey database: the survey file changes only on import or rebuild, which is what the query cache keys on, while
/// this one is written on every question. WAL lets readers and the writer work at once.
/// </summary>
public sealed class StateStore
{
    private static readonly (int Version, string Sql)[] Steps =
    [
        (1, """
            CREATE TABLE IF NOT EXISTS conversation (
              id TEXT PRIMARY KEY,
              state TEXT NOT NULL,
              updated_at TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS conversation_updated ON conversation(updated_at);
            """),
        (2, """
            CREATE TABLE IF NOT EXISTS teams_conversation (
              channel_id          TEXT NOT NULL,
              conversation_id     TEXT NOT NULL,
              user_id             TEXT NOT NULL,
              user_aad_object_id  TEXT,
              user_name           TEXT,
              service_url         TEXT NOT NULL,
              tenant_id           TEXT,
              bot_id              TEXT,
              bot_name            TEXT,
              conversation_type   TEXT,
              updated_at          TEXT NOT NULL,
              PRIMARY KEY (channel_id, conversation_id, user_id));
            CREATE INDEX IF NOT EXISTS teams_conversation_aad ON teams_conversation(user_aad_object_id);
            """),
        (3, """
            CREATE TABLE IF NOT EXISTS secret (
              name       TEXT PRIMARY KEY,
              value      BLOB NOT NULL,
              created_at TEXT NOT NULL);
            """),
    ];

    public string Path { get; }

    public StateStore(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        using var c = Open();
        c.Execute("PRAGMA journal_mode = WAL;");
        var current = Convert.ToInt32(c.ExecuteScalar("PRAGMA user_version"), CultureInfo.InvariantCulture);
        foreach (var (version, sql) in Steps.Where(s => s.Version > current))
        {
            using var tx = c.BeginTransaction();
            c.Execute(sql + $"\nPRAGMA user_version = {version};", transaction: tx);
            tx.Commit();
        }
    }

    /// <summary>The default place: beside the survey database, e.g. data/dgbot.db → data/dgbot-state.db.</summary>
    public static string DefaultPathFor(string surveyDatabase) =>
        System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(surveyDatabase))!,
            System.IO.Path.GetFileNameWithoutExtension(surveyDatabase) + "-state.db");

    /// <summary>
    /// A secret the host generated for itself (e.g. the chart-link signing key), created on first use and kept, so what it
    /// signed stays valid across restarts. Two processes starting at once agree: the first insert wins, both read it back.
    /// </summary>
    public byte[] GetOrCreateSecret(string name, Func<byte[]> create)
    {
        using var c = Open();
        if (c.ExecuteScalar<byte[]?>("SELECT value FROM secret WHERE name = @name", new { name }) is { Length: > 0 } existing) return existing;
        c.Execute("INSERT OR IGNORE INTO secret (name, value, created_at) VALUES (@name, @value, @now)",
            new { name, value = create(), now = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) });
        return c.ExecuteScalar<byte[]>("SELECT value FROM secret WHERE name = @name", new { name })!;
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString());
        connection.Open();
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = "PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;";
        pragmas.ExecuteNonQuery();
        return connection;
    }
}
