using System.Text.Json;
using DgBot.Ml;

namespace DgBot.Ml.Tests;

[Collection(RiskCollection.Name)]
public class ForwardValidationTests(RiskFixture fx)
{
    [Fact]
    public void On_the_demo_data_the_model_beats_both_baselines_on_AUC_PR_and_precision_at_10_in_the_forward_test()
    {
        var card = fx.Trained.Card;
        Assert.Equal("2566->2567", card.TestTransition);
        foreach (var name in new[] { RiskModelCard.FellLastRound, RiskModelCard.NearLowerBand })
        {
            var baseline = card.Baselines[name];
            Assert.True(card.Model.AucPr > baseline.AucPr, $"AUC-PR: model {card.Model.AucPr:F3} vs {name} {baseline.AucPr:F3}");
            Assert.True(card.Model.PrecisionAt10 > baseline.PrecisionAt10, $"precision@10: model {card.Model.PrecisionAt10:F3} vs {name} {baseline.PrecisionAt10:F3}");
        }
    }

    [Fact]
    public void The_forward_test_scores_only_the_last_transition_with_a_model_fit_on_earlier_ones()
    {
        var card = fx.Trained.Card;
        Assert.Equal(["2563->2564", "2564->2565", "2565->2566"], card.TrainTransitions);
        Assert.DoesNotContain(card.TestTransition, card.TrainTransitions);
        Assert.Equal([2563, 2564, 2565, 2566], card.TrainRounds);
        // Every test row is a unit that answered both 2566 and 2567; the probabilities are the test's own.
        var test = RiskTrainer.Examples(fx.History, fx.Trained.Features, 2566, 2567);
        Assert.Equal(test.Select(e => e.Features.UnitId), fx.Trained.ForwardTest.Select(t => t.UnitId));
        Assert.Equal(test.Select(e => e.Dropped), fx.Trained.ForwardTest.Select(t => t.Dropped));
        Assert.Equal(card.TestUnits, test.Count);
        Assert.Equal(card.TrainExamples, Enumerable.Range(0, 3).Sum(i => RiskTrainer.Examples(fx.History, fx.Trained.Features, 2563 + i, 2564 + i).Count));
        Assert.Equal([2567, 2568], new[] { card.Served.ScoresRound, card.Served.PredictsRound });
    }

    [Fact]
    public void The_model_card_on_disk_has_the_shape_of_DESIGN_section_7_with_model_and_baselines_side_by_side()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(fx.ModelDirectory, RiskModelFiles.CardFile)));
        var root = json.RootElement;
        Assert.True(root.GetProperty("synthetic").GetBoolean());
        Assert.Equal(JsonValueKind.Array, root.GetProperty("train_rounds").ValueKind);
        Assert.Equal("2566->2567", root.GetProperty("test_transition").GetString());
        Assert.Contains(root.GetProperty("trainer").GetString(), new[] { "FastTree", "LightGbm" });
        Assert.Equal(fx.Trained.Features.Count, root.GetProperty("features").GetArrayLength());
        var keys = new[] { "auc_roc", "auc_pr", "precision_at_10", "precision_at_20", "recall_at_10", "recall_at_20", "brier", "reliability" };
        void HasMetrics(JsonElement m)
        {
            foreach (var k in keys) Assert.True(m.TryGetProperty(k, out _), $"missing {k}");
            Assert.Equal(10, m.GetProperty("reliability").GetArrayLength());
            Assert.Equal(fx.Trained.Card.TestUnits, m.GetProperty("reliability").EnumerateArray().Sum(b => b.GetProperty("count").GetInt32()));
        }
        HasMetrics(root.GetProperty("model"));
        HasMetrics(root.GetProperty("baselines").GetProperty("fell_last_round"));
        HasMetrics(root.GetProperty("baselines").GetProperty("near_lower_band"));

        var markdown = File.ReadAllText(Path.Combine(fx.ModelDirectory, RiskModelFiles.SummaryFile));
        Assert.Contains("| AUC-PR |", markdown);
        Assert.Contains("| precision@10 |", markdown);
        Assert.Contains("fell last round", markdown);
        Assert.Contains("within 5 points of the band below", markdown);
        Assert.Contains("สังเคราะห์", markdown);
    }
}
