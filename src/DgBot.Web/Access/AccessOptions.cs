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
}
