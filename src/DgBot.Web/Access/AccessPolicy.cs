using DgBot.Core.Access;
using DgBot.Core.Queries;

namespace DgBot.Web.Access;

/// <summary>Why a call was refused: "not_registered" (unknown user), "other_unit" (a dcio asking another unit's details),
/// "role" (the role may not use the function at all). <see cref="RankInstead"/> is the unit whose public rank can be offered.</summary>
public sealed record AccessDecision(string Reason, UnitRef? RankInstead = null, UnitRef? OwnUnit = null);

/// <summary>Thrown by the kernel's access filter instead of running a function; the function's data never exists.</summary>
public sealed class AccessRefusedException(string plugin, string function, AccessDecision decision)
    : Exception($"access refused: {plugin}-{function} ({decision.Reason})")
{
    public string Plugin { get; } = plugin;
    public string Function { get; } = function;
    public AccessDecision Decision { get; } = decision;
}

/// <summary>
/// DESIGN §9 as one table over the catalog (§4). A function missing from the table is for full-access roles only, so a new
/// function is closed until someone decides who may see it.
/// </summary>
public static class AccessPolicy
{
    public enum Kind
    {
        /// <summary>The report's own published national figures and the framework's definitions: anyone.</summary>
        Public,
        /// <summary>Aggregates and ranks: any registered user, about any unit.</summary>
        AggregateOrRank,
        /// <summary>One unit's details: a dcio for their own unit only.</summary>
        OwnUnit,
        /// <summary>Other units' details in bulk (who rose or fell, who is at risk): analyst, executive, admin.</summary>
        Full,
    }

    public static readonly IReadOnlyDictionary<string, Kind> Catalog = new Dictionary<string, Kind>
    {
        ["report.published_figure"] = Kind.Public,
        ["report.recommendations"] = Kind.Public,
        ["framework.describe"] = Kind.Public,
        ["analytics.level_distribution"] = Kind.AggregateOrRank,
        ["analytics.item_statistic"] = Kind.AggregateOrRank,
        ["analytics.top_units"] = Kind.AggregateOrRank,
        ["analytics.list_units"] = Kind.AggregateOrRank,
        ["maturity.unit_rank"] = Kind.AggregateOrRank,
        ["maturity.unit_profile"] = Kind.OwnUnit,
        ["maturity.unit_gaps"] = Kind.OwnUnit,
        ["maturity.unit_trend"] = Kind.OwnUnit,
        ["maturity.compare_units"] = Kind.OwnUnit,
        ["risk.unit_risk"] = Kind.OwnUnit,
        ["analytics.movers"] = Kind.Full,
        ["risk.risk_watchlist"] = Kind.Full,
    };

    public static Kind KindOf(string plugin, string function) => Catalog.GetValueOrDefault(plugin + "." + function, Kind.Full);

    /// <summary>Null when the caller may make this call; otherwise why not. <paramref name="targets"/> are the units the call is about, resolved.</summary>
    public static AccessDecision? Check(Caller caller, string plugin, string function, IReadOnlyList<UnitRef?> targets)
    {
        if (caller.SeesEverything) return null;
        var kind = KindOf(plugin, function);
        if (kind == Kind.Public) return null;
        if (!caller.Known) return new AccessDecision("not_registered");
        if (caller.Role != Roles.Dcio) return new AccessDecision("role");
        return kind switch
        {
            Kind.AggregateOrRank => null,
            // An unresolvable target counts as someone else's: a name that slips past resolution must not slip past access.
            Kind.OwnUnit when targets.Count > 0 && caller.Unit is { } own && targets.All(t => t?.Id == own.Id) => null,
            Kind.OwnUnit => new AccessDecision("other_unit", targets.FirstOrDefault(t => t is not null && t.Id != caller.Unit?.Id), caller.Unit),
            _ => new AccessDecision("role", null, caller.Unit),
        };
    }
}
