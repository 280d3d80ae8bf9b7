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
        // Risk alerts (DESIGN §7): who subscribed from which chat, what each was last told per unit, and the durable outbox
        // with one row per message (idempotency_key unique) and a log of every delivery attempt.
        (4, """
            CREATE TABLE IF NOT EXISTS alert_subscription (
              id               TEXT PRIMARY KEY,
              channel          TEXT NOT NULL,
              user_id          TEXT NOT NULL,
              conversation_id  TEXT NOT NULL,
              tenant_id        TEXT,
              aad_object_id    TEXT,
              user_name        TEXT,
              ministry         TEXT,
              region           TEXT,
              min_probability  REAL,
              active           INTEGER NOT NULL,
              stopped_reason   TEXT,
              created_at       TEXT NOT NULL,
              updated_at       TEXT NOT NULL,
              UNIQUE (channel, user_id));
            CREATE TABLE IF NOT EXISTS alert_state (
              subscription_id  TEXT NOT NULL,
              unit_id          TEXT NOT NULL,
              probability      REAL NOT NULL,
              year             INTEGER NOT NULL,
              told_at          TEXT NOT NULL,
              PRIMARY KEY (subscription_id, unit_id));
            CREATE TABLE IF NOT EXISTS alert_outbox (
              id                  INTEGER PRIMARY KEY AUTOINCREMENT,
              idempotency_key     TEXT NOT NULL UNIQUE,
              subscription_id     TEXT NOT NULL,
              channel             TEXT NOT NULL,
              target              TEXT NOT NULL,
              round               INTEGER NOT NULL,
              model_version       TEXT NOT NULL,
              content_hash        TEXT NOT NULL,
              summary             TEXT NOT NULL,
              payload             TEXT NOT NULL,
              retry_key           TEXT NOT NULL,
              status              TEXT NOT NULL,
              attempts            INTEGER NOT NULL DEFAULT 0,
              next_attempt_at     TEXT NOT NULL,
              lease_owner         TEXT,
              lease_until         TEXT,
              last_status         INTEGER,
              last_error          TEXT,
              parked_reason       TEXT,
              channel_message_id  TEXT,
              created_at          TEXT NOT NULL,
              sent_at             TEXT);
            CREATE INDEX IF NOT EXISTS alert_outbox_due ON alert_outbox(status, next_attempt_at);
            CREATE INDEX IF NOT EXISTS alert_outbox_subscription ON alert_outbox(subscription_id);
            CREATE TABLE IF NOT EXISTS alert_delivery (
              id           INTEGER PRIMARY KEY AUTOINCREMENT,
              outbox_id    INTEGER NOT NULL,
              attempt      INTEGER NOT NULL,
              at           TEXT NOT NULL,
              outcome      TEXT NOT NULL,
              status_code  INTEGER,
              detail       TEXT);
            CREATE INDEX IF NOT EXISTS alert_delivery_outbox ON alert_delivery(outbox_id);
            """),
        // Access (DESIGN §9): who may see what. Users are keyed by channel and that channel's stable id (Teams aadObjectId,
        // LINE userId, web login); registration codes are kept only as hashes, and stay after use as a record of who spent them.
        (5, """
            CREATE TABLE IF NOT EXISTS user_roster (
              channel        TEXT NOT NULL,
              user_id        TEXT NOT NULL,
              role           TEXT NOT NULL,
              unit_id        TEXT,
              display_name   TEXT,
              password_hash  TEXT,
              created_at     TEXT NOT NULL,
              updated_at     TEXT NOT NULL,
              PRIMARY KEY (channel, user_id));
            CREATE TABLE IF NOT EXISTS registration_code (
              code_hash        TEXT PRIMARY KEY,
              role             TEXT NOT NULL,
              unit_id          TEXT,
              created_at       TEXT NOT NULL,
              expires_at       TEXT NOT NULL,
              used_at          TEXT,
              used_by_channel  TEXT,
              used_by_user     TEXT);
            """),
        // The audit log (issue 8): who asked what, which functions ran and how it ended. No tokens, signatures or codes.
        (6, """
            CREATE TABLE IF NOT EXISTS audit_log (
              id           INTEGER PRIMARY KEY AUTOINCREMENT,
              at           TEXT NOT NULL,
              channel      TEXT NOT NULL,
              user_id      TEXT,
              role         TEXT,
              conversation TEXT,
              question     TEXT NOT NULL,
              intent       TEXT,
              functions    TEXT NOT NULL,
              outcome      TEXT NOT NULL,
              answered_by  TEXT,
              duration_ms  INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log(at);
            CREATE INDEX IF NOT EXISTS audit_log_user ON audit_log(channel, user_id);
            """),
        // Channel dedupe keys (issue "Access that holds against reasoning"): a LINE webhookEventId or Teams activity seen before a
        // restart is still a duplicate after it. Rows carry their own expiry; see SqliteDedupeStore.
        (7, """
            CREATE TABLE IF NOT EXISTS channel_dedupe (
              channel     TEXT NOT NULL,
              event_key   TEXT NOT NULL,
              seen_at     TEXT NOT NULL,
              expires_at  TEXT NOT NULL,
              PRIMARY KEY (channel, event_key)) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS channel_dedupe_expires ON channel_dedupe(expires_at);
            """),
        // Guessing (issue 15): every failed web login and registration code, per key it counts against (a login name, a client
        // address, a chat user, everyone), and the locks they led to. Kept here, not in memory, so a restart forgives nothing;
        // rows stay after they stop counting (cleared_at, cleared_by) as a record of what happened.
        (8, """
            CREATE TABLE IF NOT EXISTS access_failure (
              id          INTEGER PRIMARY KEY AUTOINCREMENT,
              kind        TEXT NOT NULL,
              scope       TEXT NOT NULL,
              key         TEXT NOT NULL,
              at          TEXT NOT NULL,
              cleared_at  TEXT,
              cleared_by  TEXT);
            CREATE INDEX IF NOT EXISTS access_failure_key ON access_failure(kind, scope, key, at);
            CREATE INDEX IF NOT EXISTS access_failure_at ON access_failure(at);
            CREATE TABLE IF NOT EXISTS access_lock (
              kind          TEXT NOT NULL,
              scope         TEXT NOT NULL,
              key           TEXT NOT NULL,
              locked_at     TEXT NOT NULL,
              locked_until  TEXT NOT NULL,
              PRIMARY KEY (kind, scope, key));
            """),
    ];

    /// <summary>
    /// How every timestamp in the state database is written: UTC, fixed width, millisecond precision, so that comparing and
    /// ordering them as text (leases, retries, retention) is comparing and ordering them in time.
    /// </summary>
    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

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
            new { name, value = create(), now = Timestamp(DateTimeOffset.UtcNow) });
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
