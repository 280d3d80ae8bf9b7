using System.Text.Json;
using System.Text.Json.Serialization;

namespace DgBot.Core.Scoring;

public sealed record LevelBand(int Level, double Min);

public sealed record PointBand(double Min, int Points);

/// <summary>Points for one item: by option code for choice items, by value band for numeric items.</summary>
public sealed record ItemRule(IReadOnlyDictionary<string, int>? Points, IReadOnlyList<PointBand>? Bands)
{
    public int MaxPoints => Points is not null ? Points.Values.DefaultIfEmpty(0).Max() : Bands!.Max(b => b.Points);
}

public sealed record PopulationRules(IReadOnlyDictionary<string, ItemRule> Items, IReadOnlyDictionary<string, int> SubIndicatorMaxPoints);

/// <summary>DgBot's scoring rules (data/scoring/rules.json). The report publishes no formula, so these are ours and explicit.</summary>
public sealed class ScoringRules
{
    public required string Version { get; init; }
    public required int Rounding { get; init; }
    public required IReadOnlyList<LevelBand> LevelBands { get; init; }
    public required IReadOnlyDictionary<string, PopulationRules> Populations { get; init; }

    private (double Min, int Level)[]? _bands;

    public int LevelFor(double score)
    {
        var bands = _bands ??= LevelBands.Select(b => (b.Min, b.Level)).ToArray();
        var level = bands[0].Level;
        for (int i = 0; i < bands.Length; i++)
            if (score >= bands[i].Min) level = bands[i].Level;
        return level;
    }

    /// <summary>The lowest score of a level, used to say how far a unit is from the next one.</summary>
    public double MinScoreOf(int level) => LevelBands.First(b => b.Level == level).Min;

    public double Round(double value) => Math.Round(value, Rounding, MidpointRounding.AwayFromZero);

    public static ScoringRules Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Parse(stream, Path.GetFileName(path));
    }

    public static ScoringRules Parse(Stream json, string name = "rules.json")
    {
        var dto = JsonSerializer.Deserialize<RulesDto>(json, JsonOptions) ?? throw new InvalidDataException($"{name}: empty");
        if (dto.LevelBands is not { Count: > 0 }) throw new InvalidDataException($"{name}: levelBands is missing");
        if (dto.Populations is null) throw new InvalidDataException($"{name}: populations is missing");
        var bands = dto.LevelBands.OrderBy(b => b.Min).Select(b => new LevelBand(b.Level, b.Min)).ToList();
        if (bands[0].Min != 0) throw new InvalidDataException($"{name}: the first level band must start at 0");
        var pops = new Dictionary<string, PopulationRules>();
        foreach (var (pop, p) in dto.Populations)
        {
            var items = new Dictionary<string, ItemRule>();
            foreach (var (code, rule) in p.Items ?? [])
            {
                if ((rule.Points is null) == (rule.Bands is null))
                    throw new InvalidDataException($"{name}: {pop} item {code} needs exactly one of points or bands");
                items[code] = new ItemRule(rule.Points, rule.Bands?.OrderBy(b => b.Min).Select(b => new PointBand(b.Min, b.Points)).ToList());
            }
            pops[pop] = new PopulationRules(items, p.SubIndicatorMaxPoints ?? []);
        }
        return new ScoringRules { Version = dto.Version ?? "unversioned", Rounding = dto.Rounding ?? 2, LevelBands = bands, Populations = pops };
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip };

    private sealed class RulesDto
    {
        public string? Version { get; set; }
        public int? Rounding { get; set; }
        public List<BandDto>? LevelBands { get; set; }
        public Dictionary<string, PopulationDto>? Populations { get; set; }
    }
    private sealed class BandDto { public int Level { get; set; } public double Min { get; set; } }
    private sealed class PopulationDto
    {
        public Dictionary<string, ItemRuleDto>? Items { get; set; }
        public Dictionary<string, int>? SubIndicatorMaxPoints { get; set; }
    }
    private sealed class ItemRuleDto
    {
        public Dictionary<string, int>? Points { get; set; }
        public List<PointBandDto>? Bands { get; set; }
    }
    private sealed class PointBandDto { public double Min { get; set; } public int Points { get; set; } }
}
