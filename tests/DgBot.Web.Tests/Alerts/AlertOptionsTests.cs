using DgBot.Web.Alerts;

namespace DgBot.Web.Tests.Alerts;

public sealed class AlertOptionsTests
{
    [Fact]
    public void The_default_schedule_is_seven_in_the_morning_Bangkok_time()
    {
        var o = new AlertOptions();

        var next = o.ResolvedCron!.GetNextOccurrence(new DateTimeOffset(2026, 12, 4, 0, 30, 0, TimeSpan.Zero), o.ResolvedTimeZone);

        Assert.True(new AlertOptionsValidator().Validate(null, o).Succeeded);
        // 07:00 in Bangkok (UTC+7, no daylight saving) is midnight UTC.
        Assert.Equal(new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero), next!.Value.ToUniversalTime());
    }

    [Theory]
    [InlineData("0 7 * *", "Asia/Bangkok", "Alerts:Cron")]
    [InlineData("every morning", "Asia/Bangkok", "Alerts:Cron")]
    [InlineData("0 7 * * *", "Mars/Olympus", "Alerts:TimeZone")]
    public void A_schedule_that_cannot_be_read_is_refused_at_start_up_naming_the_setting(string cron, string zone, string setting)
    {
        var result = new AlertOptionsValidator().Validate(null, new AlertOptions { Cron = cron, TimeZone = zone });

        Assert.True(result.Failed);
        Assert.Contains(setting, result.FailureMessage);
    }

    [Fact]
    public void An_empty_cron_turns_the_schedule_off_and_a_lease_shorter_than_the_attempts_is_refused()
    {
        Assert.Null(new AlertOptions { Cron = " " }.ResolvedCron);
        var tooShort = new AlertOptionsValidator().Validate(null, new AlertOptions { Lease = TimeSpan.FromSeconds(30), AttemptTimeout = TimeSpan.FromSeconds(20) });
        Assert.True(tooShort.Failed);
        Assert.Contains("Alerts:Lease", tooShort.FailureMessage);
        Assert.Equal(6, new AlertOptions { Cron = "*/10 * * * * *" }.ResolvedCron!.GetOccurrences(
            new DateTime(2026, 12, 4, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 12, 4, 0, 1, 0, DateTimeKind.Utc)).Count());
    }
}
