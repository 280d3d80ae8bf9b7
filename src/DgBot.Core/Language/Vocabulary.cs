using System.Reflection;
using System.Text.Json;

namespace DgBot.Core.Language;

/// <summary>
/// The parser's vocabulary, kept as data under data/language/ (cue words, aliases, everyday terms) and compiled into the
/// assembly, so the words can be changed without touching the code that reads them and every host finds them wherever it runs.
/// </summary>
internal static class Vocabulary
{
    private static readonly Lazy<JsonElement> Cues = new(() => Load("cues.json"));
    private static readonly Lazy<JsonElement> Names = new(() => Load("gazetteer.json"));

    private static JsonElement Load(string file)
    {
        var name = "DgBot.Core.Language." + file;
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"the vocabulary file data/language/{file} is not compiled into DgBot.Core");
        using var doc = JsonDocument.Parse(stream);
        return doc.RootElement.Clone();
    }

    private static JsonElement Entry(Lazy<JsonElement> file, string key) =>
        file.Value.TryGetProperty(key, out var value) ? value : throw new KeyNotFoundException($"data/language has no vocabulary list '{key}'");

    private static string[] Strings(JsonElement list) => list.EnumerateArray().Select(e => e.GetString()!).ToArray();

    /// <summary>A list of cue words (data/language/cues.json).</summary>
    public static string[] Cue(string key) => Strings(Entry(Cues, key));

    /// <summary>A list of [word, meaning] pairs (data/language/cues.json).</summary>
    public static (string, string)[] CuePairs(string key) =>
        Entry(Cues, key).EnumerateArray().Select(p => (p[0].GetString()!, p[1].GetString()!)).ToArray();

    /// <summary>A list of words (data/language/gazetteer.json).</summary>
    public static string[] Words(string key) => Strings(Entry(Names, key));

    /// <summary>Aliases by canonical code (data/language/gazetteer.json).</summary>
    public static Dictionary<string, string[]> Aliases(string key) =>
        Entry(Names, key).EnumerateObject().ToDictionary(p => p.Name, p => Strings(p.Value), StringComparer.Ordinal);

    /// <summary>A list of [term, meaning] pairs (data/language/gazetteer.json).</summary>
    public static (string, string)[] Pairs(string key) =>
        Entry(Names, key).EnumerateArray().Select(p => (p[0].GetString()!, p[1].ValueKind == JsonValueKind.Number ? p[1].GetRawText() : p[1].GetString()!)).ToArray();
}
