// The risk model after load, one unit per measured call, cycling through every unit of the latest round:
//   dotnet run -c Release --project tests/DgBot.Benchmarks -- --bdn --filter *RiskBenchmarks*
// Target (issue "risk model"): scoring one unit under 1 ms after load. Training and scoring every unit, timed with a
// Stopwatch (cold, as `dgbot train` runs, and warm): `dotnet run -c Release --project tests/DgBot.Benchmarks -- --risk`.
using BenchmarkDotNet.Attributes;
using DgBot.Core.Risk;
using DgBot.Ml;

namespace DgBot.Benchmarks;

[Config(typeof(PerCallConfig))]
public class RiskBenchmarks
{
    private RiskPredictor _predictor = null!;
    private RiskModel _model = null!;
    private UnitFeatures[] _features = [];
    private string[] _units = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var history = SurveyHistory.Load(QueryBenchmarksPaths.Of("demo"));
        // Saved and loaded again, so the calls run on the model as the web host has it after load.
        var folder = Path.Combine(Path.GetTempPath(), "dgbot-bench-risk-" + Guid.NewGuid().ToString("N")[..8]);
        RiskModelFiles.Save(new RiskTrainer().Train(history), folder, BenchFormatter());
        _model = RiskModel.Load(folder);
        Directory.Delete(folder, recursive: true);
        _predictor = new RiskPredictor(_model, history);
        var builder = new RiskFeatureBuilder(history);
        _features = [.. builder.BuildAll(history.AsOf(history.LatestYear))];
        _units = _features.Select(f => f.UnitId).ToArray();
        for (int round = 0; round < 3; round++)
        {
            foreach (var u in _units) _predictor.Estimate(u);
            Thread.Sleep(250);
        }
    }

    private static DgBot.Core.Formatting.ThaiFormatter BenchFormatter()
    {
        var data = DgBot.Core.DataPaths.FindDataDirectory();
        return DgBot.Core.Formatting.ThaiFormatter.Load(Path.Combine(Path.GetDirectoryName(data)!, "prompts"),
            DgBot.Core.Reference.ReferenceData.Load(data));
    }

    /// <summary>Everything one unit_risk answer computes: the unit's features from the history, the model, the reasons.</summary>
    [Benchmark] public object score_one_unit() => _predictor.Estimate(_units[_next++ % _units.Length])!;

    /// <summary>The model alone: calibrated probability and every feature's contribution for one feature vector.</summary>
    [Benchmark] public object model_predict_one() => _model.Predict(_features[_next++ % _features.Length].Values);

    /// <summary>What unit_risk does while serving: every unit is scored once per version of the data, then looked up.</summary>
    [Benchmark] public object unit_risk_served() => _predictor.UnitRisk(_units[_next++ % _units.Length]);
}
