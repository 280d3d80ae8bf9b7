using DgBot.Core.Catalog;
using DgBot.Core.Queries;

namespace DgBot.Core.Language;

/// <summary>
/// Follow-ups (DESIGN §5, corpus convention 8): a turn that leaves things out takes them from the conversation. The rules in
/// IntentRules.cs decide that a turn is a follow-up; these build the call it makes from the previous one.
/// </summary>
public sealed partial class ThaiParser
{
    /// <summary>"แยกรายภาค", "รายกระทรวงล่ะ", "ตามประเภทหน่วยงาน": a grouping alone, after a distribution (or "แยก…" after another group
    /// question), splits that question's population.</summary>
    private static bool SplitsPrevious(Slots s, string? previousFunction) =>
        s.HasGroupByCue && (previousFunction == "level_distribution"
            || previousFunction is { } f && IsGroupFunction(f) && f is not ("recommendations" or "published_figure") && s.Q.Compact.Contains("แยก", StringComparison.Ordinal));

    /// <summary>A question about a population of units ("จังหวัดอีสาน…"), which the next group question may carry on.</summary>
    private static bool Continues(string function) => FunctionCatalog.Find(function) is { AboutGroups: true, Plugin: not FunctionCatalog.Report };

    /// <summary>A question about groups, the report or its recommendations, as opposed to one about named units.</summary>
    private static bool IsGroupFunction(string function) => FunctionCatalog.Find(function) is { AboutGroups: true };

    private IReadOnlyList<UnitRef> PreviousUnits(ConversationState state) =>
        state.Arguments.TryGetValue("units", out var v) && v is string[] ids
            ? ids.Select(id => gazetteer.UnitsById.TryGetValue(id, out var u) ? new UnitRef(u.Id, u.NameTh, u.Kind) : new UnitRef(id, id, "")).ToList()
            : [];

    private ParsedQuestion FollowUpCompare(Slots s, ConversationState state)
    {
        var args = new Dictionary<string, object?>(state.Arguments);
        var ids = (args["units"] as string[]) ?? [];
        if (s.Pillar is not null || s.SubIndicator is not null || s.Has(Cues.Overall)) { args.Remove("pillar"); args.Remove("sub_indicator"); AddScoreKey(args, s, state, inherit: false); }
        if (s.Year is { } y) { if (y == latestYear()) args.Remove("year"); else args["year"] = y; }
        var units = ids.Select(id => gazetteer.UnitsById.TryGetValue(id, out var u) ? new UnitRef(u.Id, u.NameTh, u.Kind) : new UnitRef(id, id, "")).ToList();
        return Call("compare_units", args, units);
    }

    /// <summary>The previous group question again with what this one changes (a region, a year, a pillar, a type...).</summary>
    private ParsedQuestion Reuse(string function, Slots s, ConversationState state)
    {
        if (IsUnitFunction(function) || function == "compare_units") return new ParsedQuestion("out_of_scope", null, new Dictionary<string, object?>(), [], []);
        var accepted = FunctionCatalog.Get(function);
        var args = state.Arguments.Where(a => accepted.Takes(a.Key)).ToDictionary(a => a.Key, a => a.Value);
        switch (function)
        {
            case "recommendations":
                if (s.RecommendationArea is { } area) args["area"] = area;
                return Call(function, args, []);
            case "published_figure":
                // A report figure after another kind of question ("…ระดับ 1" then "อัตราการตอบกลับเท่าไหร่") starts fresh: the list's
                // population is not the figure's.
                if (state.Function != function) args.Clear();
                if (s.FigureTopic is { } topic) args["topic"] = topic;
                if (s.FigurePopulation is { } population) args["population"] = population;
                return Call(function, args, []);
            case "describe":
                return Call(function, args, []);
        }
        if (s.Pillar is not null || s.SubIndicator is not null) { args.Remove("pillar"); args.Remove("sub_indicator"); }
        if (function == "item_statistic" && s.Population is { } newPopulation && args.TryGetValue("item", out var item) && item is string code)
            args["item"] = gazetteer.ItemFor(code, newPopulation, args.GetValueOrDefault("population") as string) ?? code;
        ApplyAnalytics(function, args, s, state, reuse: true);
        return Call(function, args, []);
    }

}
