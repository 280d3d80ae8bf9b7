namespace DgBot.Core.Catalog;

/// <summary>Who may call a function (DESIGN §9); the access policy reads it from the catalog, so a function is decided once.</summary>
public enum AccessKind
{
    /// <summary>The report's own published national figures and the framework's definitions: anyone.</summary>
    Public,
    /// <summary>Aggregates and ranks: any registered user, about any unit (other units' scores taken out for a dcio).</summary>
    AggregateOrRank,
    /// <summary>One unit's details: a dcio for their own unit only.</summary>
    OwnUnit,
    /// <summary>Other units' details in bulk (who rose or fell, who is at risk): analyst, executive, admin.</summary>
    Full,
}

/// <summary>One catalog function (DESIGN §4): its ASCII name, plugin, the argument names it takes, and who may call it.</summary>
public sealed record CatalogFunction(string Name, string Plugin, IReadOnlyList<string> Parameters, AccessKind Access)
{
    /// <summary>Takes a survey year; an answer names the round it used, so a call without one is traced with the latest.</summary>
    public bool TakesYear => Parameters.Contains("year");

    /// <summary>About one named unit (unit_profile, unit_rank …), as opposed to a group or the report.</summary>
    public bool AboutOneUnit => Parameters.Contains("unit");

    /// <summary>Answers from the survey data (and so from the synthetic demo set when that is loaded), not from the report or framework.</summary>
    public bool UsesSurveyData => Plugin is FunctionCatalog.Maturity or FunctionCatalog.Analytics or FunctionCatalog.Risk;

    /// <summary>About groups of units, the report or its recommendations: neither named units nor the framework's definitions.</summary>
    public bool AboutGroups => !AboutOneUnit && !Takes("units") && Plugin != FunctionCatalog.Framework;

    /// <summary>Answers with a set of units of one population (a list, a distribution, a statistic over them).</summary>
    public bool OverPopulation => Takes("population") && Plugin != FunctionCatalog.Report;

    public bool Takes(string parameter) => Parameters.Contains(parameter);
}

/// <summary>
/// The function catalog, defined here once: the parser, the kernel registration, the access policy, the chat pipeline, the
/// model's argument checks and the tests all read it. Adding a function means one line here and its plugin method; the host
/// refuses to start when the two disagree.
/// </summary>
public static class FunctionCatalog
{
    public const string Maturity = "maturity";
    public const string Analytics = "analytics";
    public const string Report = "report";
    public const string Risk = "risk";
    public const string Framework = "framework";

    private static readonly string[] Filters = ["ministry", "agency_type", "region", "mission"];
    private static readonly string[] Levels = ["level", "levels", "min_level", "max_level"];

    public static IReadOnlyList<CatalogFunction> All { get; } =
    [
        new("unit_profile", Maturity, ["unit", "year", "pillar", "sub_indicator"], AccessKind.OwnUnit),
        new("unit_rank", Maturity, ["unit", "scope", "pillar", "sub_indicator", "year"], AccessKind.AggregateOrRank),
        new("unit_gaps", Maturity, ["unit", "pillar", "sub_indicator", "year"], AccessKind.OwnUnit),
        new("unit_trend", Maturity, ["unit", "pillar", "sub_indicator"], AccessKind.OwnUnit),
        new("compare_units", Maturity, ["units", "pillar", "sub_indicator", "year"], AccessKind.OwnUnit),
        new("unit_vs_group", Maturity, ["unit", "scope", "pillar", "sub_indicator", "year"], AccessKind.OwnUnit),
        new("level_distribution", Analytics, ["population", "pillar", "sub_indicator", "year", "group_by", .. Filters], AccessKind.AggregateOrRank),
        new("list_units", Analytics, ["population", "pillar", "sub_indicator", .. Levels, .. Filters, "year"], AccessKind.AggregateOrRank),
        new("top_units", Analytics, ["population", "order", "n", "pillar", "sub_indicator", .. Filters, "year"], AccessKind.AggregateOrRank),
        new("movers", Analytics, ["population", "direction", "pillar", "sub_indicator", "from_year", "to_year", "ministry", "region", "mission"], AccessKind.Full),
        new("item_statistic", Analytics, ["item", "population", "year", .. Filters], AccessKind.AggregateOrRank),
        new("group_summary", Analytics, ["population", "statistic", "group_by", "pillar", "sub_indicator", .. Levels, .. Filters, "year"], AccessKind.AggregateOrRank),
        new("published_figure", Report, ["topic", "population"], AccessKind.Public),
        new("recommendations", Report, ["area"], AccessKind.Public),
        new("risk_watchlist", Risk, ["population", "n", "ministry", "region", "min_probability"], AccessKind.Full),
        new("unit_risk", Risk, ["unit"], AccessKind.OwnUnit),
        new("describe", Framework, ["pillar", "sub_indicator", "level"], AccessKind.Public),
    ];

    private static readonly Dictionary<string, CatalogFunction> ByName = All.ToDictionary(f => f.Name, StringComparer.Ordinal);

    public static IReadOnlyList<string> Plugins { get; } = All.Select(f => f.Plugin).Distinct().ToList();

    public static CatalogFunction? Find(string name) => ByName.GetValueOrDefault(name);

    public static CatalogFunction Get(string name) =>
        Find(name) ?? throw new ArgumentException($"'{name}' is not a catalog function", nameof(name));

    public static bool IsFunction(string name) => ByName.ContainsKey(name);
}
