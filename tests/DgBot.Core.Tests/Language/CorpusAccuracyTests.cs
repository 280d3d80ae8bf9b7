using DgBot.Core.Language;

namespace DgBot.Core.Tests.Language;

/// <summary>
/// The Thai question corpus (tests/corpus/questions.th.json, written as DCIOs ask, not from the parser's rules) must be
/// understood above the floors the issue sets: 97% intents and 93% full arguments. `dgbot eval` prints the same figures.
/// </summary>
public sealed class CorpusAccuracyTests(ParserFixture fixture) : IClassFixture<ParserFixture>
{
    private static string CorpusPath(string name) =>
        Path.Combine(Path.GetDirectoryName(DataPaths.FindDataDirectory())!, "tests", "corpus", name);

    [Theory]
    [InlineData("questions.th.json", 400)]
    [InlineData("holdout.th.json", 400)]  // written separately, by someone who never saw the parser or the first corpus
    // Later blind sets; each was used to find general causes after its first run, so they now guard against regressions.
    [InlineData("holdout2.th.json", 160)]
    [InlineData("holdout3.th.json", 200)]
    [InlineData("holdout4.th.json", 200)]
    [InlineData("holdout5.th.json", 200)]
    [InlineData("holdout6.th.json", 200)]
    // Written for level ranges, averages, peer comparisons and scope follow-ups; tuned on.
    [InlineData("trust.th.json", 230)]
    // Blind sets for those classes, never tuned on: holdout7 first measured after the work at 95.58% / 93.69%, holdout8 at
    // 97.65% / 96.31%; both now guard against regressions.
    [InlineData("holdout7.th.json", 310)]
    [InlineData("holdout8.th.json", 290)]
    // Measured blind once at the end of the same session (94.18% / 91.64%), then used to find general causes.
    [InlineData("holdout9.th.json", 270)]
    public void The_corpus_is_understood_above_the_floors(string file, int minimumTurns, double intentFloor = 97.0)
    {
        var (latest, conversations) = CorpusEvaluator.Load(CorpusPath(file));
        var report = CorpusEvaluator.Run(new ThaiParser(fixture.Gazetteer, () => latest), conversations, latest);

        Assert.True(report.Turns >= minimumTurns, $"corpus has {report.Turns} turns");
        var misses = string.Join("\n", report.Failures.Take(20).Select(f => $"{f.Turn.Text} → {f.Difference}"));
        Assert.True(report.IntentAccuracy >= intentFloor, $"intent accuracy {report.IntentAccuracy:F2}%\n{misses}");
        Assert.True(report.FullAccuracy >= 93.0, $"full-argument accuracy {report.FullAccuracy:F2}%\n{misses}");
    }

    [Fact]
    public void The_evaluator_compares_a_set_of_levels_as_a_set()
    {
        var json = """
            {"latestYear": 2567, "conversations": [
              {"id": "a", "tags": [], "turns": [{"text": "หน่วยงานระดับ 3 กับ 1", "intent": "list_units", "args": {"population": "department", "levels": [1, 3]}}]},
              {"id": "b", "tags": [], "turns": [{"text": "หน่วยงานระดับ 1 กับ 3", "intent": "list_units", "args": {"population": "department", "levels": [1, 4]}}]}]}
            """;
        var report = Evaluate(json);
        Assert.Equal(2, report.IntentCorrect);
        Assert.Equal(1, report.FullCorrect);
        Assert.Contains("levels: expected [1,4] got [1,3]", report.Failures.Single().Difference);
    }

    [Fact]
    public void The_evaluator_counts_a_wrong_argument_as_a_miss()
    {
        // A check that cannot fail is no check: feed the evaluator a case whose expected arguments are wrong on purpose.
        var json = """
            {"latestYear": 2567, "conversations": [
              {"id": "a", "tags": [], "turns": [{"text": "กรมที่ดินอยู่ระดับไหน", "intent": "unit_profile", "args": {"unit": "D116"}}]},
              {"id": "b", "tags": [], "turns": [{"text": "กรมที่ดินอยู่ระดับไหน", "intent": "unit_profile", "args": {"unit": "D001"}}]},
              {"id": "c", "tags": [], "turns": [{"text": "กรมที่ดินอยู่ระดับไหน", "intent": "unit_rank", "args": {"unit": "D116"}}]}]}
            """;
        var report = Evaluate(json);
        Assert.Equal(3, report.Turns);
        Assert.Equal(2, report.IntentCorrect);
        Assert.Equal(1, report.FullCorrect);
        Assert.Equal(("unit_rank", "unit_profile", 1), report.Confusions.Single());
    }

    /// <summary>A small corpus written out and run through the evaluator as a file, the way `dgbot eval` reads one.</summary>
    private EvaluationReport Evaluate(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), $"corpus-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        try
        {
            var (latest, conversations) = CorpusEvaluator.Load(path);
            return CorpusEvaluator.Run(fixture.Parser, conversations, latest);
        }
        finally { File.Delete(path); }
    }
}
