using System.ComponentModel.DataAnnotations;

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
}
