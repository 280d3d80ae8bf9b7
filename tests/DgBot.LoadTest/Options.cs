using System.Globalization;

namespace DgBot.LoadTest;

/// <summary>The command line. Every option has a default that reproduces the issue 8 run (50,000 asks at 64, 5,000 webhooks).</summary>
public sealed class Options
{
    public string? Url { get; set; }
    public string RepoRoot { get; set; } = FindRepoRoot();
    public string? HostDll { get; set; }
    public int HostPort { get; set; }
    public int LinePort { get; set; }
    public List<KeyValuePair<string, string>> HostEnv { get; } = [];
    public string Secret { get; set; } = "load-test-channel-secret";
    public string AccessToken { get; set; } = "load-test-access-token";
    public int Asks { get; set; } = 50_000;
    public int Concurrency { get; set; } = 64;
    public int Warmup { get; set; } = 500;
    public int Webhooks { get; set; } = 5_000;
    public int WebhookConcurrency { get; set; } = 64;
    public int ReplyTimeoutSeconds { get; set; } = 180;
    public int StartTimeoutSeconds { get; set; } = 900;
    public string? Out { get; set; }
    public string? Questions { get; set; }
    public string? WorkDir { get; set; }
    public bool Keep { get; set; }

    public const string Usage = """
        DgBot load test (issue 8): POST /api/ask at a fixed concurrency, then signed LINE webhooks answered through a fake
        LINE Messaging API on 127.0.0.1 that counts the replies per reply token.

        By default it starts the web host itself (dotnet <repo>/src/DgBot.Web/bin/Release/net10.0/DgBot.Web.dll) on a free
        127.0.0.1 port with its own database in a temp folder, pointed at the in-tool fake LINE API.

          --asks N                 /api/ask requests to time (50000)
          --concurrency N          requests in flight (64)
          --warmup N               untimed /api/ask requests first: JIT, caches (500)
          --webhooks N             signed LINE webhooks, one text message event each (5000)
          --webhook-concurrency N  webhooks in flight (64)
          --reply-timeout S        how long to wait for every reply at the fake LINE API (180)
          --out PATH               write the result as JSON
          --host-env KEY=VALUE     extra environment for the started host, repeatable (e.g. RateLimits__PermitLimit=100000)
          --host-dll PATH          the web host to start (default: the Release build in the repository)
          --host-port N            port for the started host (default: a free one)
          --work-dir PATH          folder for the host's database and log (default: a new temp folder, deleted unless --keep)
          --keep                   keep the work folder
          --url URL                target an already running host instead (it must use --line-port's fake and --secret)
          --line-port N            port of the fake LINE API (default: a free one)
          --secret S               LINE channel secret used to sign webhooks
          --questions PATH         questions corpus (default tests/corpus/questions.th.json)
          --start-timeout S        how long the started host may take to answer /health (900; the first start builds the database)

        Exit code: 0 when there was no 5xx, no transport error and no lost reply; 1 otherwise; 2 for a usage error.
        """;

    public static Options Parse(string[] args)
    {
        var o = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value");
            int Int() => int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0
                ? n : throw new ArgumentException($"{name} needs a non-negative whole number");
            switch (name)
            {
                case "--url": o.Url = Value().TrimEnd('/'); break;
                case "--repo": o.RepoRoot = Path.GetFullPath(Value()); break;
                case "--host-dll": o.HostDll = Path.GetFullPath(Value()); break;
                case "--host-port": o.HostPort = Int(); break;
                case "--line-port": o.LinePort = Int(); break;
                case "--host-env":
                    var pair = Value();
                    var eq = pair.IndexOf('=');
                    if (eq <= 0) throw new ArgumentException($"--host-env takes KEY=VALUE, not '{pair}'");
                    o.HostEnv.Add(new(pair[..eq], pair[(eq + 1)..]));
                    break;
                case "--secret": o.Secret = Value(); break;
                case "--access-token": o.AccessToken = Value(); break;
                case "--asks": o.Asks = Int(); break;
                case "--concurrency": o.Concurrency = Math.Max(1, Int()); break;
                case "--warmup": o.Warmup = Int(); break;
                case "--webhooks": o.Webhooks = Int(); break;
                case "--webhook-concurrency": o.WebhookConcurrency = Math.Max(1, Int()); break;
                case "--reply-timeout": o.ReplyTimeoutSeconds = Int(); break;
                case "--start-timeout": o.StartTimeoutSeconds = Int(); break;
                case "--out": o.Out = Path.GetFullPath(Value()); break;
                case "--questions": o.Questions = Path.GetFullPath(Value()); break;
                case "--work-dir": o.WorkDir = Path.GetFullPath(Value()); break;
                case "--keep": o.Keep = true; break;
                case "-h" or "--help": throw new HelpRequested();
                default: throw new ArgumentException($"unknown option {name}");
            }
        }
        return o;
    }

    /// <summary>The folder holding DgBot.sln, from the working directory up, else from the tool's own folder up.</summary>
    private static string FindRepoRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "DgBot.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}

public sealed class HelpRequested : Exception;
