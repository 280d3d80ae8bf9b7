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
    public IReadOnlyDictionary<string, object?> Arguments { get; init; } = new Dictionary<string, object?>();
    public UnitRef? Focus { get; init; }
    public UnitRef? MyUnit { get; init; }
    /// <summary>The question that needed a clarification, and the units offered, so "อันแรก" or a name picks one.</summary>
    public string? PendingQuestion { get; init; }
    /// <summary>The words in <see cref="PendingQuestion"/> that needed the choice; the chosen unit's name replaces them.</summary>
    public string? PendingSubject { get; init; }
    public IReadOnlyList<UnitRef> PendingCandidates { get; init; } = [];
}
