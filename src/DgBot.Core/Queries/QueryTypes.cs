using System.Text.Json.Serialization;
using DgBot.Core.Reference;

namespace DgBot.Core.Queries;

/// <summary>A unit as answers name it: id, canonical Thai name and population.</summary>
public sealed record UnitRef(string Id, string NameTh, string Kind);

[JsonConverter(typeof(JsonStringEnumConverter<ScoreScope>))]
public enum ScoreScope { Overall, Pillar, SubIndicator }

/// <summary>Which score a question is about: overall, one pillar (1–7) or one sub-indicator (e.g. 6.2).</summary>
public readonly record struct ScoreKey(ScoreScope Scope, string Key)
{
    public static ScoreKey Overall => new(ScoreScope.Overall, "");
    public static ScoreKey Pillar(int pillar) => new(ScoreScope.Pillar, pillar.ToString(System.Globalization.CultureInfo.InvariantCulture));
    public static ScoreKey SubIndicator(string code) => new(ScoreScope.SubIndicator, code);

    /// <summary>A sub-indicator wins over a pillar, which wins over overall.</summary>
    public static ScoreKey From(int? pillar, string? subIndicator) =>
        !string.IsNullOrEmpty(subIndicator) ? SubIndicator(subIndicator) : pillar is { } p ? Pillar(p) : Overall;

    /// <summary>The value of score.scope.</summary>
    public string ScopeName => Scope switch
    {
        ScoreScope.Overall => "overall",
        ScoreScope.Pillar => "pillar",
        _ => "sub_indicator",
    };
}

[JsonConverter(typeof(JsonStringEnumConverter<RankScope>))]
public enum RankScope { All, Ministry, Type, Region, Mission }

/// <summary>Canonical Thai names (and mission code) that narrow a question; null means any.</summary>
public sealed record UnitFilter(string? Ministry = null, string? AgencyType = null, string? Region = null, string? Mission = null)
{
    public static UnitFilter None { get; } = new();
    public bool IsEmpty => Ministry is null && AgencyType is null && Region is null && Mission is null;
}

/// <summary>Expected misses are values: a query that cannot answer says why.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<QueryIssue>))]
public enum QueryIssue
{
    None,
    UnknownUnit,
    UnknownYear,
    NotResponded,
    UnknownPillar,
    UnknownSubIndicator,
    ScopeNotApplicable,
    UnknownItem,
    UnknownLevel,
    /// <summary>The group is so small that its figures would tell single units' answers to a caller who may not see them (DESIGN §9).</summary>
    TooFewUnits,
    /// <summary>Two filters combined (or a filter with a grouping): for a caller who may see aggregates only, groups come from one
    /// national partition at a time, so no two of them differ by a few units (DESIGN §9).</summary>
    TooNarrow,
}

public static class QueryText
{
    public static bool IsPopulation(string? value) => value is not null && Population.IsValid(value);
}
