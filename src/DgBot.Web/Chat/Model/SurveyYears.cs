using DgBot.Core.Storage;
using DgBot.Web.Data;

namespace DgBot.Web.Chat.Model;

/// <summary>The survey rounds (Buddhist Era) that have scores, read once per version of the database file.</summary>
public sealed class SurveyYears(DatabaseLocation database)
{
    private sealed record Snapshot(string Version, IReadOnlySet<int> Years);

    // One reference, so a reader never sees one version's years under another's stamp.
    private Snapshot? _current;

    public IReadOnlySet<int> Current()
    {
        var file = new FileInfo(database.Path);
        var version = $"{file.LastWriteTimeUtc.Ticks}:{(file.Exists ? file.Length : 0)}";
        if (Volatile.Read(ref _current) is { } c && c.Version == version) return c.Years;
        using var connection = Database.Open(database.Path, readOnly: true);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT year FROM score ORDER BY year";
        var years = new SortedSet<int>();
        using (var reader = command.ExecuteReader())
            while (reader.Read()) years.Add(reader.GetInt32(0));
        Volatile.Write(ref _current, new Snapshot(version, years));
        return years;
    }
}
