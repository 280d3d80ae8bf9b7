using System.Text.Json;
using System.Text.Json.Serialization;

namespace DgBot.Core.Reference;

/// <summary>One figure printed in the 2567 report, with the line it comes from.</summary>
public sealed record PublishedFigure(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("population")] string Population,
    [property: JsonPropertyName("year")] int Year,
    [property: JsonPropertyName("pillar")] int? Pillar,
    [property: JsonPropertyName("sub_indicator")] string? SubIndicator,
    [property: JsonPropertyName("metric")] string Metric,
    [property: JsonPropertyName("value")] double Value,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("source_line")] int SourceLine,
    [property: JsonPropertyName("thai_text")] string ThaiText)
{
    public static IReadOnlyList<PublishedFigure> Load(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<List<PublishedFigure>>(stream)
               ?? throw new InvalidDataException($"{path}: no figures");
    }
}
