namespace DgBot.Core;

/// <summary>Where data/ lives: the DGBOT_DATA_DIR variable, else the nearest data/ folder holding reference/ above the app or the working directory.</summary>
public static class DataPaths
{
    public const string DatabaseFileName = "dgbot.db";

    public static string FindDataDirectory()
    {
        if (Environment.GetEnvironmentVariable("DGBOT_DATA_DIR") is { Length: > 0 } env) return Path.GetFullPath(env);
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "data");
                if (Directory.Exists(Path.Combine(candidate, "reference"))) return candidate;
            }
        }
        throw new DirectoryNotFoundException("cannot find the data/ folder (with data/reference/); set DGBOT_DATA_DIR");
    }

    public static string DefaultDatabasePath(string dataDirectory) => Path.Combine(dataDirectory, DatabaseFileName);

    /// <summary>The report's 815 published figures (a copy of shared/reference/published-aggregates.json).</summary>
    public static string PublishedFiguresPath(string dataDirectory) => Path.Combine(dataDirectory, "reference", "published-aggregates.json");

    public static string RulesPath(string dataDirectory) => Path.Combine(dataDirectory, "scoring", "rules.json");

    public static string CalibrationPath(string dataDirectory) => Path.Combine(dataDirectory, "demo", "calibration.json");
}
