using DgBot.Core.Queries;

namespace DgBot.Core.Risk;

/// <summary>The status values of the risk records (DESIGN §4 risk functions).</summary>
public static class RiskStatus
{
    public const string Ok = "ok";
    /// <summary>No trained model is loaded: the bot says so rather than guessing.</summary>
    public const string NotAvailable = "not_available";
    public const string UnknownUnit = "unknown_unit";
    /// <summary>The unit did not answer the latest round, so there is nothing to project from.</summary>
    public const string NotResponded = "not_responded";
}

/// <summary>
/// One fact of a unit that pushed its estimate up: <see cref="Kind"/> names the template (prompts/answers.th.json
/// "risk.reason.*"), <see cref="Facts"/> holds the unit's own numbers and codes, <see cref="Weight"/> the model's
/// feature contribution (raw score units, summed over the features behind the fact).
/// </summary>
public sealed record RiskReason(string Kind, double Weight, IReadOnlyDictionary<string, object> Facts);

/// <summary>A unit's estimated probability of a lower overall level in <see cref="NextYear"/> than in <see cref="Year"/>.</summary>
public sealed record UnitRiskEstimate(UnitRef Unit, int Year, int NextYear, double Probability, int Level, double Score,
    IReadOnlyList<RiskReason> Reasons);

/// <summary>What the answer quotes from the model card: the forward test the estimate's reliability rests on.</summary>
public sealed record RiskModelInfo(string Trainer, bool Synthetic, string TestTransition, int TestUnits, double BaseRate,
    double PrecisionAt10, double PrecisionAt20, double RecallAt10, double RecallAt20, double AucPr, double AucRoc);

public sealed record UnitRisk(string Status, UnitRef? Unit, UnitRiskEstimate? Estimate, RiskModelInfo? Model, int? LatestYear = null)
{
    public static UnitRisk NotAvailable(UnitRef? unit = null) => new(RiskStatus.NotAvailable, unit, null, null);
}

public sealed record RiskWatchlist(string Status, string? Population, UnitFilter Filter, double? MinProbability, int N, int Year, int NextYear,
    int Scored, IReadOnlyList<UnitRiskEstimate> Units, RiskModelInfo? Model)
{
    public static RiskWatchlist NotAvailable(string? population, UnitFilter filter, double? minProbability, int n) =>
        new(RiskStatus.NotAvailable, population, filter, minProbability, n, 0, 0, 0, [], null);
}
