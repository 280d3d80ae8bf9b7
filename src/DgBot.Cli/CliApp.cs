using System.Diagnostics;
using System.Globalization;
using DgBot.Core;
using DgBot.Core.Storage;

namespace DgBot.Cli;

/// <summary>The `dgbot` command: build-db, generate-demo, import, score, ask, eval, train, alerts, users.</summary>
public static class CliApp
{
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, TextReader? stdin = null)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            stdout.WriteLine(Help.Main);
            return Task.FromResult(args.Length == 0 ? 1 : 0);
        }
        try
        {
            var options = CliOptions.Parse(args.Skip(1).ToArray());
            if (options.Help) { stdout.WriteLine(Help.For(args[0])); return Task.FromResult(0); }
            if (args[0] == "ask") return AskCommand.RunAsync(options, stdin ?? Console.In, stdout, stderr);
            if (args[0] == "alerts") return AlertsCommand.RunAsync(options, stdout, stderr);
            return Task.FromResult(args[0] switch
            {
                "build-db" => Commands.BuildDb(options, stdout, stderr),
                "generate-demo" => Commands.GenerateDemo(options, stdout, stderr),
                "import" => Commands.Import(options, stdout, stderr),
                "score" => Commands.Score(options, stdout, stderr),
                "eval" => EvalCommand.Run(options, stdout, stderr),
                "train" => TrainCommand.Run(options, stdout, stderr),
                "parse" => ParseCommand.Run(options, stdout),
                "users" => UsersCommand.Run(options, stdin ?? Console.In, stdout, stderr),
                _ => Fail(stderr, $"unknown command '{args[0]}'. Run `dgbot --help` for the list."),
            });
        }
        catch (CliUsageException e)
        {
            return Task.FromResult(Fail(stderr, e.Message));
        }
    }

    internal static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine("error: " + message);
        return 2;
    }
}

public sealed class CliUsageException(string message) : Exception(message);

public sealed class CliOptions
{
    public bool Help { get; private init; }
    public string? DataDir { get; private init; }
    public string? Db { get; private init; }
    public int? Seed { get; private init; }
    public bool NoDemo { get; private init; }
    public bool Quiet { get; private init; }
    public bool Json { get; private init; }
    public bool Verbose { get; private init; }
    public string? Conversation { get; private init; }
    /// <summary>`alerts run --wait S`: keep delivering retries that come due for up to S seconds.</summary>
    public int? WaitSeconds { get; private init; }
    public int? Hours { get; private init; }
    public string? Name { get; private init; }
    public bool PasswordStdin { get; private init; }
    public IReadOnlyList<string> Positional { get; private init; } = [];

    public static CliOptions Parse(string[] args)
    {
        string? dataDir = null, db = null, conversation = null, name = null; int? seed = null, hours = null, wait = null;
        bool help = false, noDemo = false, quiet = false, json = false, verbose = false, passwordStdin = false;
        var positional = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new CliUsageException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "-h" or "--help": help = true; break;
                case "--data": dataDir = Next(); break;
                case "--db": db = Next(); break;
                case "--seed":
                    var s = Next();
                    seed = int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0
                        ? v : throw new CliUsageException($"--seed must be a non-negative integer, got '{s}'");
                    break;
                case "--wait":
                    var w = Next();
                    wait = int.TryParse(w, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ws) && ws is >= 0 and <= 86_400
                        ? ws : throw new CliUsageException($"--wait must be a number of seconds from 0 to 86400, got '{w}'");
                    break;
                case "--no-demo": noDemo = true; break;
                case "-q" or "--quiet": quiet = true; break;
                case "--json": json = true; break;
                case "-v" or "--verbose": verbose = true; break;
                case "--conversation": conversation = Next(); break;
                case "--hours":
                    var h = Next();
                    hours = int.TryParse(h, NumberStyles.Integer, CultureInfo.InvariantCulture, out var hv) && hv > 0
                        ? hv : throw new CliUsageException($"--hours must be a positive integer, got '{h}'");
                    break;
                case "--name": name = Next(); break;
                case "--password-stdin": passwordStdin = true; break;
                case var a when a.StartsWith('-'): throw new CliUsageException($"unknown option '{a}'");
                default: positional.Add(args[i]); break;
            }
        }
        return new CliOptions { Help = help, DataDir = dataDir, Db = db, Seed = seed, NoDemo = noDemo, Quiet = quiet, Json = json, Verbose = verbose, Conversation = conversation,
            WaitSeconds = wait, Hours = hours, Name = name, PasswordStdin = passwordStdin, Positional = positional };
    }

    public string ResolveDataDir() => DataDir is not null ? Path.GetFullPath(DataDir) : DataPaths.FindDataDirectory();

    /// <summary>--db, else Data:Path / Data__Path (as the web host reads it), else data/dgbot.db.</summary>
    public string ResolveDb(string dataDir)
    {
        if (Db is not null) return Path.GetFullPath(Db);
        var env = Environment.GetEnvironmentVariable("Data__Path");
        return string.IsNullOrEmpty(env) ? DataPaths.DefaultDatabasePath(dataDir) : Path.GetFullPath(env);
    }
}
