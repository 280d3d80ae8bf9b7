using System.Diagnostics;
using DgBot.Cli;
using DgBot.Core.Risk;
using DgBot.Ml;

namespace DgBot.Benchmarks;

/// <summary>
/// Training and scoring every unit of the latest round, Stopwatch-timed on the demo database: `dgbot train` end to end in
/// a fresh process (cold: JIT, native libraries, reading the rounds, training, writing the model and card), then in this
/// process reading the rounds, training and scoring every unit, first cold and then warm.
/// </summary>
public static class RiskTiming
{
    public static async Task<int> RunAsync(int runs)
    {
        var demo = await BenchDatabases.Demo();
        var work = Path.Combine(Path.GetTempPath(), "dgbot-bench-risk-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        var db = Path.Combine(work, "demo.db");
        File.Copy(demo, db);
        Console.WriteLine($"demo: {demo}, {Environment.ProcessorCount} cpus, load average {LoadAverage()}");
        var cli = typeof(CliApp).Assembly.Location;
        for (int i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            using var process = Process.Start(new ProcessStartInfo("dotnet", ["exec", cli, "train", "--db", db, "-q"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0) throw new InvalidOperationException("dgbot train failed: " + await process.StandardError.ReadToEndAsync());
            Console.WriteLine($"  dgbot train, fresh process, run {i + 1}: {watch.Elapsed.TotalSeconds:F2} s (load average {LoadAverage()})");
        }
        for (int i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            var history = SurveyHistory.Load(db);
            var read = watch.Elapsed.TotalSeconds;
            var trained = new RiskTrainer().Train(history);
            var train = watch.Elapsed.TotalSeconds - read;
            var predictor = new RiskPredictor(RiskModel.FromTrained(trained), history);
            var list = predictor.Watchlist(n: RiskPredictor.MaxWatchlistSize);
            var total = watch.Elapsed.TotalSeconds;
            Console.WriteLine($"  in process, run {i + 1}{(i == 0 ? " (cold)" : "")}: read {read:F2} s + train {train:F2} s + score all {list.Scored} units " +
                              $"{total - read - train:F2} s = {total:F2} s ({trained.Card.Trainer})");
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(work, recursive: true);
        return 0;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
