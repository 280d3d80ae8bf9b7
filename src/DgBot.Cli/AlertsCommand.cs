using DgBot.Core.Storage;
using DgBot.Web.Alerts;
using DgBot.Web.Chat;
using DgBot.Web.Data;
using DgBot.Web.Plugins;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DgBot.Cli;

/// <summary>
/// `dgbot alerts run`: one run of the alert job, outside the web host's schedule: scores the latest round with the trained
/// model, queues one message per subscriber with news, then delivers what the outbox holds. Channel settings come from the
/// same configuration keys as the web host (Teams__*, Line__*, Alerts__* environment variables).
/// </summary>
internal static class AlertsCommand
{
    public static async Task<int> RunAsync(CliOptions o, TextWriter stdout, TextWriter stderr)
    {
        if (o.Positional.Count != 1 || o.Positional[0] != "run")
            return CliApp.Fail(stderr, "usage: dgbot alerts run [--db file]");
        var dataDir = o.ResolveDataDir();
        var db = o.ResolveDb(dataDir);
        if (!File.Exists(db)) return CliApp.Fail(stderr, $"no database at {db}: run `dgbot build-db` first");

        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Data:Path"] = db, ["Data:Directory"] = dataDir })
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(b => b.AddSimpleConsole(c => c.SingleLine = true).SetMinimumLevel(o.Verbose ? LogLevel.Information : LogLevel.Warning))
            .AddDgBotData(configuration)
            .AddDgBotPlugins()
            .AddChat()
            .AddAlerts();
        await using var provider = services.BuildServiceProvider();

        var result = provider.GetRequiredService<AlertJob>().Run();
        if (result.Status == AlertRunResult.NoModel)
        {
            stderr.WriteLine("error: no trained risk model for this database: run `dgbot train` first");
            return 1;
        }
        stdout.WriteLine($"round {result.Year} (model {result.ModelVersion}): {result.Subscribers} subscribers, {result.Queued} alerts queued, " +
                         $"{result.AlreadyQueued} already queued, {result.Unchanged} with nothing new");
        return 0;
    }
}
