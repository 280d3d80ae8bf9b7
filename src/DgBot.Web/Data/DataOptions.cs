using System.ComponentModel.DataAnnotations;

namespace DgBot.Web.Data;

public sealed class DataOptions
{
    public const string Section = "Data";

    /// <summary>The SQLite file (Data:Path or Data__Path); empty means data/dgbot.db in the repository.</summary>
    public string? Path { get; set; }

    /// <summary>The data/ folder with reference/, scoring/ and demo/; empty means found from the working directory.</summary>
    public string? Directory { get; set; }

    /// <summary>The operational database (conversations, channel references, alerts); empty means beside Data:Path as *-state.db.</summary>
    public string? StatePath { get; set; }

    /// <summary>A conversation forgets its context after this many minutes of silence.</summary>
    [Range(1, 60 * 24 * 30)]
    public int ConversationMinutes { get; set; } = 12 * 60;

    /// <summary>Seed for the demo dataset built when the database is missing.</summary>
    [Range(0, int.MaxValue)]
    public int DemoSeed { get; set; } = DgBot.Core.Storage.DatabaseBuilder.DefaultSeed;
}
