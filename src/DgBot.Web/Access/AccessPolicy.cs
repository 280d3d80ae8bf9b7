using DgBot.Core.Catalog;
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
/// DESIGN §9 over the catalog (§4): each <see cref="FunctionCatalog"/> entry says who may call it; this decides a call from that
/// and the caller. A function outside the catalog is for full-access roles only.
/// </summary>
public static class AccessPolicy
{
    /// <summary>What the catalog says of a function; anything not in the catalog (under that plugin) is for full-access roles only.</summary>
    public static AccessKind KindOf(string plugin, string function) =>
        FunctionCatalog.Find(function) is { } f && f.Plugin == plugin ? f.Access : AccessKind.Full;

    /// <summary>Null when the caller may make this call; otherwise why not. <paramref name="targets"/> are the units the call is about, resolved.</summary>
    public static AccessDecision? Check(Caller caller, string plugin, string function, IReadOnlyList<UnitRef?> targets)
    {
        if (caller.SeesEverything) return null;
        var kind = KindOf(plugin, function);
        if (kind == AccessKind.Public) return null;
        if (!caller.Known) return new AccessDecision("not_registered");
        if (caller.Role != Roles.Dcio) return new AccessDecision("role");
        return kind switch
        {
            AccessKind.AggregateOrRank => null,
            // An unresolvable target counts as someone else's: a name that slips past resolution must not slip past access.
            AccessKind.OwnUnit when targets.Count > 0 && caller.Unit is { } own && targets.All(t => t?.Id == own.Id) => null,
            AccessKind.OwnUnit => new AccessDecision("other_unit", targets.FirstOrDefault(t => t is not null && t.Id != caller.Unit?.Id), caller.Unit),
            _ => new AccessDecision("role", null, caller.Unit),
        };
    }
}
