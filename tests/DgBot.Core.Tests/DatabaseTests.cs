using Dapper;
using DgBot.Core.Storage;

namespace DgBot.Core.Tests;

[Collection(DatabaseCollection.Name)]
public class DatabaseTests(DatabaseFixture db)
{
    [Fact]
    public void The_database_is_flagged_synthetic_with_2567_as_the_latest_round()
    {
        using var c = db.Open();
        Assert.Equal("1", SurveyStore.GetMeta(c, "synthetic"));
        Assert.Equal("2567", SurveyStore.GetMeta(c, "latest_year"));
        Assert.Equal([2563, 2564, 2565, 2566, 2567], c.Query<int>("SELECT DISTINCT year FROM response ORDER BY year"));
    }

    [Fact]
    public void A_unit_has_score_rows_for_a_year_exactly_when_it_responded()
    {
        using var c = db.Open();
        var mismatches = c.ExecuteScalar<long>("""
            SELECT COUNT(*) FROM (
              SELECT unit_id, year FROM response GROUP BY unit_id, year
              EXCEPT SELECT unit_id, year FROM score WHERE scope = 'overall')
            """) + c.ExecuteScalar<long>("""
            SELECT COUNT(*) FROM (
              SELECT unit_id, year FROM score GROUP BY unit_id, year
              EXCEPT SELECT unit_id, year FROM response GROUP BY unit_id, year)
            """);
        Assert.Equal(0, mismatches);
        // 1 overall + 7 pillars + 18 sub-indicators per responding unit-round
        Assert.Equal(0, c.ExecuteScalar<long>("SELECT COUNT(*) FROM (SELECT unit_id, year, COUNT(*) n FROM score GROUP BY unit_id, year HAVING n <> 26)"));
    }

    [Fact]
    public void The_unit_table_has_the_fixed_columns_and_canonical_Thai_names()
    {
        using var c = db.Open();
        var province = c.QuerySingle<(string Kind, string NameTh, string? Region, string? Ministry)>(
            "SELECT kind, name_th, region, ministry FROM unit WHERE id = 'TH-50'");
        Assert.Equal(("province", "เชียงใหม่", "ภาคเหนือ", (string?)null), province);
        var lands = c.QuerySingle<(string Kind, string? Ministry, string? Type, string? Mission)>(
            "SELECT kind, ministry, agency_type, mission FROM unit WHERE name_th = 'กรมที่ดิน'");
        Assert.Equal("department", lands.Kind);
        Assert.Equal("กระทรวงมหาดไทย", lands.Ministry);
        Assert.Equal("หน่วยงานราชการ", lands.Type);
        Assert.Contains(lands.Mission, new[] { "service", "policy" });
        Assert.Equal(377, c.ExecuteScalar<long>("SELECT COUNT(*) FROM unit"));
    }

    [Fact]
    public void The_reports_815_figures_are_loaded_with_their_source_lines()
    {
        using var c = db.Open();
        Assert.Equal(815, c.ExecuteScalar<long>("SELECT COUNT(*) FROM published_figure"));
        var dcio = c.QuerySingle<(double Value, int Line)>("SELECT value, source_line FROM published_figure WHERE id = 'dept_q3_1_dcio_has'");
        Assert.Equal((88.81, 780), dcio);
    }

    [Fact]
    public void Rescoring_is_idempotent_and_matches_the_build()
    {
        var copy = db.CopyDatabase();
        try
        {
            string Snapshot(Microsoft.Data.Sqlite.SqliteConnection c) => string.Join("\n",
                c.Query<string>("SELECT unit_id || '|' || year || '|' || scope || '|' || key || '|' || printf('%.2f', score) || '|' || level FROM score ORDER BY 1"));
            using var c = Database.Open(copy);
            var built = Snapshot(c);
            var first = SurveyStore.Rescore(c, db.Definition.Engine);
            var afterFirst = Snapshot(c);
            SurveyStore.Rescore(c, db.Definition.Engine);
            Assert.Equal(built, afterFirst);
            Assert.Equal(afterFirst, Snapshot(c));
            Assert.Equal(db.Build.UnitRounds, first.UnitRounds);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            DatabaseBuilder.DeleteDatabaseFiles(copy);
        }
    }

    [Fact]
    public void Stored_scores_equal_the_engine_applied_to_the_stored_answers()
    {
        using var c = db.Open();
        var unit = c.QueryFirst<string>("SELECT unit_id FROM score WHERE year = 2567 AND scope = 'overall' ORDER BY score DESC");
        var answers = c.Query<(string Item, string Value)>("SELECT item, value FROM response WHERE unit_id = @unit AND year = 2567", new { unit })
            .ToDictionary(x => x.Item, x => x.Value);
        var card = db.Definition.Engine.Score("department", answers);
        var stored = c.QuerySingle<(double Score, long Level)>("SELECT score, level FROM score WHERE unit_id = @unit AND year = 2567 AND scope = 'overall'", new { unit });
        Assert.Equal((card.Score, (long)card.Level), stored);
    }

    [Fact]
    public void The_agencies_the_report_names_in_its_2567_tables_responded_in_the_demo_round()
    {
        using var c = db.Open();
        var named = db.Definition.Reference.ReportedRespondents2567;
        Assert.Equal(21, named.Count);
        var responded = c.Query<string>("SELECT DISTINCT unit_id FROM score WHERE year = 2567").ToHashSet();
        Assert.All(named, id => Assert.Contains(id, responded));
    }

    [Fact]
    public void The_same_seed_always_generates_the_same_dataset()
    {
        var again = DatabaseBuilder.GenerateDemo(db.Definition, DatabaseBuilder.DefaultSeed);
        using var c = db.Open();
        var stored = c.Query<string>("SELECT unit_id || '|' || year || '|' || item || '|' || value FROM response ORDER BY 1").ToList();
        var generated = again.Responses.Select(r => $"{r.UnitId}|{r.Year}|{r.Item}|{r.Value}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(stored.Count, generated.Count);
        Assert.True(stored.SequenceEqual(generated), "a regenerated dataset differs from the stored one");
    }

    [Fact]
    public void Drops_of_a_level_happen_in_every_transition_and_more_often_where_the_DCIO_is_missing_or_new()
    {
        using var c = db.Open();
        var rows = c.Query<(string Unit, int Year, int Drop, int Warning)>("""
            SELECT a.unit_id, a.year,
                   b.level < a.level AS dropped,
                   (COALESCE(d.value, 'none') NOT IN ('has', 'delegated') OR CAST(COALESCE(t.value, '0') AS INTEGER) < 12) AS warning
            FROM score a
            JOIN score b ON b.unit_id = a.unit_id AND b.year = a.year + 1 AND b.scope = 'overall'
            JOIN unit u ON u.id = a.unit_id AND u.kind = 'department'
            LEFT JOIN response d ON d.unit_id = a.unit_id AND d.year = a.year AND d.item = '3.1'
            LEFT JOIN response t ON t.unit_id = a.unit_id AND t.year = a.year AND t.item = '3.1A'
            WHERE a.scope = 'overall'
            """).ToList();
        Assert.All(rows.GroupBy(r => r.Year), g => Assert.Contains(g, r => r.Drop == 1));
        double Rate(int warning) => rows.Where(r => r.Warning == warning).Average(r => (double)r.Drop);
        Assert.True(Rate(1) > Rate(0), $"drop rate with a DCIO warning {Rate(1):P1} vs without {Rate(0):P1}");
    }
}
