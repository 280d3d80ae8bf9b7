using System.Runtime.InteropServices;
using DgBot.Core.Risk;
using DgBot.Ml;
using Microsoft.Data.Sqlite;

namespace DgBot.Ml.Tests;

[Collection(RiskCollection.Name)]
public class LeakTests(RiskFixture fx)
{
    /// <summary>
    /// Round t+1 is scrambled in a copy of the database: its score and answer rows move to other units of the same kind
    /// (a rotation), every score is mirrored (100 − score, 6 − level), every obstacle answer flips, and a few units'
    /// rows are deleted. Features of every unit for every round ≤ t must come out byte for byte the same.
    /// </summary>
    [Theory]
    [InlineData(2566)]
    [InlineData(2565)]
    public void Features_for_rounds_up_to_t_are_byte_identical_when_round_t_plus_1_is_shuffled(int t)
    {
        var copy = fx.CopyDatabase();
        Scramble(copy, t + 1);
        var scrambled = SurveyHistory.Load(copy);
        Assert.NotEqual(fx.History.Fingerprint, scrambled.Fingerprint);
        var builder = new RiskFeatureBuilder(fx.History);
        Assert.Equal(builder.Features, new RiskFeatureBuilder(scrambled).Features);

        var compared = 0;
        foreach (var year in fx.History.Years.Where(y => y <= t))
        {
            var before = builder.BuildAll(fx.History.AsOf(year));
            var after = builder.BuildAll(scrambled.AsOf(year));
            Assert.Equal(before.Select(f => f.UnitId), after.Select(f => f.UnitId));
            for (int i = 0; i < before.Count; i++)
                Assert.True(MemoryMarshal.AsBytes(before[i].Values.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(after[i].Values.AsSpan())),
                    $"{before[i].UnitId} round {year}: features changed when round {t + 1} was scrambled");
            compared += before.Count;
        }
        Assert.True(compared > 1000);

        // The scramble is real: round t+1's own features do change.
        var next = builder.BuildAll(fx.History.AsOf(t + 1)).ToDictionary(f => f.UnitId);
        var changed = builder.BuildAll(scrambled.AsOf(t + 1)).Count(f => next.TryGetValue(f.UnitId, out var o) && !o.Values.SequenceEqual(f.Values));
        Assert.True(changed > 100, $"only {changed} units' round {t + 1} features changed");
        SqliteConnection.ClearAllPools();
        File.Delete(copy);
    }

    private static void Scramble(string path, int year)
    {
        // A raw connection without foreign keys: rows pass through temporary unit ids on their way to another unit.
        using var c = new SqliteConnection($"Data Source={path};Pooling=False;Foreign Keys=False");
        c.Open();
        using var tx = c.BeginTransaction();
        void Exec(string sql)
        {
            using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = sql;
            cmd.Parameters.AddWithValue("$y", year);
            cmd.ExecuteNonQuery();
        }
        Exec("""
            CREATE TEMP TABLE rotation AS
            WITH r AS (SELECT DISTINCT s.unit_id AS id, u.kind FROM score s JOIN unit u ON u.id = s.unit_id WHERE s.year = $y),
                 n AS (SELECT id, kind, ROW_NUMBER() OVER (PARTITION BY kind ORDER BY id) AS i, COUNT(*) OVER (PARTITION BY kind) AS c FROM r)
            SELECT a.id AS old, b.id AS new FROM n a JOIN n b ON a.kind = b.kind AND b.i = (a.i % a.c) + 1
            """);
        foreach (var table in new[] { "score", "response", "item_score" })
        {
            Exec($"UPDATE {table} SET unit_id = 'moving:' || (SELECT new FROM rotation WHERE old = {table}.unit_id) WHERE year = $y");
            Exec($"UPDATE {table} SET unit_id = substr(unit_id, 8) WHERE year = $y AND unit_id LIKE 'moving:%'");
        }
        Exec("UPDATE score SET score = 100 - score, level = 6 - level WHERE year = $y");
        Exec("UPDATE response SET value = CASE value WHEN 'yes' THEN 'no' WHEN 'no' THEN 'yes' ELSE value END WHERE year = $y AND item LIKE 'OBS%'");
        Exec("UPDATE response SET value = 'none' WHERE year = $y AND item = '3.1'");
        Exec("DELETE FROM score WHERE year = $y AND unit_id IN (SELECT old FROM rotation ORDER BY old LIMIT 15)");
        Exec("DELETE FROM response WHERE year = $y AND unit_id IN (SELECT old FROM rotation ORDER BY old LIMIT 15)");
        tx.Commit();
    }
}
