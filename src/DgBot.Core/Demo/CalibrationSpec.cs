using System.Text.Json;
using System.Text.Json.Serialization;

namespace DgBot.Core.Demo;

/// <summary>An exact answer count the 2567 demo round must have for one option of one item.</summary>
public sealed record ItemTarget(string Population, string Item, string Option, int Count, string? Figure, string? Base);

/// <summary>A count of units at some levels of one scope (overall, a pillar or a sub-indicator), optionally in a group.</summary>
public sealed record LevelTarget(string? Figure, string? Label, string Population, string Scope, string Key, IReadOnlyList<int> Levels,
    int Count, IReadOnlyDictionary<string, string>? Group, bool Modal);

/// <summary>The named pillar has the largest share at <see cref="Levels"/> among <see cref="Among"/> ("most/least outstanding").</summary>
public sealed record ExtremeTarget(string Note, string Population, string Scope, string Key, IReadOnlyList<int> Levels, IReadOnlyList<string> Among);

/// <summary>How the overall level distribution moved from the previous round (the report gives directions, not numbers).</summary>
public sealed record DirectionTarget(string Note, string Population, IReadOnlyList<int> Up, IReadOnlyList<int> Down, IReadOnlyList<int> Same, IReadOnlyList<int> Zero);

/// <summary>A sum of a numeric item over a number of respondents (e.g. total staff 762,715 over 286 departments).</summary>
public sealed record NumericTotal(string Population, string Item, int Respondents, long Total, string? Figure);

public sealed class CalibrationSpec
{
    public required int Year { get; init; }
    public required IReadOnlyDictionary<string, int> Respondents { get; init; }
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Groups { get; init; }
    public required IReadOnlyList<ItemTarget> ItemTargets { get; init; }
    public required IReadOnlyList<LevelTarget> LevelTargets { get; init; }
    public required IReadOnlyList<ExtremeTarget> Extremes { get; init; }
    public required IReadOnlyList<DirectionTarget> Directions { get; init; }
    public required IReadOnlyList<NumericTotal> NumericTotals { get; init; }

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    public static CalibrationSpec Load(string path)
    {
        using var stream = File.OpenRead(path);
        var dto = JsonSerializer.Deserialize<Dto>(stream, Options) ?? throw new InvalidDataException($"{path}: empty");
        return new CalibrationSpec
        {
            Year = dto.Year,
            Respondents = dto.Respondents ?? [],
            Groups = (dto.Groups ?? []).ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, int>)g.Value),
            ItemTargets = dto.ItemTargets ?? [],
            LevelTargets = (dto.LevelTargets ?? []).Select(t => new LevelTarget(t.Figure, t.Label, t.Population, t.Scope, t.Key ?? "",
                t.Levels ?? [], t.Count, t.Group, t.Modal)).ToList(),
            Extremes = dto.Extremes ?? [],
            Directions = dto.Directions ?? [],
            NumericTotals = dto.NumericTotals ?? [],
        };
    }

    private sealed class Dto
    {
        public int Year { get; set; }
        public Dictionary<string, int>? Respondents { get; set; }
        public Dictionary<string, Dictionary<string, int>>? Groups { get; set; }
        public List<ItemTarget>? ItemTargets { get; set; }
        public List<LevelDto>? LevelTargets { get; set; }
        public List<ExtremeTarget>? Extremes { get; set; }
        public List<DirectionTarget>? Directions { get; set; }
        public List<NumericTotal>? NumericTotals { get; set; }
    }

    private sealed class LevelDto
    {
        public string? Figure { get; set; }
        public string? Label { get; set; }
        public string Population { get; set; } = "";
        public string Scope { get; set; } = "";
        public string? Key { get; set; }
        public List<int>? Levels { get; set; }
        public int Count { get; set; }
        public Dictionary<string, string>? Group { get; set; }
        public bool Modal { get; set; }
    }
}
