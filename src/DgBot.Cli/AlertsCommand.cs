using DgBot.Core.Alerts;
using DgBot.Web.Alerts;
using DgBot.Web.Channels.Line;
using DgBot.Web.Channels.Teams;
using DgBot.Web.Chat;
using DgBot.Web.Data;
using DgBot.Web.Plugins;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;

namespace DgBot.Cli;

/// <summary>
/// `dgbot alerts run`: one run of the alert job, outside the web host's schedule: scores the latest round with the trained
/// model, queues one message per subscriber with news, then delivers what the outbox holds. Channel settings come from the
/// same configuration keys as the web host (Teams__*, Line__*, Alerts__* environment variables).
/// </summary>
internal static class AlertsCommand
{
    public const int RetriesPending = 3;

    public static async Task<int> RunAsync(CliOptions o, TextWriter stdout, TextWriter stderr)
    {
        if (o.Positional.Count != 1 || o.Positional[0] != "run")
            return CliApp.Fail(stderr, "usage: dgbot alerts run [--db file] [--wait seconds]");
        var dataDir = o.ResolveDataDir();
        var db = o.ResolveDb(dataDir);
        if (!File.Exists(db)) return CliApp.Fail(stderr, $"no database at {db}: run `dgbot build-db` first");

        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Data:Path"] = db, ["Data:Directory"] = dataDir })
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<IHostEnvironment>(new HostingEnvironment
            {
                EnvironmentName = configuration["DOTNET_ENVIRONMENT"] ?? configuration["ASPNETCORE_ENVIRONMENT"] ?? Environments.Production,
                ApplicationName = "dgbot", ContentRootPath = Environment.CurrentDirectory,
            })
            .AddLogging(b => b.AddSimpleConsole(c => c.SingleLine = true).SetMinimumLevel(o.Verbose ? LogLevel.Information : LogLevel.Warning))
            .AddDgBotData(configuration)
            .AddDgBotPlugins()
            .AddChat()
            .AddAlerts()
            .AddTeamsOutbound(configuration)
            .AddLineOutbound(configuration);
        await using var provider = services.BuildServiceProvider();

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };

        var result = provider.GetRequiredService<AlertJob>().Run();
        if (result.Status == AlertRunResult.NoModel)
        {
            stderr.WriteLine("error: no trained risk model for this database: run `dgbot train` first");
            return 1;
        }
        stdout.WriteLine($"round {result.Year} (model {result.ModelVersion}): {result.Subscribers} subscribers, {result.Queued} alerts queued, " +
                         $"{result.AlreadyQueued} already queued, {result.Unchanged} with nothing new");

        var outbox = provider.GetRequiredService<AlertOutbox>();
        var sender = provider.GetRequiredService<AlertSender>();
        var clock = provider.GetRequiredService<TimeProvider>();
        var deadline = clock.GetUtcNow() + TimeSpan.FromSeconds(o.WaitSeconds ?? 0);
        var total = new DeliveryReport(0, 0, 0, 0);
        var interactive = !o.Quiet && !Console.IsErrorRedirected;
        try
        {
            while (true)
            {
                var before = total;
                var progress = new Progress(r =>
                {
                    if (!interactive) return;
                    var now = Add(before, r);
                    stderr.Write($"\rdelivering: {now.Sent} sent, {now.Parked} parked, {now.Rescheduled} to retry   ");
                });
                total = Add(total, await sender.DeliverDueAsync(progress, stop.Token));
                if (!outbox.HasUnsettled() || clock.GetUtcNow() >= deadline) break;
                // Wait for the next retry, but not past --wait.
                var next = outbox.NextDue() ?? clock.GetUtcNow() + TimeSpan.FromSeconds(1);
                var wait = (next < deadline ? next : deadline) - clock.GetUtcNow();
                if (wait > TimeSpan.Zero) await Task.Delay(wait, clock, stop.Token);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            if (interactive) stderr.WriteLine();
            stderr.WriteLine("stopped: messages not yet confirmed stay in the outbox and go out on the next run");
            return 130;
        }
        if (interactive) stderr.WriteLine();
        var counts = outbox.Counts();
        int Count(string s) => counts.TryGetValue(s, out var n) ? n : 0;
        stdout.WriteLine($"delivered: {total.Sent} sent, {total.Parked} parked, {total.Rescheduled} retries scheduled; " +
                         $"outbox: {Count(OutboxStatus.Sent)} sent, {Count(OutboxStatus.Parked)} parked, {Count(OutboxStatus.Pending) + Count(OutboxStatus.Sending)} waiting");
        return outbox.HasUnsettled() ? RetriesPending : 0;
    }

    private static DeliveryReport Add(DeliveryReport a, DeliveryReport b) =>
        new(a.Sent + b.Sent, a.Parked + b.Parked, a.Rescheduled + b.Rescheduled, a.LeaseLost + b.LeaseLost);

    private sealed class Progress(Action<DeliveryReport> report) : IProgress<DeliveryReport>
    {
        public void Report(DeliveryReport value) => report(value);
    }
}
