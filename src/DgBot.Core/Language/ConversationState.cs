using DgBot.Core.Queries;

namespace DgBot.Core.Language;

/// <summary>
/// What a conversation remembers between questions (DESIGN §5): the last function and its resolved arguments, so a
/// follow-up ("แล้วปีที่แล้วล่ะ", "เทียบกับลำพูน", "แล้วในภาคเหนือล่ะ") changes only what it names; the unit in focus; the user's
/// own unit from set_context ("หน่วยงานของฉัน"); and the question waiting for a choice after a clarify.
/// </summary>
public sealed record ConversationState
{
    public static ConversationState Empty { get; } = new();

    public string? Function { get; init; }
    /// <summary>The last intent of any kind (subscribe_alerts, clarify...), for "ยกเลิกอันเมื่อกี้".</summary>
    public string? LastIntent { get; init; }
    public IReadOnlyDictionary<string, object?> Arguments { get; init; } = new Dictionary<string, object?>();
    public UnitRef? Focus { get; init; }
    public UnitRef? MyUnit { get; init; }
    /// <summary>Units talked about, most recent first (for "ใครดีกว่า" after two profiles).</summary>
    public IReadOnlyList<UnitRef> Recent { get; init; } = [];
    /// <summary>The question that needed a clarification, and the units offered, so "อันแรก" or a name picks one.</summary>
    public string? PendingQuestion { get; init; }
    /// <summary>The words in <see cref="PendingQuestion"/> that needed the choice; the chosen unit's name replaces them.</summary>
    public string? PendingSubject { get; init; }
    public IReadOnlyList<UnitRef> PendingCandidates { get; init; } = [];
    /// <summary>The scope of the last subscribe_alerts (ministry, region, min_probability), so "เฉพาะกระทรวงการคลังนะ" right after it
    /// narrows that subscription instead of starting a new question.</summary>
    public IReadOnlyDictionary<string, object?>? Subscription { get; init; }

    /// <summary>The state after answering <paramref name="parsed"/> (asked as <paramref name="text"/>): one rule for every host.</summary>
    public ConversationState After(ParsedQuestion parsed, string text) => Next(parsed, text) with { LastIntent = parsed.Intent };

    private ConversationState Next(ParsedQuestion parsed, string text)
    {
        if (parsed.IsFunction)
        {
            var focus = parsed.Intent == "compare_units" ? Focus ?? parsed.Units.FirstOrDefault() : parsed.Units.FirstOrDefault() ?? Focus;
            return this with
            {
                Function = parsed.Intent, Arguments = parsed.Arguments, Focus = focus, PendingQuestion = null, PendingSubject = null, PendingCandidates = [],
                Recent = parsed.Intent == "compare_units" ? Recent : parsed.Units.Concat(Recent).DistinctBy(u => u.Id).Take(5).ToList(),
            };
        }
        // After "กทม.ได้อันดับเท่าไหร่" (not surveyed) the question asked stays the one a follow-up continues.
        var asked = parsed.Asked is { } a ? this with { Function = a.Intent, Arguments = a.Arguments } : this;
        return (parsed.Intent, parsed.Reason) switch
        {
            ("set_context", _) => this with { MyUnit = parsed.Units[0], Focus = parsed.Units[0] },
            ("subscribe_alerts", _) => this with { Subscription = parsed.Arguments },
            ("unsubscribe_alerts", _) => this with { Subscription = null },
            ("clarify", "bangkok" or "not_surveyed") => asked,
            ("clarify", "ambiguous" or "unknown_unit") => asked with
            {
                PendingQuestion = parsed.Candidates.Count > 0 ? text : null,
                PendingSubject = parsed.Subject,
                PendingCandidates = parsed.Candidates,
            },
            _ => this,
        };
    }
}
