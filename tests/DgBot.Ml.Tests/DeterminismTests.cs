using System.IO.Compression;
using DgBot.Core.Risk;
using DgBot.Ml;

namespace DgBot.Ml.Tests;

[Collection(RiskCollection.Name)]
public class DeterminismTests(RiskFixture fx)
{
    [Fact]
    public void Training_twice_with_the_same_seed_gives_the_same_model_and_the_same_predictions()
    {
        var again = new RiskTrainer(fx.Trained.Card.Seed).Train(fx.History);
        Assert.Equal(fx.Trained.Card.ToJson(), again.Card.ToJson().Replace(again.Card.TrainedAt, fx.Trained.Card.TrainedAt, StringComparison.Ordinal));
        Assert.Equal(fx.Trained.ForwardTest, again.ForwardTest);

        // The same model: every file inside the saved zip is byte for byte the same.
        var folder = Path.Combine(Path.GetTempPath(), $"dgbot-ml-again-{Guid.NewGuid():N}");
        try
        {
            RiskModelFiles.Save(again, folder, fx.Formatter);
            var first = Entries(Path.Combine(fx.ModelDirectory, RiskModelFiles.ModelFile));
            var second = Entries(Path.Combine(folder, RiskModelFiles.ModelFile));
            Assert.Equal(first.Keys.Order(), second.Keys.Order());
            foreach (var (name, bytes) in first) Assert.True(bytes.SequenceEqual(second[name]), $"{name} differs between two trainings with one seed");
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }

        // The same predictions, reasons included, for every unit of the latest round.
        var a = new RiskPredictor(RiskModel.FromTrained(fx.Trained), fx.History).Watchlist(n: RiskPredictor.MaxWatchlistSize);
        var b = new RiskPredictor(RiskModel.FromTrained(again), fx.History).Watchlist(n: RiskPredictor.MaxWatchlistSize);
        Assert.Equal(Describe(a), Describe(b));
    }

    [Fact]
    public void The_saved_model_loads_and_predicts_exactly_what_the_trained_one_predicts()
    {
        var loaded = new RiskPredictor(RiskModel.Load(fx.ModelDirectory), fx.History);
        var trained = new RiskPredictor(RiskModel.FromTrained(fx.Trained), fx.History);
        Assert.Null(loaded.Problem);
        Assert.Equal(fx.Trained.Card.ToJson(), loaded.Model.Card.ToJson());
        var units = fx.History.Units.Select(u => u.Id).ToList();
        var scored = 0;
        foreach (var id in units)
        {
            var x = loaded.UnitRisk(id);
            var y = trained.UnitRisk(id);
            Assert.Equal(y.Status, x.Status);
            if (x.Status != RiskStatus.Ok) continue;
            scored++;
            Assert.InRange(x.Estimate!.Probability, 0, 1);
            Assert.Equal(y.Estimate!.Probability, x.Estimate.Probability);
            Assert.Equal(Describe(y.Estimate), Describe(x.Estimate));
            Assert.Equal(2567, x.Estimate.Year);
            Assert.Equal(2568, x.Estimate.NextYear);
        }
        Assert.Equal(fx.History.Units.Count(u => fx.History.RoundOf(u.Id, 2567) is not null), scored);
    }

    [Fact]
    public void The_watchlist_is_ordered_by_probability_and_honours_its_filters()
    {
        var predictor = new RiskPredictor(RiskModel.Load(fx.ModelDirectory), fx.History);
        var all = predictor.Watchlist(n: 20);
        Assert.Equal(20, all.Units.Count);
        Assert.True(all.Units.Zip(all.Units.Skip(1)).All(p => p.First.Probability >= p.Second.Probability));
        var north = predictor.Watchlist("province", 5, region: "ภาคเหนือ");
        Assert.All(north.Units, e => Assert.Equal("ภาคเหนือ", fx.History.Unit(e.Unit.Id)!.Region));
        Assert.Equal(fx.History.Units.Count(u => u.Region == "ภาคเหนือ"), north.Scored);
        var high = predictor.Watchlist(minProbability: 0.5);
        Assert.All(high.Units, e => Assert.True(e.Probability >= 0.5));
    }

    private static string Describe(RiskWatchlist w) => string.Join("\n", w.Units.Select(Describe));

    private static string Describe(UnitRiskEstimate e) =>
        $"{e.Unit.Id} {e.Probability:R} " + string.Join("; ", e.Reasons.Select(r => $"{r.Kind} {r.Weight:R} " + string.Join(",", r.Facts.Select(f => $"{f.Key}={f.Value}"))));

    private static Dictionary<string, byte[]> Entries(string zip)
    {
        using var archive = ZipFile.OpenRead(zip);
        return archive.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var s = e.Open();
            using var m = new MemoryStream();
            s.CopyTo(m);
            return m.ToArray();
        });
    }
}
