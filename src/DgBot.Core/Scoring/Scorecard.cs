namespace DgBot.Core.Scoring;

public enum ItemOutcome
{
    /// <summary>Earned the item's full points.</summary>
    Earned,
    /// <summary>Earned some but not all points.</summary>
    Partial,
    /// <summary>Answered, earned nothing.</summary>
    Missed,
    /// <summary>No answer recorded.</summary>
    Unanswered,
    /// <summary>Not asked because an earlier answer ruled it out; it still counts toward the maximum.</summary>
    NotAsked,
}

public sealed record ItemScore(string Item, string? Answer, int Points, int MaxPoints, ItemOutcome Outcome);

public sealed record SubIndicatorScore(string Code, int Pillar, double Score, int Level, int EarnedPoints, int MaxPoints,
    IReadOnlyList<ItemScore> Items);

public sealed record PillarScore(int Pillar, double Score, int Level);

/// <summary>One unit-round, scored: overall, the seven pillars, every sub-indicator and the per-item breakdown.</summary>
public sealed record Scorecard(string Population, double Score, int Level, IReadOnlyList<PillarScore> Pillars,
    IReadOnlyList<SubIndicatorScore> SubIndicators);
