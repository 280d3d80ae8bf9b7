using DgBot.Core.Queries;
using DgBot.Core.Storage;
using Microsoft.Data.Sqlite;

namespace DgBot.Core.Tests.Queries;

[Collection(DatabaseCollection.Name)]
public class QueryCacheTests(DatabaseFixture db)
{
    [Fact]
    public void The_same_question_twice_is_served_from_the_cache()
    {
        var queries = SurveyQueries.ForFile(db.DbPath);
        var first = queries.UnitRank("TH-50", RankScope.Region, pillar: 6);
        Assert.Same(first, queries.UnitRank("TH-50", RankScope.Region, pillar: 6));
        Assert.NotSame(first, queries.UnitRank("TH-50", RankScope.Region, pillar: 5));
        Assert.NotSame(queries.TopUnits("province", "best", 3), queries.TopUnits("province", "worst", 3));
    }

    [Fact]
    public void A_change_to_the_database_invalidates_the_cache()
    {
        var copy = db.CopyDatabase();
        try
        {
            var queries = SurveyQueries.ForFile(copy);
            var before = queries.UnitProfile("TH-50");
            using (var c = Database.Open(copy))
            {
                // Lower every 2567 answer of Chiang Mai to "no points" on one item, then re-score that round.
                c.Execute("UPDATE response SET value = 'no' WHERE unit_id = 'TH-50' AND year = 2567 AND value = 'yes'");
                SurveyStore.Rescore(c, db.Definition.Engine, [2567]);
            }
            SqliteConnection.ClearAllPools();
            File.SetLastWriteTimeUtc(copy, DateTime.UtcNow.AddSeconds(5));
            var after = queries.UnitProfile("TH-50");
            Assert.NotSame(before, after);
            Assert.True(after.Overall!.Score < before.Overall!.Score, $"{after.Overall.Score} should be below {before.Overall.Score}");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            DatabaseBuilder.DeleteDatabaseFiles(copy);
        }
    }

    [Fact]
    public void Without_the_answer_cache_the_snapshot_is_loaded_once_per_version_of_the_file()
    {
        var copy = db.CopyDatabase();
        try
        {
            var queries = SurveyQueries.ForFile(copy, cacheResults: false);
            var first = queries.ItemStatistic("3.1", "department");
            Assert.NotSame(first, queries.ItemStatistic("3.1", "department"));
            var snapshot = queries.Snapshot();
            Assert.Same(snapshot, queries.Snapshot());
            var gapsBefore = queries.UnitGaps("TH-50");

            using (var c = Database.Open(copy))
            {
                // Every department that responded in 2567 now answers 3.1 'has', and Chiang Mai's yes answers become no;
                // the answers and the missed items of a round are read on first use, so both must come from the new file.
                c.Execute("UPDATE response SET value = 'has' WHERE year = 2567 AND item = '3.1' AND unit_id IN (SELECT id FROM unit WHERE kind = 'department')");
                c.Execute("UPDATE response SET value = 'no' WHERE unit_id = 'TH-50' AND year = 2567 AND value = 'yes'");
                SurveyStore.Rescore(c, db.Definition.Engine, [2567]);
            }
            SqliteConnection.ClearAllPools();
            File.SetLastWriteTimeUtc(copy, DateTime.UtcNow.AddSeconds(5));

            Assert.NotSame(snapshot, queries.Snapshot());
            var after = queries.ItemStatistic("3.1", "department");
            Assert.Equal(first.Answered, after.Answered);
            Assert.Equal(after.Answered, Assert.Single(after.Answers, a => a.Option == "has").Count);
            Assert.True(Assert.Single(first.Answers, a => a.Option == "has").Count < after.Answered);
            var gapsAfter = queries.UnitGaps("TH-50");
            Assert.True(gapsAfter.SubIndicators.Sum(s => s.Items.Count) > gapsBefore.SubIndicators.Sum(s => s.Items.Count));
            using var check = Database.Open(copy, readOnly: true);
            Assert.Equal(Count(check, "SELECT COUNT(*) FROM item_score WHERE unit_id = 'TH-50' AND year = 2567 AND points < max_points AND outcome <> 'notasked'"),
                gapsAfter.SubIndicators.Sum(s => s.Items.Count));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            DatabaseBuilder.DeleteDatabaseFiles(copy);
        }
    }

    private static long Count(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return (long)cmd.ExecuteScalar()!;
    }
}

file static class SqlExtensions
{
    public static void Execute(this SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
