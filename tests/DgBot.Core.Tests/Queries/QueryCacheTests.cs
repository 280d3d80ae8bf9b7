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
