namespace DgBot.Cli.Tests;

/// <summary>`dgbot score` recomputes every score from responses alone; `dgbot generate-demo` is seeded and deterministic.</summary>
public sealed class ScoreAndDemoCommandTests(BuiltDatabase built) : CliTestBase(built), IClassFixture<BuiltDatabase>
{
    private const string AllScores = "SELECT unit_id, year, scope, key, score, level FROM score ORDER BY unit_id, year, scope, key";
    private const string AllItemScores = "SELECT unit_id, year, item, sub_indicator, points, max_points, outcome FROM item_score ORDER BY unit_id, year, item";
    private const string AllResponses = "SELECT unit_id, year, item, value FROM response ORDER BY unit_id, year, item";

    [Fact]
    public async Task Score_rebuilds_deleted_and_tampered_scores_from_responses_and_is_idempotent()
    {
        var original = Rows(Db, AllScores);
        using (var c = DgBot.Core.Storage.Database.Open(Db))
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = "DELETE FROM score WHERE year = 2565; UPDATE score SET score = 1, level = 1 WHERE year = 2567; DELETE FROM item_score WHERE year = 2563;";
            cmd.ExecuteNonQuery();
        }
        Assert.NotEqual(original, Rows(Db, AllScores));

        var (exit, stdout, stderr) = await Dgbot("score", "--db", Db, "-q");

        Assert.True(exit == 0, stderr);
        Assert.Contains("คำนวณคะแนนใหม่แล้ว (rescored)", stdout);
        var units = Rows(Db, "SELECT COUNT(DISTINCT unit_id || year) FROM response").Single();
        Assert.Contains($"{int.Parse(units):N0} หน่วย-รอบ (unit-rounds)", stdout);
        Assert.Contains("ปี 2563, 2564, 2565, 2566, 2567", stdout);
        var first = Rows(Db, AllScores);
        var firstItems = Rows(Db, AllItemScores);
        Assert.Equal(original, first);
        Assert.Equal(Rows(Built.Path, AllItemScores), firstItems);

        (exit, _, stderr) = await Dgbot("score", "--db", Db, "-q");

        Assert.True(exit == 0, stderr);
        Assert.Equal(first, Rows(Db, AllScores));
        Assert.Equal(firstItems, Rows(Db, AllItemScores));
    }

    [Fact]
    public async Task Score_shows_a_progress_bar_unless_quiet()
    {
        var (exit, _, stderr) = await Dgbot("score", "--db", Db);
        Assert.Equal(0, exit);
        Assert.Contains("score [", stderr);
    }

    [Fact]
    public async Task Generate_demo_with_the_same_seed_twice_gives_identical_responses_and_replaces_imported_rounds()
    {
        var other = Path.Combine(Work, "other.db");
        File.Copy(Db, other);
        var import = WriteFile("one.csv", "unit,year,item,value\nD001,2567,1.1,done\n");
        Assert.Equal(0, (await Dgbot("import", import, "--db", Db, "-q")).Exit);

        var (exitA, stdoutA, stderrA) = await Dgbot("generate-demo", "--seed", "11", "--db", Db, "-q");
        var (exitB, _, stderrB) = await Dgbot("generate-demo", "--seed", "11", "--db", other, "-q");

        Assert.True(exitA == 0, stderrA);
        Assert.True(exitB == 0, stderrB);
        Assert.Contains("seed 11", stdoutA);
        var a = Rows(Db, AllResponses);
        Assert.Equal(a, Rows(other, AllResponses));
        Assert.Equal(Rows(Db, AllScores), Rows(other, AllScores));
        Assert.NotEqual(Rows(Built.Path, AllResponses), a); // the seed matters: the fixture was built with seed 2567
        Assert.Equal(["2563|synthetic|seed 11", "2564|synthetic|seed 11", "2565|synthetic|seed 11", "2566|synthetic|seed 11", "2567|synthetic|seed 11"],
            Rows(Db, "SELECT year, source, detail FROM survey_source ORDER BY year"));
        Assert.Equal("1", Scalar(Db, "SELECT value FROM dataset_meta WHERE key = 'synthetic'"));
        Assert.Equal("11", Scalar(Db, "SELECT value FROM dataset_meta WHERE key = 'demo_seed'"));
        Assert.Equal(Rows(Db, "SELECT COUNT(DISTINCT unit_id || year) FROM response"), Rows(Db, "SELECT COUNT(*) FROM score WHERE scope = 'overall'"));
    }

    [Fact]
    public async Task Generate_demo_without_a_database_says_to_run_build_db_and_creates_nothing()
    {
        var missing = Path.Combine(Work, "missing.db");

        var (exit, _, stderr) = await Dgbot("generate-demo", "--seed", "3", "--db", missing, "-q");

        Assert.Equal(1, exit);
        Assert.Contains("dgbot build-db", stderr);
        Assert.False(File.Exists(missing));

        (exit, _, stderr) = await Dgbot("score", "--db", missing, "-q");
        Assert.Equal(1, exit);
        Assert.Contains("dgbot build-db", stderr);
        Assert.False(File.Exists(missing));
    }
}
