using System.Globalization;
using DgBot.Core.Formatting;
using DgBot.Core.Risk;
using DgBot.Core.Storage;
using DgBot.Ml;

namespace DgBot.Cli;

/// <summary>`dgbot train`: fits the risk model on the database's rounds, writes it with its card, and prints the card.</summary>
internal static class TrainCommand
{
    public static int Run(CliOptions o, TextWriter stdout, TextWriter stderr)
    {
        var dataDir = o.ResolveDataDir();
        var db = o.ResolveDb(dataDir);
        if (!File.Exists(db))
        {
            stderr.WriteLine($"ไม่พบฐานข้อมูล (database not found): {db} — สร้างก่อนด้วย `dgbot build-db`");
            return 1;
        }
        var definition = SurveyDefinition.Load(dataDir);
        var formatter = ThaiFormatter.Load(Path.Combine(Path.GetDirectoryName(dataDir)!, "prompts"), definition.Reference);
        var directory = RiskModelFiles.DirectoryFor(db, dataDir);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        TrainedRiskModel trained;
        try
        {
            trained = ProgressBar.Run(o.Quiet, stderr, "train", p =>
            {
                p.Report(("reading the survey rounds", 0));
                var history = SurveyHistory.Load(db);
                var result = new RiskTrainer(o.Seed ?? RiskTrainer.DefaultSeed).Train(history,
                    new Core.Import.InlineProgress<(string Stage, double Fraction)>(x => p.Report((x.Stage, 0.05 + 0.9 * x.Fraction))));
                p.Report(("writing the model and its card", 0.97));
                RiskModelFiles.Save(result, directory, formatter);
                p.Report(("done", 1));
                return result;
            });
        }
        catch (InvalidOperationException e)
        {
            stderr.WriteLine($"ฝึกแบบจำลองไม่ได้ (cannot train): {e.Message}");
            return 1;
        }
        stdout.WriteLine(trained.Card.ToMarkdown(formatter));
        stdout.WriteLine($"บันทึกแล้ว (written) ใน {watch.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} วินาที: " +
                         $"{Path.Combine(directory, RiskModelFiles.ModelFile)}, {Path.Combine(directory, RiskModelFiles.CardFile)}, {Path.Combine(directory, RiskModelFiles.SummaryFile)}");
        return 0;
    }
}
