using DgBot.Core.Catalog;
using DgBot.Core.Queries;
using DgBot.Core.Reference;

namespace DgBot.Core.Language;

/// <summary>
/// How the parser decides what a question asks: an ordered table of named rules over the question's slots and the
/// conversation. The first rule that answers wins; a few rules only adjust the reading for the rules after them (a follow-up
/// that keeps the previous function, a topic word that is not a report question). The rule that fired travels with the parse
/// (<see cref="ParsedQuestion.Rule"/>), so `dgbot parse` shows why a question was read as it was, and a new class of question
/// is a new row here rather than another branch in a cascade.
/// </summary>
public sealed partial class ThaiParser
{
    /// <summary>One step of the decision. <see cref="Apply"/> returns the parse, or null to let the next rule decide.</summary>
    private sealed record IntentRule(string Name, Func<ThaiParser, Decision, ParsedQuestion?> Apply);

    /// <summary>What the rules read: the slots, the conversation, and the readings earlier rules may have adjusted.</summary>
    private sealed class Decision(Slots s, ConversationState state)
    {
        public Slots S { get; } = s;
        public ConversationState State { get; } = state;
        /// <summary>The units named, with the user's own unit first when they said "หน่วยงานของผม".</summary>
        public List<UnitRef> Units { get; set; } = s.Units;
        public bool Mine { get; } = s.HasText(Cues.Mine);
        public string? PreviousFunction => State.Function;
        public UnitRef? Focus => State.Focus;
        public bool FollowUp { get; set; }
        public string? Analytic { get; set; } = AnalyticsFunction(s);
        public string? UnitFunction { get; } = ThaiParser.UnitFunction(s, state);
        public bool ReportAsked { get; } = s.HasReport || s.RecommendAsked;

        /// <summary>Only a describe word proper keeps it a description: "ระดับ 4 ต้องทำอะไรบ้าง" with a unit in focus asks for its gaps.</summary>
        public bool DescribedOnlyByAsk => Analytic == "describe" && !S.Has(Cues.Describe) && !S.Has(Cues.FrameworkQuestion) && !S.Has(Cues.Framework);

        /// <summary>"จุดอ่อนคืออะไร" with a unit in focus: a gaps word asks about that unit; "คืออะไร" only asks for the answer. A level
        /// or a framework word keeps it a description ("ระดับ 4 คืออะไร").</summary>
        public bool GapsOverGenericDescribe => Analytic == "describe" && UnitFunction == "unit_gaps" && S.Levels.Count == 0
            && !S.Has(Cues.FrameworkQuestion) && !S.Has(Cues.Framework) && !S.Has(Cues.DescribeAsk);
    }

    private static ParsedQuestion Intent(string intent, string? reason = null, IReadOnlyList<UnitRef>? candidates = null) =>
        new(intent, null, new Dictionary<string, object?>(), [], candidates ?? [], reason);

    private ParsedQuestion Decide(Slots s, ConversationState state)
    {
        var d = new Decision(s, state);
        if (d.Mine && state.MyUnit is not null && !d.Units.Any(u => u.Id == state.MyUnit.Id)) d.Units = [state.MyUnit, .. d.Units];
        d.FollowUp = d.PreviousFunction is { } previous && (s.IsFollowUp || s.HasText(Cues.Only) || !s.HasFunctionWord && s.HasAnySlot
            || previous == "movers" && s.YearRange is not null && d.Units.Count == 0
            || SplitsPrevious(s, previous) && d.Units.Count == 0);
        foreach (var rule in Rules)
            if (rule.Apply(this, d) is { } parsed)
                return parsed with { Rule = parsed.Rule ?? rule.Name };
        throw new InvalidOperationException("the last intent rule always answers");
    }

    /// <summary>What was asked of the unit that needs a clarification; only when the question says it (a bare "กทม.ล่ะ" keeps the last one).</summary>
    private ParsedQuestion? AskedOfUnit(Decision d)
    {
        if (d.UnitFunction is not { } asked) return null;
        var call = UnitCall(asked, new UnitRef("", "", Population.Province), d.S, d.State, inherit: false);
        return call with { Arguments = call.Arguments.Where(a => a.Key != "unit").ToDictionary(a => a.Key, a => a.Value), Units = [] };
    }

    private ParsedQuestion? PickFromCandidates(Decision d)
    {
        var state = d.State;
        if (state.PendingCandidates.Count == 0 || state.PendingQuestion is null || PickCandidate(d.S, state) is not { } picked) return null;
        var cleared = state with { PendingCandidates = [], PendingQuestion = null, PendingSubject = null };
        var pending = new QuestionText(state.PendingQuestion).Normalized;
        var retry = state.PendingSubject is { Length: > 0 } subject && pending.Contains(subject, StringComparison.Ordinal)
            ? Parse(pending.Replace(subject, " " + picked.NameTh + " ", StringComparison.Ordinal), cleared)
            : Parse(state.PendingQuestion, cleared with { Focus = picked });
        return retry.Intent != "clarify" ? retry : null;
    }

    private static IntentRule Rule(string name, Func<ThaiParser, Decision, ParsedQuestion?> apply) => new(name, apply);

    /// <summary>A rule that only changes the reading for the rules after it.</summary>
    private static IntentRule Adjust(string name, Action<Decision> adjust) => new(name, (_, d) => { adjust(d); return null; });

    private static readonly IntentRule[] Rules =
    [
        // ---- refusals: whatever else the question says
        Rule("empty", (_, d) => d.S.Q.Compact.Length == 0 ? d.S.IsAdversarial ? Intent("out_of_scope", "adversarial") : Intent("help") : null),
        // Requests for secrets or other people's data are refused whatever else the question says; an injection or SQL wrapped
        // around a real survey question is answered as that question (the payload changes nothing: it is never executed).
        Rule("refuse: secrets, tampering or dictated numbers", (_, d) =>
            d.S.HasText(Cues.Private) || d.S.HasText(Cues.Tamper) || d.S.DictatesNumbers ? Intent("out_of_scope", "adversarial") : null),
        Rule("refuse: another survey", (_, d) => d.S.HasText(Cues.OtherSurvey) ? Intent("out_of_scope") : null),
        Rule("refuse: a payload with no survey question", (_, d) =>
            d.S.IsAdversarial && d.S.Units.Count == 0 && !d.S.HasCatalogCue ? Intent("out_of_scope", "adversarial") : null),
        Rule("refuse: off topic", (_, d) =>
            d.S.HasText(Cues.OffTopic) && !d.S.Has(Cues.LevelWord) && !d.S.Has(Cues.ScoreWord) ? Intent("out_of_scope") : null),

        // ---- conversation moves
        Rule("clarify: a pick from the candidates offered", (p, d) => p.PickFromCandidates(d)),
        Rule("clarify: my unit is not known", (_, d) =>
            d.Mine && d.State.MyUnit is null && d.Units.Count == 0 && !(d.S.HasText(Cues.SetContext) && d.S.Units.Count == 1) ? Intent("clarify", "my_unit_unknown") : null),
        Rule("alerts: unsubscribe", (_, d) =>
            d.S.HasText(Cues.Unsubscribe) || d.S.HasText(Cues.Subscribe) && d.S.HasText(Cues.Negation)
            || d.State.LastIntent == "subscribe_alerts" && d.S.HasText(Cues.Negation) && d.Units.Count == 0 ? Alerts("unsubscribe_alerts", d.S) : null),
        Rule("alerts: subscribe", (_, d) => d.S.HasText(Cues.Subscribe) ? Alerts("subscribe_alerts", d.S) : null),
        // "เฉพาะกระทรวงการคลังนะ", "และความเสี่ยงเกิน 60% เท่านั้น" right after subscribing: the filter narrows that subscription and
        // keeps the rest of its scope (convention 8), rather than starting a new question.
        Rule("alerts: narrow the subscription", (_, d) =>
            d.State.LastIntent == "subscribe_alerts" && d.Units.Count == 0 && d.S.Ambiguous is null && d.S.OnlyNarrowsAlerts
                ? Alerts("subscribe_alerts", d.S, d.State.Subscription) : null),
        Rule("set_context", (_, d) => d.S.HasText(Cues.SetContext) && d.Units.Count == 1 && !d.S.HasStrongCue
            ? new ParsedQuestion("set_context", null, new Dictionary<string, object?> { ["unit"] = d.Units[0].Id }, d.Units, []) : null),
        Rule("greeting", (_, d) => d.S.IsGreeting && d.Units.Count == 0 && d.S.Ambiguous is null && !d.S.HasAnyFunctionCue ? Intent("greeting") : null),
        Rule("help", (_, d) => d.S.HasText(Cues.Help) && d.Units.Count == 0 && !d.S.HasAnyFunctionCue ? Intent("help") : null),
        Rule("clarify: not surveyed (Bangkok, Pattaya)", (p, d) => d.S.NotSurveyed is { } notSurveyed && d.Units.Count == 0
            ? Intent("clarify", notSurveyed.Value == "bangkok" ? "bangkok" : "not_surveyed") with { Subject = notSurveyed.NameTh, Asked = p.AskedOfUnit(d) }
            : null),
        Rule("clarify: an ambiguous name", (p, d) => d.S.Ambiguous is { } ambiguous && d.Units.Count == 0
            ? new ParsedQuestion("clarify", null, new Dictionary<string, object?>(), [], ambiguous.Entities.Where(e => e.Kind == EntityKind.Unit).Select(e => e.AsUnit()).ToList(),
                "ambiguous", d.S.Q.NormalizedSpan(ambiguous.Start, ambiguous.End)) { Asked = p.AskedOfUnit(d) }
            : null),

        // ---- questions naming units
        Rule("compare: two or more units named", (p, d) =>
        {
            if (d.Units.Count < 2 || d.S.HasText(Cues.SetContext)) return null;
            // "เพิ่ม ธอส. ด้วย" / "เทียบกับอุดรกับเลย": the units already compared stay in.
            var all = (d.S.HasText(Cues.Add) && d.PreviousFunction == "compare_units" ? p.PreviousUnits(d.State).Concat(d.Units) : d.Units).DistinctBy(u => u.Id).ToList();
            if (d.S.Has(Cues.Compare) && d.Focus is { } focus && !all.Any(u => u.Id == focus.Id) && d.S.Q.Compact.StartsWith("เทียบกับ", StringComparison.Ordinal)) all.Insert(0, focus);
            return p.Compare(all, d.S, d.State, inherit: d.FollowUp && d.PreviousFunction == "compare_units");
        }),
        Rule("compare: add a unit", (p, d) => d.Units.Count == 1 && d.PreviousFunction == "compare_units" && d.S.HasText(Cues.Add)
            ? p.Compare(p.PreviousUnits(d.State).Append(d.Units[0]).DistinctBy(u => u.Id).ToList(), d.S, d.State, inherit: true) : null),
        Rule("compare: the unit in focus with the one named", (p, d) =>
            d.Units.Count == 1 && d.Focus is { } previous && previous.Id != d.Units[0].Id && d.S.Has(Cues.Compare) && !d.S.HasGroupScope
                ? p.Compare([previous, d.Units[0]], d.S, d.State, inherit: true) : null),
        Rule("unit: one unit named", (p, d) =>
        {
            if (d.Units.Count == 0) return null;
            var inheritUnitFunction = d.PreviousFunction is { } f && IsUnitFunction(f) && (d.S.IsFollowUp || !d.S.HasAnyFunctionCue);
            var function = d.UnitFunction ?? (inheritUnitFunction ? d.PreviousFunction! : "unit_profile");
            return p.UnitCall(function, d.Units[0], d.S, d.State, inherit: inheritUnitFunction);
        }),
        Rule("clarify: a name that is no unit", (p, d) => d.S.UnknownUnitPhrase is { } unknownName
            ? Intent("clarify", "unknown_unit", p.Gazetteer.Suggest(unknownName).Select(e => e.AsUnit()).ToList()) with { Subject = unknownName, Asked = p.AskedOfUnit(d) }
            : null),

        // ---- follow-ups about units already talked about
        Rule("compare: the last two units talked about", (p, d) =>
            (d.S.Has(Cues.Compare) || d.S.HasText(Cues.Both)) && (!d.S.HasGroupScope || d.S.HasText(Cues.Both)) && d.State.Recent.Count >= 2
            && (d.Analytic is null or "top_units" || d.S.HasText(Cues.Both))
                ? p.Compare(d.State.Recent.Take(2).Reverse().ToList(), d.S, d.State, inherit: true) : null),
        // "อันดับรวม", "ปี 66 ล่ะ" after a comparison: the same units compared again with what changed (convention 8).
        Rule("compare: the same units again", (p, d) =>
            d.PreviousFunction == "compare_units" && d.Analytic is null && d.UnitFunction is null or "unit_rank" or "unit_profile" && !d.S.HasGroupScope && d.S.HasAnySlot
                ? p.FollowUpCompare(d.S, d.State) : null),
        // "แล้วทั้งประเทศล่ะ", "nationwide?" right after a rank or a comparison with a group: the same question, over everyone.
        Rule("unit: the same rank or comparison over everyone", (p, d) =>
            d.Focus is { } focus && d.UnitFunction is null && d.PreviousFunction is "unit_rank" or "unit_vs_group" && d.S.Has(Cues.ScopeAll)
            && d.S.PopulationWord is null && !d.ReportAsked
                ? p.UnitCall(d.PreviousFunction!, focus, d.S, d.State, inherit: true) : null),
        // "ขอดูอันดับทั้งประเทศด้วย", "เทียบกับค่าเฉลี่ยกระทรวงล่ะ" after a unit: a scope word keeps the unit (it names the group the
        // unit is ranked or compared in, not a new population to list).
        Rule("unit: a scope word keeps the unit", (p, d) =>
            d.Focus is { } focus && (d.S.PopulationWord is null || d.S.Has(Cues.ScopeAll)) && !d.ReportAsked && d.S.UnknownUnitPhrase is null
            && (d.UnitFunction == "unit_rank" && d.S.Has(Cues.ScopeAll)
                || d.UnitFunction == "unit_vs_group" && (d.S.Has(Cues.Compare) || d.S.Has(Cues.Peers) || d.S.Has(Cues.ScopeAll)))
                ? p.UnitCall(d.UnitFunction, focus, d.S, d.State, inherit: true) : null),
        // "แล้วในกระทรวงล่ะ", "แล้วในภาคล่ะ" right after a unit: a group named as a scope, with nothing else asked, is where the unit
        // ranks (convention 17), not a new list of that group.
        Rule("unit: a scope alone ranks the unit in focus", (p, d) =>
            d.Focus is { } focus && d.UnitFunction is null && d.Analytic is null or "level_distribution" or "list_units" && d.S.IsFollowUp
            && d.S.PopulationWord is null && d.S.Levels.Count == 0 && !d.ReportAsked && d.PreviousFunction is { } previous && IsUnitFunction(previous)
            && previous != "unit_rank" && (d.S.Has(Cues.ScopeMinistry) || d.S.Has(Cues.ScopeRegion) || d.S.Has(Cues.ScopeType) || d.S.Has(Cues.ScopeMission))
                ? p.UnitCall("unit_rank", focus, d.S, d.State, inherit: true) : null),
        // "แล้วอันดับล่ะ", "ควรปรับอะไรก่อน": the unit in focus, unless the question is plainly about a group.
        Rule("unit: a follow-up on the unit in focus", (p, d) =>
            d.Focus is { } focus && d.UnitFunction is { } function && !d.S.HasGroupScope && !d.ReportAsked
            && (d.Analytic is null || function != "unit_profile" && (d.Analytic is not ("recommendations" or "describe") || d.DescribedOnlyByAsk || d.GapsOverGenericDescribe)
                || d.Analytic is "published_figure" && d.S.IsFollowUp && !d.S.Has(Cues.Count))
                ? p.UnitCall(function, focus, d.S, d.State, inherit: true) : null),

        // ---- follow-ups that change the previous question ("ปีที่แล้วล่ะ", "แล้วในภาคเหนือล่ะ", "เฉพาะรัฐวิสาหกิจ")
        Adjust("follow-up: an ask word alone is no description", d =>
        {
            if (d.FollowUp && d.Analytic == "describe" && !d.S.Has(Cues.Describe) && !d.S.Has(Cues.FrameworkQuestion)) d.Analytic = null;
        }),
        // "แยกรายภาค" after a distribution: the same distribution grouped by region (group_by is only the distribution's).
        Adjust("follow-up: a grouping splits the previous question", d =>
        {
            if (d.FollowUp && d.Analytic is null && SplitsPrevious(d.S, d.PreviousFunction)) d.Analytic = "level_distribution";
        }),
        // "แล้วระดับ 1 ล่ะ", "สูงสุดล่ะ" after a group statistic: the same statistic of another level, or another statistic.
        Adjust("follow-up: a short turn after a group statistic keeps it", d =>
        {
            if (d.FollowUp && d.S.IsFollowUp && d.PreviousFunction == "group_summary" && d.Analytic is "list_units" or "top_units"
                && !d.S.Has(Cues.List) && d.S.PopulationWord is null && d.S.N is null)
                d.Analytic = null;
        }),
        // "แล้วระดับ 4 ล่ะ" after "ระดับ 3 หมายถึงอะไร" asks the same about level 4.
        Rule("describe: the same about another level or pillar", (p, d) =>
        {
            var s = d.S;
            if (!(d.FollowUp && d.PreviousFunction == "describe" && (s.Levels.Count > 0 || s.Pillar is not null || s.SubIndicator is not null) && !s.HasGroupScope && !s.Has(Cues.Count)))
                return null;
            var args = new Dictionary<string, object?>();
            AddDescribe(args, s);
            return Call("describe", args, []);
        }),
        // "ส่วนกรมที่มี DCIO ล่ะ" after a report figure asks the report the same about another topic or population, not an item's share.
        Adjust("follow-up: the report again about another topic", d =>
        {
            var s = d.S;
            if (d.FollowUp && s.IsFollowUp && d.PreviousFunction == "published_figure" && (s.FigureTopic is not null || s.FigurePopulation is not null)
                && d.Analytic is null or "item_statistic" or "level_distribution" && (s.Item is null || s.ItemFromTopic))
                d.Analytic = "published_figure";
        }),
        // A topic word in a follow-up ("ด้านไซเบอร์ล่ะ") changes the previous question's topic; it is not a question about the report.
        // A figure only the report has (the response rate, IT headcounts, obstacles) is a new question, not a topic for the list before it.
        Adjust("follow-up: a topic word changes the previous question's topic", d =>
        {
            var s = d.S;
            if (d.FollowUp && d.Analytic == "published_figure" && !d.ReportAsked && d.PreviousFunction is not ("published_figure" or null)
                && (s.FigureTopicIsFramework || s.IsFollowUp && s.Q.Compact.Length <= 20))
                d.Analytic = null;
        }),
        // A new group question right after another continues it unless it names another population: "เรียงจากดีสุด 5 อันดับ"
        // after "จังหวัดอีสาน..." keeps the provinces of the north-east.
        Adjust("follow-up: a group question continues the one before", d =>
        {
            if (!d.FollowUp && d.Analytic is { } analytic && Continues(analytic) && d.PreviousFunction is { } pf && Continues(pf)
                && (d.S.PopulationWord is null || d.State.Arguments.TryGetValue("population", out var pp) && Equals(pp, d.S.PopulationWord)))
                d.FollowUp = true;
        }),
        Rule("follow-up: the previous question with what this one changes", (p, d) =>
        {
            var previous = d.PreviousFunction;
            if (!d.FollowUp || !(d.Analytic is null || IsGroupFunction(d.Analytic) && IsGroupFunction(previous!))) return null;
            if (d.Analytic is null && IsUnitFunction(previous) && d.Focus is { } focus)
            {
                if (d.S.Region is not null && previous == "unit_rank") d.S.ScopeOverride = "region";
                return p.UnitCall(previous!, focus, d.S, d.State, inherit: true);
            }
            if (d.Analytic is null && previous == "compare_units") return p.FollowUpCompare(d.S, d.State);
            return d.Analytic is null || previous != "compare_units" && !IsUnitFunction(previous) ? p.Reuse(d.Analytic ?? previous!, d.S, d.State) : null;
        }),

        // ---- new questions about groups, the report and the framework
        Rule("group: a question about units in bulk, the report or the framework", (p, d) =>
            d.Analytic is { } analytic ? p.AnalyticsCall(analytic, d.S, d.State, carry: d.FollowUp && d.S.IsFollowUp) : null),
        Rule("unit: slots about the unit in focus", (p, d) => d.Focus is { } focus && d.S.HasAnySlot && !d.S.HasGroupScope
            ? p.UnitCall("unit_profile", focus, d.S, d.State, inherit: true) : null),
        Rule("describe: a pillar, sub-indicator or level alone", (_, d) =>
        {
            if (d.S.Pillar is null && d.S.SubIndicator is null && d.S.Levels.Count == 0) return null;
            var args = new Dictionary<string, object?>();
            AddDescribe(args, d.S);
            return Call("describe", args, []);
        }),
        Rule("greeting: nothing else", (_, d) => d.S.IsGreeting ? Intent("greeting") : null),
        Rule("out_of_scope: nothing matched", (_, _) => Intent("out_of_scope")),
    ];
}
