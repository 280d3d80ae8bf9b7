using DgBot.Core.Alerts;
using Microsoft.Extensions.Options;

namespace DgBot.Web.Alerts;

/// <summary>
/// The web host's alert schedule: runs the job at each Alerts:Cron occurrence in Alerts:TimeZone, and between runs delivers
/// what comes due in the outbox (retries waiting out their back-off, messages queued by `dgbot alerts run` in another process).
/// </summary>
public sealed class AlertScheduler(AlertJob job, AlertSender sender, AlertOutbox outbox, IOptions<AlertOptions> options, TimeProvider clock,
    ILogger<AlertScheduler> logger) : BackgroundService
{
    /// <summary>How often the outbox is looked at when nothing is known to be due (another process may have queued something).</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var cron = o.ResolvedCron;
        var zone = o.ResolvedTimeZone;
        if (cron is null && !o.SendInBackground) return;
        var nextRun = cron?.GetNextOccurrence(clock.GetUtcNow(), zone);
        logger.LogInformation("Alert schedule: {Schedule}; outbox delivered in the background: {Background}",
            nextRun is { } first ? $"'{o.Cron}' in {zone.Id}, next at {TimeZoneInfo.ConvertTime(first, zone):yyyy-MM-dd HH:mm zzz}" : "off",
            o.SendInBackground);

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = clock.GetUtcNow();
                var ran = false;
                if (nextRun is { } at && at <= now)
                {
                    ran = true;
                    var result = job.Run();
                    logger.LogInformation("Scheduled alert job: {Status}, {Queued} queued", result.Status, result.Queued);
                    nextRun = cron!.GetNextOccurrence(now, zone);
                }
                if (o.SendInBackground || ran) await sender.DeliverDueAsync(cancellationToken: stoppingToken);

                var wake = clock.GetUtcNow() + Poll;
                if (o.SendInBackground && outbox.NextDue() is { } due && due < wake) wake = due;
                if (nextRun is { } next && next < wake) wake = next;
                var wait = wake - clock.GetUtcNow();
                if (wait > TimeSpan.Zero) await Task.Delay(wait, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // A failed run (database locked, model reloading) must not end the schedule.
                logger.LogError(e, "Alert schedule: the run failed; trying again shortly");
                await Task.Delay(Poll, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
