using System.Globalization;
using Dapper;
using DgBot.Core.Reference;
using DgBot.Core.Scoring;
using Microsoft.Data.Sqlite;

namespace DgBot.Core.Storage;

public sealed record RescoreResult(int UnitRounds, int ScoreRows, IReadOnlyList<int> Years);

/// <summary>Reads and writes survey rounds: responses in, scores recomputed from them alone.</summary>
public static class SurveyStore
{
    /// <summary>Recomputes every score row (and the per-item breakdown) of the given years, or of all years, from responses.</summary>
    public static RescoreResult Rescore(SqliteConnection connection, ScoringEngine engine, IReadOnlyCollection<int>? years = null,
        SqliteTransaction? transaction = null, IProgress<double>? progress = null)
    {
        var ownTx = transaction is null;
        var tx = transaction ?? connection.BeginTransaction();
        try
        {
            var allYears = connection.Query<int>("SELECT DISTINCT year FROM response ORDER BY year", transaction: tx).ToList();
            var targetYears = (years ?? allYears).Distinct().Order().ToList();
            var kinds = connection.Query<(string Id, string Kind)>("SELECT id, kind FROM unit", transaction: tx).ToDictionary(x => x.Id, x => x.Kind);
            using var del = Command(connection, tx, "DELETE FROM score WHERE year = $y; DELETE FROM item_score WHERE year = $y;", "$y");
            using var insScore = Command(connection, tx,
                "INSERT INTO score(unit_id, year, scope, key, score, level) VALUES ($u, $y, $s, $k, $v, $l)", "$u", "$y", "$s", "$k", "$v", "$l");
            using var insItem = Command(connection, tx,
                "INSERT INTO item_score(unit_id, year, item, sub_indicator, points, max_points, outcome) VALUES ($u, $y, $i, $s, $p, $m, $o)",
                "$u", "$y", "$i", "$s", "$p", "$m", "$o");
            int unitRounds = 0, scoreRows = 0, done = 0;
            foreach (var year in targetYears)
            {
                del.Parameters["$y"].Value = year;
                del.ExecuteNonQuery();
                var rows = connection.Query<(string UnitId, string Item, string Value)>(
                    "SELECT unit_id AS UnitId, item AS Item, value AS Value FROM response WHERE year = @year ORDER BY unit_id", new { year }, tx);
                foreach (var group in rows.GroupBy(r => r.UnitId))
                {
                    var answers = group.ToDictionary(r => r.Item, r => r.Value);
                    var card = engine.Score(kinds[group.Key], answers);
                    void Score(string scope, string key, double value, int level)
                    {
                        insScore.Parameters["$u"].Value = group.Key; insScore.Parameters["$y"].Value = year;
                        insScore.Parameters["$s"].Value = scope; insScore.Parameters["$k"].Value = key;
                        insScore.Parameters["$v"].Value = value; insScore.Parameters["$l"].Value = level;
                        insScore.ExecuteNonQuery();
                        scoreRows++;
                    }
                    Score("overall", "", card.Score, card.Level);
                    foreach (var p in card.Pillars) Score("pillar", p.Pillar.ToString(CultureInfo.InvariantCulture), p.Score, p.Level);
                    foreach (var s in card.SubIndicators)
                    {
                        Score("sub_indicator", s.Code, s.Score, s.Level);
                        foreach (var it in s.Items)
                        {
                            insItem.Parameters["$u"].Value = group.Key; insItem.Parameters["$y"].Value = year;
                            insItem.Parameters["$i"].Value = it.Item; insItem.Parameters["$s"].Value = s.Code;
                            insItem.Parameters["$p"].Value = it.Points; insItem.Parameters["$m"].Value = it.MaxPoints;
                            insItem.Parameters["$o"].Value = it.Outcome.ToString().ToLowerInvariant();
                            insItem.ExecuteNonQuery();
                        }
                    }
                    unitRounds++;
                }
                progress?.Report(++done / (double)Math.Max(1, targetYears.Count));
            }
            UpdateMeta(connection, tx);
            if (ownTx) tx.Commit();
            return new RescoreResult(unitRounds, scoreRows, targetYears);
        }
        finally
        {
            if (ownTx) tx.Dispose();
        }
    }

    public static void UpdateMeta(SqliteConnection connection, SqliteTransaction tx)
    {
        var latest = connection.ExecuteScalar<long?>("SELECT MAX(year) FROM response", transaction: tx);
        if (latest is { } y) SetMeta(connection, tx, "latest_year", y.ToString(CultureInfo.InvariantCulture));
        var syntheticRounds = connection.ExecuteScalar<long>("SELECT COUNT(*) FROM survey_source WHERE source = 'synthetic' AND year IN (SELECT DISTINCT year FROM response)", transaction: tx);
        SetMeta(connection, tx, "synthetic", syntheticRounds > 0 ? "1" : "0");
    }

    public static void SetMeta(SqliteConnection connection, SqliteTransaction? tx, string key, string value) =>
        connection.Execute("INSERT INTO dataset_meta(key, value) VALUES (@key, @value) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            new { key, value }, tx);

    public static string? GetMeta(SqliteConnection connection, string key) =>
        connection.ExecuteScalar<string?>("SELECT value FROM dataset_meta WHERE key = @key", new { key });

    internal static SqliteCommand Command(SqliteConnection connection, SqliteTransaction tx, string sql, params string[] parameters)
    {
        var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var p in parameters) cmd.Parameters.Add(new SqliteParameter(p, null));
        cmd.Prepare();
        return cmd;
    }
}
