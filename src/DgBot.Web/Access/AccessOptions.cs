using System.ComponentModel.DataAnnotations;

namespace DgBot.Web.Access;

public enum AccessMode
{
    /// <summary>Everyone sees everything: the demo default, logged loudly at start-up.</summary>
    Open,
    /// <summary>The roster decides (DESIGN §9); unknown users get the report's published national figures only.</summary>
    Roster,
}

/// <summary>Access:* settings.</summary>
public sealed class AccessOptions
{
    public const string Section = "Access";

    public AccessMode Mode { get; set; } = AccessMode.Open;

    /// <summary>How long a registration code issued without an explicit lifetime stays valid.</summary>
    [Range(1, 24 * 90)]
    public int CodeHours { get; set; } = 72;

    /// <summary>How long a web login lasts without activity.</summary>
    [Range(1, 24 * 30)]
    public int SessionHours { get; set; } = 8;

    /// <summary>
    /// Wrong web passwords for one login name within <see cref="LockoutMinutes"/> before that name is refused for
    /// <see cref="LockoutMinutes"/>, right password or not. Counted for names the roster does not have too, so a lock says
    /// nothing about which names exist.
    /// </summary>
    [Range(1, 1000)]
    public int LoginFailuresPerAccount { get; set; } = 5;

    /// <summary>
    /// Wrong web passwords from one client address (an IPv6 client by its /64) within <see cref="LockoutMinutes"/>, whatever
    /// names they tried, before that address may not sign in for <see cref="LockoutMinutes"/>. Higher than per account
    /// because a whole office may share one NAT address.
    /// </summary>
    [Range(1, 100_000)]
    public int LoginFailuresPerSource { get; set; } = 20;

    /// <summary>Both the window failures are counted in and how long a lock lasts (web logins, and registration codes per user).</summary>
    [Range(1, 24 * 60)]
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>Wrong registration codes from one Teams or LINE user within <see cref="LockoutMinutes"/> before their codes are refused unread for as long.</summary>
    [Range(1, 1000)]
    public int CodeFailuresPerUser { get; set; } = 5;

    /// <summary>
    /// Wrong registration codes from everyone together in one minute before no code is looked at for a minute: the bound on
    /// guessing with many chat accounts, each under its own limit.
    /// </summary>
    [Range(1, 100_000)]
    public int CodeFailuresPerMinute { get; set; } = 20;
}
