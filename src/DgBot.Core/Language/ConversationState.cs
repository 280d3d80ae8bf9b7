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
        return (parsed.Intent, parsed.Reason) switch
        {
            ("set_context", _) => this with { MyUnit = parsed.Units[0], Focus = parsed.Units[0] },
            ("clarify", "ambiguous" or "unknown_unit") => this with
            {
                PendingQuestion = parsed.Candidates.Count > 0 ? text : null,
                PendingSubject = parsed.Subject,
                PendingCandidates = parsed.Candidates,
            },
            _ => this,
        };
    }
}
