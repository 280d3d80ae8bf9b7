using System.Text.Json;

namespace DgBot.Cli.Tests;

public sealed class TrainCommandTests(BuiltDatabase built) : CliTestBase(built), IClassFixture<BuiltDatabase>
{
    [Fact]
    public async Task Train_shows_a_progress_bar_prints_the_model_card_and_writes_the_model_beside_the_database()
    {
        var (exit, stdout, stderr) = await Dgbot("train", "--db", Db);
        Assert.Equal(0, exit);
        Assert.Contains("train [", stderr);
        Assert.Contains("| AUC-PR |", stdout);
        Assert.Contains("| precision@10 |", stdout);
        Assert.Contains("fell last round", stdout);
        Assert.Contains("2566->2567", stdout);
        var models = Path.Combine(Work, "dgbot-models");
        Assert.True(File.Exists(Path.Combine(models, "risk-model.zip")));
        Assert.True(File.Exists(Path.Combine(models, "risk-model-card.md")));
        using var card = JsonDocument.Parse(File.ReadAllText(Path.Combine(models, "risk-model-card.json")));
        Assert.True(card.RootElement.GetProperty("synthetic").GetBoolean());
        Assert.Equal(2567, card.RootElement.GetProperty("seed").GetInt32());
    }

    [Fact]
    public async Task Train_without_a_database_says_to_run_build_db_and_writes_nothing()
    {
        var missing = Path.Combine(Work, "missing.db");
        var (exit, _, stderr) = await Dgbot("train", "--db", missing, "-q");
        Assert.Equal(1, exit);
        Assert.Contains("dgbot build-db", stderr);
        Assert.False(Directory.Exists(Path.Combine(Work, "missing-models")));
    }
}
