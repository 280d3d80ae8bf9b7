using System.ComponentModel.DataAnnotations;
using Cronos;
using Microsoft.Extensions.Options;

namespace DgBot.Web.Alerts;

/// <summary>Risk alerts (DESIGN §7). Alerts:Cron and Alerts:TimeZone are the names DESIGN §8 fixes.</summary>
public sealed class AlertOptions
{
    public const string Section = "Alerts";

    /// <summary>A unit is flagged for a subscriber when its probability is at least this, unless the subscriber chose another threshold.</summary>
    [Range(0.0, 1.0)]
    public double MinProbability { get; set; } = 0.5;

    /// <summary>A unit already flagged is "risen" (and told again) when its probability grew by at least this since the subscriber was last told.</summary>
    [Range(0.0, 1.0)]
    public double RiseStep { get; set; } = 0.10;

    /// <summary>When the job runs (five fields, or six with seconds), in <see cref="TimeZone"/>; empty turns the schedule off (`dgbot alerts run` still works).</summary>
    public string? Cron { get; set; } = "0 7 * * *";

    /// <summary>An IANA (or Windows) time zone id; Thai civil servants read their alerts at 07:00 Bangkok time.</summary>
    public string TimeZone { get; set; } = "Asia/Bangkok";

    /// <summary>Whether the web host delivers the outbox in the background (retries come due between job runs).</summary>
    public bool SendInBackground { get; set; } = true;

    /// <summary>Attempts per message before it is parked as undeliverable.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Quick retries inside one claim (exponential, jittered) before the message goes back to the outbox to wait longer.</summary>
    [Range(0, 10)]
    public int QuickRetries { get; set; } = 2;

    /// <summary>The first wait between attempts; each later wait doubles (with jitter) up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The longest one call to a channel may take; past it the attempt counts as unanswered (and, on Teams, in doubt).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long a sender holds a message before another may take it over.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Least time between two messages into one Teams conversation (Teams allows 7 per second per conversation, 1,800 per hour).</summary>
    public TimeSpan TeamsConversationGap { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Messages per second to Teams overall (Teams' limit per app and tenant is 30 RPS).</summary>
    [Range(1, 1000)]
    public int TeamsPerSecond { get; set; } = 20;

    /// <summary>Parallel deliveries: one per conversation at a time, this many conversations at once.</summary>
    [Range(1, 64)]
    public int Parallelism { get; set; } = 4;

    public TimeZoneInfo ResolvedTimeZone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    public CronExpression? ResolvedCron => string.IsNullOrWhiteSpace(Cron) ? null
        : CronExpression.Parse(Cron.Trim(), Cron.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
}

/// <summary>Refuses at start-up a schedule that cannot be read, rather than an alert job that silently never runs.</summary>
public sealed class AlertOptionsValidator : IValidateOptions<AlertOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertOptions o)
    {
        var errors = new List<string>();
        try { _ = o.ResolvedCron; }
        catch (CronFormatException e) { errors.Add($"Alerts:Cron '{o.Cron}' is not a cron expression: {e.Message}"); }
        try { _ = o.ResolvedTimeZone; }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException) { errors.Add($"Alerts:TimeZone '{o.TimeZone}' is not a known time zone (use e.g. Asia/Bangkok)."); }
        if (o.RetryDelay <= TimeSpan.Zero || o.MaxRetryDelay < o.RetryDelay) errors.Add("Alerts:RetryDelay must be positive and at most Alerts:MaxRetryDelay.");
        if (o.AttemptTimeout <= TimeSpan.Zero) errors.Add("Alerts:AttemptTimeout must be positive.");
        // A sender must finish its attempts (and their waits) before its lease lets another sender take the message over.
        else if (o.Lease <= (o.QuickRetries + 1) * (o.AttemptTimeout + o.TeamsConversationGap) + o.QuickRetries * o.Lease / 4)
            errors.Add("Alerts:Lease must be longer than all the quick attempts of one claim: raise Alerts:Lease or lower Alerts:AttemptTimeout / Alerts:QuickRetries.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
