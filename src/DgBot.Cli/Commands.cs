using System.Diagnostics;
using DgBot.Core.Storage;

namespace DgBot.Cli;

internal static class Commands
{
    public static int BuildDb(CliOptions o, TextWriter stdout, TextWriter stderr)
    {
        var dataDir = o.ResolveDataDir();
        var db = o.ResolveDb(dataDir);
        var definition = SurveyDefinition.Load(dataDir);
        var result = ProgressBar.Run(o.Quiet, stderr, "build-db", p =>
            DatabaseBuilder.Build(definition, db, o.NoDemo ? null : o.Seed ?? DatabaseBuilder.DefaultSeed, p));
        stdout.WriteLine($"built {result.Path}: {result.Units} units, {result.Items} items, {result.Figures} published figures, " +
                         $"{result.Responses} responses, {result.UnitRounds} scored unit-rounds in {result.Elapsed.TotalSeconds:F1} s");
        return 0;
    }

    public static int GenerateDemo(CliOptions o, TextWriter stdout, TextWriter stderr) => throw new NotSupportedException();
    public static int Import(CliOptions o, TextWriter stdout, TextWriter stderr) => throw new NotSupportedException();
    public static int Score(CliOptions o, TextWriter stdout, TextWriter stderr) => throw new NotSupportedException();
}
